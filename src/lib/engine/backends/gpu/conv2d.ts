import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';
import { slideConstants, type SlideConstants } from './slideConstants';

export interface ConvConstants extends SlideConstants {
  inC: number;
  outC: number;
  kh: number;
  kw: number;
}

export function convConstants(xShape: readonly number[], kernelShape: readonly number[], options: Conv2dOptions): ConvConstants {
  const [kh, kw, , outC] = kernelShape;
  return { ...slideConstants(xShape, [kh, kw], options), inC: xShape[3], outC, kh, kw };
}

export function convKey(name: string, n: number, c: ConvConstants): string {
  return `${name}:${n}:${c.h}x${c.w}x${c.inC}:${c.kh}x${c.kw}x${c.outC}:${c.sh}x${c.sw}:${c.padTop},${c.padLeft}`;
}

/**
 * One output cell per thread: x = output channel, y = output column, z = image * outH
 * + output row. Only the kernel read depends on x, so on webasm the image reads are
 * shared by the SIMD lanes. (z + 0.5) / outH keeps the division exact on GPUs whose
 * float division of integers lands just below a whole number.
 */
function conv2dCell(this: KernelThis<ConvConstants>, x: Float32Array, kernel: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.outH);
  const oy = this.thread.z - b * this.constants.outH;
  const ox = this.thread.y;
  const co = this.thread.x;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kh; ky++) {
    const iy = oy * this.constants.sh + ky - this.constants.padTop;
    if (iy >= 0 && iy < this.constants.h) {
      for (let kx = 0; kx < this.constants.kw; kx++) {
        const ix = ox * this.constants.sw + kx - this.constants.padLeft;
        if (ix >= 0 && ix < this.constants.w) {
          const xBase = ((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.inC;
          const kBase = (ky * this.constants.kw + kx) * this.constants.inC * this.constants.outC + co;
          for (let ci = 0; ci < this.constants.inC; ci++) {
            sum += x[xBase + ci] * kernel[kBase + ci * this.constants.outC];
          }
        }
      }
    }
  }
  return sum;
}

/** x [n, h, w, inC] * kernel [kh, kw, inC, outC] -> [n, oh, ow, outC], cross-correlation as Keras. */
export async function conv2d(cache: KernelCache, x: Tensor, kernel: Tensor, options: Conv2dOptions): Promise<Tensor> {
  const n = x.shape[0];
  const c = convConstants(x.shape, kernel.shape, options);
  const size = n * c.outH * c.outW * c.outC;
  const data = await cache.run(
    convKey('conv2d', n, c),
    () => ({ source: conv2dCell, output: [c.outC, c.outW, n * c.outH], constants: { ...c } }),
    [x.data, kernel.data],
    size
  );
  return { data, shape: [n, c.outH, c.outW, c.outC] };
}
