/**
 * The backward pass of an activation y = act(z), written once from ops so that a new
 * backend only writes forward kernels (as tfjs `gradients/Relu_grad.ts`).
 */
import type { Activation } from '../backend';
import { matmul, mul, reshape, sigmoidGrad, sub, sum, reluGrad, tanhGrad } from '../ops';
import type { Tensor } from '../tensor';

/**
 * An elementwise activation given as plain functions, e.g. one a learner types in:
 * f is the activation, df its derivative, both functions of the input z.
 */
export interface ElementwiseActivation {
  readonly name: string;
  readonly f: (z: number) => number;
  readonly df: (z: number) => number;
}

export type ActivationFunction = Activation | ElementwiseActivation;

/** f applied to every value of x (a plain loop: a learner's function cannot become a kernel). */
export function mapValues(x: Tensor, f: (v: number) => number): Tensor {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]);
  return { data: out, shape: [...x.shape] };
}

/**
 * d loss / d z, given z (the activation's input), y = act(z) and dy = d loss / d y.
 * Softmax couples a row's outputs: dz_i = y_i (dy_i - sum_j dy_j y_j).
 */
export async function activationGrad(activation: ActivationFunction, z: Tensor, y: Tensor, dy: Tensor): Promise<Tensor> {
  if (typeof activation !== 'string') return mul(dy, mapValues(z, activation.df));
  switch (activation) {
    case 'linear':
      return dy;
    case 'sigmoid':
      return mul(dy, await sigmoidGrad(z));
    case 'tanh':
      return mul(dy, await tanhGrad(z));
    case 'relu':
      return mul(dy, await reluGrad(z));
    case 'softmax':
      return softmaxGrad(y, dy);
  }
}

async function softmaxGrad(y: Tensor, dy: Tensor): Promise<Tensor> {
  const classes = y.shape[y.shape.length - 1];
  const y2 = reshape(y, [-1, classes]);
  const dy2 = reshape(dy, [-1, classes]);
  const rows = y2.shape[0];
  // broadcasting repeats over leading axes only, so a per-row value is spread across
  // its row by an outer product with ones: [rows, 1] @ [1, classes]
  const dots = reshape(await sum(await mul(dy2, y2), -1), [rows, 1]);
  const ones = { data: new Float32Array(classes).fill(1), shape: [1, classes] };
  const spread = await matmul(dots, ones);
  return reshape(await mul(y2, await sub(dy2, spread)), y.shape);
}
