import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';
import { forEachTap } from './windowTaps';

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
  const [, h, w, inC] = x.shape;
  const [kh, kw, , outC] = kernelShape;
  const geometry = windowGeometry(h, w, kh, kw, options.strides, options.padding);
  const X = x.data;
  const DY = dy.data;
  const dk = new Float64Array(kh * kw * inC * outC);
  forEachTap(x.shape, kernelShape, options.strides, geometry, (position, pixel, tap) => {
    const dyBase = position * outC;
    const xBase = pixel * inC;
    for (let ci = 0; ci < inC; ci++) {
      const xv = X[xBase + ci];
      if (xv === 0) continue;
      const kRow = (tap * inC + ci) * outC;
      for (let co = 0; co < outC; co++) dk[kRow + co] += xv * DY[dyBase + co];
    }
  });
  return { data: Float32Array.from(dk), shape: [...kernelShape] };
}
