import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { windowGeometry } from '../../windowGeometry';
import { forEachTap } from './windowTaps';

/**
 * d loss / d x for conv2d, given dy = d loss / d out [n, oh, ow, outC]. Each output
 * position sends dy back along the same window it read from:
 *   dx[b, iy, ix, ci] += dy[b, oy, ox, co] * kernel[ky, kx, ci, co]
 * for every (oy, ox, ky, kx) with iy = oy * sh + ky - padTop, ix = ox * sw + kx - padLeft
 * inside the image. Padding positions receive nothing.
 */
export async function conv2dBackpropInput(
  dy: Tensor,
  kernel: Tensor,
  xShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const [n, h, w, inC] = xShape;
  const [kh, kw, , outC] = kernel.shape;
  const geometry = windowGeometry(h, w, kh, kw, options.strides, options.padding);
  const DY = dy.data;
  const K = kernel.data;
  const dx = new Float64Array(n * h * w * inC);
  forEachTap(xShape, kernel.shape, options.strides, geometry, (position, pixel, tap) => {
    const dyBase = position * outC;
    const xBase = pixel * inC;
    for (let ci = 0; ci < inC; ci++) {
      const kRow = (tap * inC + ci) * outC;
      let s = 0;
      for (let co = 0; co < outC; co++) s += DY[dyBase + co] * K[kRow + co];
      dx[xBase + ci] += s;
    }
  });
  return { data: Float32Array.from(dx), shape: [...xShape] };
}
