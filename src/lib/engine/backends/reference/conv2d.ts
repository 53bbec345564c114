import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';

/**
 * x [n, h, w, inC] * kernel [kh, kw, inC, outC] -> [n, oh, ow, outC]: cross-correlation
 * (the kernel is not flipped), NHWC, zero padding, as Keras Conv2D.
 *
 * out[b, oy, ox, co] = sum over ky, kx, ci of
 *   x[b, oy * sh + ky - padTop, ox * sw + kx - padLeft, ci] * kernel[ky, kx, ci, co]
 * where positions outside the image read as 0.
 */
export async function conv2d(x: Tensor, kernel: Tensor, options: Conv2dOptions): Promise<Tensor> {
  const [n, h, w, inC] = x.shape;
  const [kh, kw, , outC] = kernel.shape;
  const [sh, sw] = options.strides;
  const { outH, outW, padTop, padLeft } = windowGeometry(h, w, kh, kw, options.strides, options.padding);
  const X = x.data;
  const K = kernel.data;
  const out = new Float32Array(n * outH * outW * outC);
  const acc = new Float64Array(outC);

  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        acc.fill(0);
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
              const kRow = kBase + ci * outC;
              for (let co = 0; co < outC; co++) acc[co] += xv * K[kRow + co];
            }
          }
        }
        out.set(acc, ((b * outH + oy) * outW + ox) * outC);
      }
    }
  }
  return { data: out, shape: [n, outH, outW, outC] };
}
