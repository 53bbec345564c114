import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';
import { slideConstants, type SlideConstants } from './slideConstants';

export interface PoolConstants extends SlideConstants {
  c: number;
  ph: number;
  pw: number;
}

export function poolConstants(xShape: readonly number[], options: Pool2dOptions): PoolConstants {
  const [ph, pw] = options.poolSize;
  return { ...slideConstants(xShape, options.poolSize, options), c: xShape[3], ph, pw };
}

export function poolKey(name: string, n: number, p: PoolConstants): string {
  return `${name}:${n}:${p.h}x${p.w}x${p.c}:${p.ph}x${p.pw}:${p.sh}x${p.sw}:${p.padTop},${p.padLeft}`;
}

/**
 * x = channel, y = output column, z = image * outH + output row. Padding positions
 * are skipped (not read as 0), and the strict > keeps the first maximum in row-major
 * order, as in the reference, so the gradient can find the same position.
 */
function maxPoolCell(this: KernelThis<PoolConstants>, x: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.outH);
  const oy = this.thread.z - b * this.constants.outH;
  const ox = this.thread.y;
  let best = 0;
  let found = 0;
  for (let ky = 0; ky < this.constants.ph; ky++) {
    const iy = oy * this.constants.sh + ky - this.constants.padTop;
    for (let kx = 0; kx < this.constants.pw; kx++) {
      const ix = ox * this.constants.sw + kx - this.constants.padLeft;
      if (iy >= 0 && iy < this.constants.h && ix >= 0 && ix < this.constants.w) {
        const v = x[((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.c + this.thread.x];
        if (found === 0 || v > best) {
          best = v;
          found = 1;
        }
      }
    }
  }
  return best;
}

/** x [n, h, w, c] -> [n, oh, ow, c], the maximum of each window. */
export async function maxPool2d(cache: KernelCache, x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const n = x.shape[0];
  const p = poolConstants(x.shape, options);
  const size = n * p.outH * p.outW * p.c;
  const data = await cache.run(
    poolKey('maxPool2d', n, p),
    () => ({ source: maxPoolCell, output: [p.c, p.outW, n * p.outH], constants: { ...p } }),
    [x.data],
    size
  );
  return { data, shape: [n, p.outH, p.outW, p.c] };
}
