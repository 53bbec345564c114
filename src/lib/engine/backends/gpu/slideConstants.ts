import type { Padding } from '../../backend';
import { windowGeometry, type WindowGeometry } from '../../windowGeometry';

/**
 * What the convolution and pooling kernels both bake in about a window sliding over an
 * h × w image: its strides, the output size and the padding before.
 */
export interface SlideConstants extends WindowGeometry {
  h: number;
  w: number;
  sh: number;
  sw: number;
}

export function slideConstants(xShape: readonly number[], [wh, ww]: readonly number[], options: { strides: readonly [number, number]; padding: Padding }): SlideConstants {
  const [, h, w] = xShape;
  return { h, w, sh: options.strides[0], sw: options.strides[1], ...windowGeometry(h, w, wh, ww, options.strides, options.padding) };
}
