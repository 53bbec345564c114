import type { Activation } from '../../backend';
import type { Tensor } from '../../tensor';
import { binary } from './binary';
import { matmul } from './matmul';
import { softmax } from './softmax';
import { unary } from './unary';

/** act(x @ w + b), composed from the reference kernels: the definition a fused kernel must match. */
export async function dense(x: Tensor, w: Tensor, b: Tensor, activation: Activation): Promise<Tensor> {
  const z = await binary('add', await matmul(x, w), b);
  switch (activation) {
    case 'linear':
      return z;
    case 'softmax':
      return softmax(z);
    default:
      return unary(activation, z);
  }
}
