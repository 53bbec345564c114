import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { convConstants, convKey, type ConvConstants } from './conv2d';
import type { KernelCache, KernelThis } from './kernelCache';

interface FilterConstants extends ConvConstants {
  n: number;
}

/**
 * One kernel tap per thread (x = output channel, y = input channel, z = ky * kw + kx),
 * summing x * dy over every image and output position. Only the dy read depends on x,
 * so on webasm the image reads are shared by the SIMD lanes.
 */
function backpropFilterCell(this: KernelThis<FilterConstants>, x: Float32Array, dy: Float32Array): number {
  const ky = Math.floor((this.thread.z + 0.5) / this.constants.kw);
  const kx = this.thread.z - ky * this.constants.kw;
  const ci = this.thread.y;
  const co = this.thread.x;
  let sum = 0;
  for (let b = 0; b < this.constants.n; b++) {
    for (let oy = 0; oy < this.constants.outH; oy++) {
      const iy = oy * this.constants.sh + ky - this.constants.padTop;
      if (iy >= 0 && iy < this.constants.h) {
        for (let ox = 0; ox < this.constants.outW; ox++) {
          const ix = ox * this.constants.sw + kx - this.constants.padLeft;
          if (ix >= 0 && ix < this.constants.w) {
            sum += x[((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.inC + ci] * dy[((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.outC + co];
          }
        }
      }
    }
  }
  return sum;
}

/** d loss / d kernel of conv2d, given its input x and dy [n, oh, ow, outC]. */
export async function conv2dBackpropFilter(
  cache: KernelCache,
  x: Tensor,
  dy: Tensor,
  kernelShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const n = x.shape[0];
  const c: FilterConstants = { ...convConstants(x.shape, kernelShape, options), n };
  const size = c.kh * c.kw * c.inC * c.outC;
  const data = await cache.run(
    convKey('conv2dBackpropFilter', n, c),
    () => ({ source: backpropFilterCell, output: [c.outC, c.inC, c.kh * c.kw], constants: { ...c } }),
    [x.data, dy.data],
    size
  );
  return { data, shape: [...kernelShape] };
}
