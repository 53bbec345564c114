import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { convConstants, convKey, type ConvConstants } from './conv2d';
import type { KernelCache, KernelThis } from './kernelCache';

/**
 * Gather form of the reference's scatter: each input cell (x = channel, y = column,
 * z = image * h + row) sums the dy of every output position whose window covered it,
 * weighted by the kernel tap that linked them. An output row oy covers input row iy
 * through tap ky when oy * sh = iy + padTop - ky; the + 0.5 keeps that test exact
 * under float division.
 */
function backpropInputCell(this: KernelThis<ConvConstants>, dy: Float32Array, kernel: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.h);
  const iy = this.thread.z - b * this.constants.h;
  const ix = this.thread.y;
  const ci = this.thread.x;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kh; ky++) {
    const ty = iy + this.constants.padTop - ky;
    const oy = Math.floor((ty + 0.5) / this.constants.sh);
    if (ty >= 0 && oy * this.constants.sh === ty && oy < this.constants.outH) {
      for (let kx = 0; kx < this.constants.kw; kx++) {
        const tx = ix + this.constants.padLeft - kx;
        const ox = Math.floor((tx + 0.5) / this.constants.sw);
        if (tx >= 0 && ox * this.constants.sw === tx && ox < this.constants.outW) {
          const dyBase = ((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.outC;
          const kBase = ((ky * this.constants.kw + kx) * this.constants.inC + ci) * this.constants.outC;
          for (let co = 0; co < this.constants.outC; co++) {
            sum += dy[dyBase + co] * kernel[kBase + co];
          }
        }
      }
    }
  }
  return sum;
}

/** d loss / d x of conv2d, given dy [n, oh, ow, outC]. */
export async function conv2dBackpropInput(
  cache: KernelCache,
  dy: Tensor,
  kernel: Tensor,
  xShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const n = xShape[0];
  const c = convConstants(xShape, kernel.shape, options);
  const size = n * c.h * c.w * c.inC;
  const data = await cache.run(
    convKey('conv2dBackpropInput', n, c),
    () => ({ source: backpropInputCell, output: [c.inC, c.w, n * c.h], constants: { ...c } }),
    [dy.data, kernel.data],
    size
  );
  return { data, shape: [...xShape] };
}
