import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';

/**
 * d loss / d kernel for conv2d, given the layer's input x and dy = d loss / d out:
 *   dk[ky, kx, ci, co] = sum over b, oy, ox of x[b, iy, ix, ci] * dy[b, oy, ox, co]
 * with iy, ix as in conv2d (padding contributes 0).
 */
export async function conv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  kernelShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const [n, h, w, inC] = x.shape;
  const [kh, kw, , outC] = kernelShape;
  const [sh, sw] = options.strides;
  const { outH, outW, padTop, padLeft } = windowGeometry(h, w, kh, kw, options.strides, options.padding);
  const X = x.data;
  const DY = dy.data;
  const dk = new Float64Array(kh * kw * inC * outC);

  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const dyBase = ((b * outH + oy) * outW + ox) * outC;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw + kx - padLeft;
            if (ix < 0 || ix >= w) continue;
            const xBase = ((b * h + iy) * w + ix) * inC;
            const kBase = (ky * kw + kx) * inC * outC;
            for (let ci = 0; ci < inC; ci++) {
              const xv = X[xBase + ci];
              if (xv === 0) continue;
              const kRow = kBase + ci * outC;
              for (let co = 0; co < outC; co++) dk[kRow + co] += xv * DY[dyBase + co];
            }
          }
        }
      }
    }
  }
  return { data: Float32Array.from(dk), shape: [...kernelShape] };
}
