/**
 * The elementwise calls of a compiled step on device arrays (PlanKernels.biasActivation,
 * activationGrad, multiply, the optimizer updates), plus the upload of a batch and the
 * gathers the other kernels need. One thread per output cell. An update that writes
 * two or three arrays (momentum, Adam, Adadelta) is one kernel per array: gpu.js's
 * WebGPU backend has no kernel maps, and each pass reads a few values per cell, which
 * costs far less than the matrix products around it.
 *
 * Activation codes are plan/kernels.ts's ActivationCode: 0 linear, 1 relu, 2 sigmoid,
 * 3 tanh. sigmoid and tanh are written from exp(-|x|), which never overflows.
 */
import type { KernelSpec, KernelThis } from '../kernelCache';
import type { MatrixOutput } from './grid';

/** act(x) for an ActivationCode (a kernel constant, so the branch is the same in every thread). */
function activate(x: number, act: number): number {
  if (act === 1) return x > 0 ? x : 0;
  if (act === 2) {
    const e = Math.exp(-Math.abs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
  }
  if (act === 3) {
    const e = Math.exp(-2 * Math.abs(x));
    const t = (1 - e) / (1 + e);
    return x >= 0 ? t : -t;
  }
  return x;
}

interface ActConstants {
  act: number;
  cols: number;
}

/** out[r, j] = act(z[r, j] + bias[j]), r = thread y + z (see grid.ts). */
function biasActivationCell(this: KernelThis<ActConstants>, z: Float32Array, bias: Float32Array): number {
  return activate(z[(this.thread.y + this.thread.z) * this.constants.cols + this.thread.x] + bias[this.thread.x], this.constants.act);
}

function activationCell(this: KernelThis<ActConstants>, z: Float32Array): number {
  return activate(z[this.thread.x], this.constants.act);
}

/** dz = dy · act'(through y): relu y > 0, sigmoid y(1 − y), tanh 1 − y². */
function activationGradCell(this: KernelThis<ActConstants>, dy: Float32Array, y: Float32Array): number {
  const g = dy[this.thread.x];
  const v = y[this.thread.x];
  const act = this.constants.act;
  if (act === 1) return v > 0 ? g : 0;
  if (act === 2) return g * v * (1 - v);
  if (act === 3) return g * (1 - v * v);
  return g;
}

function multiplyCell(this: KernelThis<Record<string, never>>, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x] * b[this.thread.x];
}

/** Copies an array onto the device: the one upload of each input per step. */
function uploadCell(this: KernelThis<Record<string, never>>, x: Float32Array): number {
  return x[this.thread.x];
}

/** out[i] = x[index[i]]: max pooling's values from its argmax. */
function gatherCell(this: KernelThis<Record<string, never>>, x: Float32Array, index: Float32Array): number {
  return x[index[this.thread.x]];
}

/** w − lr·g (SGD without momentum). */
function sgdCell(this: KernelThis<Record<string, never>>, w: Float32Array, g: Float32Array, lr: number): number {
  return w[this.thread.x] - lr * g[this.thread.x];
}

/** momentum·v − lr·g (Keras's velocity). */
function velocityCell(this: KernelThis<Record<string, never>>, v: Float32Array, g: Float32Array, lr: number, momentum: number): number {
  return momentum * v[this.thread.x] - lr * g[this.thread.x];
}

function addCell(this: KernelThis<Record<string, never>>, a: Float32Array, b: Float32Array): number {
  return a[this.thread.x] + b[this.thread.x];
}

/** m + (g − m)(1 − β1), Adam's first moment. */
function momentCell(this: KernelThis<Record<string, never>>, m: Float32Array, g: Float32Array, keep: number): number {
  const old = m[this.thread.x];
  return old + (g[this.thread.x] - old) * (1 - keep);
}

/** v + (g² − v)(1 − β2), Adam's second moment. */
function squaredMomentCell(this: KernelThis<Record<string, never>>, v: Float32Array, g: Float32Array, keep: number): number {
  const old = v[this.thread.x];
  const x = g[this.thread.x];
  return old + (x * x - old) * (1 - keep);
}

/** w − alpha·m / (√v + ε), alpha carrying Adam's bias correction. */
function adamCell(this: KernelThis<Record<string, never>>, w: Float32Array, m: Float32Array, v: Float32Array, alpha: number, epsilon: number): number {
  return w[this.thread.x] - (alpha * m[this.thread.x]) / (Math.sqrt(v[this.thread.x]) + epsilon);
}

/** ρ·acc + (1 − ρ)g², Adadelta's running mean of squared gradients. */
function runningSquareCell(this: KernelThis<Record<string, never>>, acc: Float32Array, g: Float32Array, rho: number): number {
  const x = g[this.thread.x];
  return rho * acc[this.thread.x] + (1 - rho) * x * x;
}

/** Adadelta's step d = √(accDelta + ε) / √(accGrad + ε) · g, with accGrad already updated. */
function adadeltaStep(accDelta: number, accGrad: number, g: number, epsilon: number): number {
  return (Math.sqrt(accDelta + epsilon) / Math.sqrt(accGrad + epsilon)) * g;
}

function adadeltaWeightCell(
  this: KernelThis<Record<string, never>>,
  w: Float32Array,
  accDelta: Float32Array,
  accGrad: Float32Array,
  g: Float32Array,
  lr: number,
  epsilon: number
): number {
  const i = this.thread.x;
  return w[i] - lr * adadeltaStep(accDelta[i], accGrad[i], g[i], epsilon);
}

function adadeltaDeltaCell(
  this: KernelThis<Record<string, never>>,
  accDelta: Float32Array,
  accGrad: Float32Array,
  g: Float32Array,
  rho: number,
  epsilon: number
): number {
  const i = this.thread.x;
  const d = adadeltaStep(accDelta[i], accGrad[i], g[i], epsilon);
  return rho * accDelta[i] + (1 - rho) * d * d;
}

export function biasActivationSpec(rows: number, cols: number, act: number, withBias: boolean, grid: MatrixOutput): KernelSpec {
  if (!withBias) return { source: activationCell, output: [rows * cols], constants: { act, cols }, functions: [activate] };
  return { source: biasActivationCell, output: grid(cols, rows), constants: { act, cols }, functions: [activate] };
}

export function activationGradSpec(size: number, act: number): KernelSpec {
  return { source: activationGradCell, output: [size], constants: { act, cols: size } };
}

/** Elementwise kernels that need nothing but their size. */
export const elementwise = {
  multiply: multiplyCell,
  upload: uploadCell,
  gather: gatherCell,
  sgd: sgdCell,
  velocity: velocityCell,
  add: addCell,
  moment: momentCell,
  squaredMoment: squaredMomentCell,
  adam: adamCell,
  runningSquare: runningSquareCell,
  adadeltaWeight: adadeltaWeightCell,
  adadeltaDelta: adadeltaDeltaCell
} as const;

export type ElementwiseName = keyof typeof elementwise;

export function elementwiseSpec(name: ElementwiseName, size: number): KernelSpec {
  const functions = name === 'adadeltaWeight' || name === 'adadeltaDelta' ? [adadeltaStep] : undefined;
  return { source: elementwise[name], output: [size], constants: {}, ...(functions ? { functions } : {}) };
}
