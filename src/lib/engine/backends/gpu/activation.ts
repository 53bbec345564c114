/**
 * Activation codes shared by the unary kernel and the fused dense kernel. Kernels
 * branch on a code baked in as a constant, so the branch costs nothing at run time
 * and both kernels compute an activation with the very same arithmetic.
 */
import type { UnaryOp } from '../../backend';

export const unaryCodes: Record<UnaryOp, number> = {
  sigmoid: 0,
  tanh: 1,
  relu: 2,
  step: 3,
  sign: 4,
  exp: 5,
  log: 6,
  neg: 7,
  square: 8,
  sqrt: 9,
  abs: 10,
  sigmoidGrad: 11,
  tanhGrad: 12,
  reluGrad: 13
};

/** Code of "no activation" in the dense kernel. */
export const linearCode = -1;
