import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';

/**
 * Visits each pooling window of channel c of image b and calls visit(offset of the
 * window's first maximum in x, output offset). Padding positions are skipped, not
 * read as 0, as in TensorFlow; ties go to the first maximum in row-major order.
 * Shared by the forward pass and its gradient so the two can never disagree.
 */
export function forEachWindowMax(
  x: Tensor,
  options: Pool2dOptions,
  visit: (xOffset: number, outOffset: number) => void
): [number, number, number, number] {
  const [n, h, w, c] = x.shape;
  const [ph, pw] = options.poolSize;
  const [sh, sw] = options.strides;
  const { outH, outW, padTop, padLeft } = windowGeometry(h, w, ph, pw, options.strides, options.padding);
  const X = x.data;

  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = Math.max(oy * sh - padTop, 0);
      const y1 = Math.min(oy * sh - padTop + ph, h);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = Math.max(ox * sw - padLeft, 0);
        const x1 = Math.min(ox * sw - padLeft + pw, w);
        const outBase = ((b * outH + oy) * outW + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -1;
          let bestValue = -Infinity;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const at = ((b * h + iy) * w + ix) * c + ch;
              // strict > keeps the first maximum; best < 0 takes the first value even if it is -Infinity or NaN
              if (best < 0 || X[at] > bestValue) {
                best = at;
                bestValue = X[at];
              }
            }
          }
          visit(best, outBase + ch);
        }
      }
    }
  }
  return [n, outH, outW, c];
}

/** x [n, h, w, c] -> [n, oh, ow, c], the maximum of each window. */
export async function maxPool2d(x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const [n, h, w, c] = x.shape;
  const { outH, outW } = windowGeometry(h, w, options.poolSize[0], options.poolSize[1], options.strides, options.padding);
  const out = new Float32Array(n * outH * outW * c);
  const X = x.data;
  const shape = forEachWindowMax(x, options, (xOffset, outOffset) => {
    out[outOffset] = X[xOffset];
  });
  return { data: out, shape };
}
