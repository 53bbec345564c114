import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';
import { poolConstants, poolKey, type PoolConstants } from './maxPool2d';

interface PoolBackConstants extends PoolConstants {
  /** the most windows that can cover one input position along each axis: ceil(pool / stride) */
  wy: number;
  wx: number;
}

/**
 * Gather form of the reference's scatter: each input cell (x = channel, y = column,
 * z = image * h + row) visits only the windows that cover it, finds each window's
 * first maximum exactly as maxPool2d does, and collects that window's dy when the
 * maximum is this cell. Overlapping windows add up.
 */
function maxPoolBackCell(this: KernelThis<PoolBackConstants>, dy: Float32Array, x: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.h);
  const iy = this.thread.z - b * this.constants.h;
  const ix = this.thread.y;
  const ch = this.thread.x;
  // the last window starting at or before this row: oy * sh - padTop <= iy
  const lastOy = Math.floor((iy + this.constants.padTop + 0.5) / this.constants.sh);
  const lastOx = Math.floor((ix + this.constants.padLeft + 0.5) / this.constants.sw);
  let sum = 0;
  for (let dyi = 0; dyi < this.constants.wy; dyi++) {
    const oy = lastOy - dyi;
    // window oy covers rows oy * sh - padTop .. + ph - 1
    if (oy >= 0 && oy < this.constants.outH && oy * this.constants.sh - this.constants.padTop + this.constants.ph > iy) {
      for (let dxi = 0; dxi < this.constants.wx; dxi++) {
        const ox = lastOx - dxi;
        if (ox >= 0 && ox < this.constants.outW && ox * this.constants.sw - this.constants.padLeft + this.constants.pw > ix) {
          let best = 0;
          let bestY = -1;
          let bestX = -1;
          for (let ky = 0; ky < this.constants.ph; ky++) {
            const y = oy * this.constants.sh + ky - this.constants.padTop;
            for (let kx = 0; kx < this.constants.pw; kx++) {
              const xx = ox * this.constants.sw + kx - this.constants.padLeft;
              if (y >= 0 && y < this.constants.h && xx >= 0 && xx < this.constants.w) {
                const v = x[((b * this.constants.h + y) * this.constants.w + xx) * this.constants.c + ch];
                if (bestY < 0 || v > best) {
                  best = v;
                  bestY = y;
                  bestX = xx;
                }
              }
            }
          }
          if (bestY === iy && bestX === ix) sum += dy[((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.c + ch];
        }
      }
    }
  }
  return sum;
}

/** Routes dy [n, oh, ow, c] back to each window's (first) maximum in x [n, h, w, c]. */
export async function maxPool2dBackprop(cache: KernelCache, dy: Tensor, x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const n = x.shape[0];
  const base = poolConstants(x.shape, options);
  const p: PoolBackConstants = { ...base, wy: Math.ceil(base.ph / base.sh), wx: Math.ceil(base.pw / base.sw) };
  const size = n * p.h * p.w * p.c;
  const data = await cache.run(
    poolKey('maxPool2dBackprop', n, p),
    () => ({ source: maxPoolBackCell, output: [p.c, p.w, n * p.h], constants: { ...p } }),
    [dy.data, x.data],
    size
  );
  return { data, shape: [...x.shape] };
}
