import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';
import { forEachTap } from './windowTaps';

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
  const geometry = windowGeometry(h, w, kh, kw, options.strides, options.padding);
  const X = x.data;
  const K = kernel.data;
  // summed in double precision, rounded once
  const out = new Float64Array(n * geometry.outH * geometry.outW * outC);
  forEachTap(x.shape, kernel.shape, options.strides, geometry, (position, pixel, tap) => {
    const outBase = position * outC;
    const xBase = pixel * inC;
    for (let ci = 0; ci < inC; ci++) {
      const xv = X[xBase + ci];
      const kRow = (tap * inC + ci) * outC;
      for (let co = 0; co < outC; co++) out[outBase + co] += xv * K[kRow + co];
    }
  });
  return { data: Float32Array.from(out), shape: [n, geometry.outH, geometry.outW, outC] };
}
