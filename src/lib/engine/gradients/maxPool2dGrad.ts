/** The backward pass of max pooling, from ops: each window's gradient goes to its maximum. */
import { maxPool2dBackprop, type Pool2dArgs } from '../ops';
import type { Tensor } from '../tensor';

/** d loss / d x, given x [n, h, w, c] and dy = d loss / d y [n, oh, ow, c]. */
export function maxPool2dGrad(x: Tensor, dy: Tensor, args: Pool2dArgs): Promise<Tensor> {
  return maxPool2dBackprop(dy, x, args);
}
