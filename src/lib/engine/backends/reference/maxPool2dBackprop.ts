import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { forEachWindowMax } from './maxPool2d';

/**
 * d loss / d x for maxPool2d: each window's dy goes to the position of its (first)
 * maximum in x; every other position gets 0. Overlapping windows add up.
 */
export async function maxPool2dBackprop(dy: Tensor, x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const dx = new Float64Array(x.data.length);
  const DY = dy.data;
  forEachWindowMax(x, options, (xOffset, outOffset) => {
    dx[xOffset] += DY[outOffset];
  });
  return { data: Float32Array.from(dx), shape: [...x.shape] };
}
