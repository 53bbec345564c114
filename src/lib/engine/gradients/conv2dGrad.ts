/**
 * The backward pass of z = conv2d(x, kernel) + bias, written once from ops (the two
 * backprop kernels are forward kernels of the backend contract in their own right).
 */
import { conv2dBackpropFilter, conv2dBackpropInput, reshape, sum, type Conv2dArgs } from '../ops';
import type { Tensor } from '../tensor';

export interface Conv2dGrads {
  /** d loss / d x, [n, h, w, inC]; null when not asked for */
  dx: Tensor | null;
  /** d loss / d kernel, [kh, kw, inC, outC] */
  dkernel: Tensor;
  /** d loss / d bias, [outC] */
  dbias: Tensor;
}

/**
 * Given x, the kernel, dz = d loss / d z [n, oh, ow, outC] and the convolution's strides and
 * padding. needDx false skips d loss / d x, which a first layer does not need.
 */
export async function conv2dGrad(x: Tensor, kernel: Tensor, dz: Tensor, args: Conv2dArgs, needDx = true): Promise<Conv2dGrads> {
  const outC = kernel.shape[3];
  const [dx, dkernel, dbias] = await Promise.all([
    needDx ? conv2dBackpropInput(dz, kernel, x.shape, args) : null,
    conv2dBackpropFilter(x, dz, kernel.shape, args),
    // one bias per output channel is added at every position of every image
    sum(reshape(dz, [-1, outC]), 0)
  ]);
  return { dx, dkernel, dbias };
}
