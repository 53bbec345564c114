/**
 * Output size and padding of a sliding window (convolution or pooling), with the
 * TensorFlow/Keras rules, so every backend and every op agree on one geometry.
 */
import type { Padding } from './backend';

export interface WindowGeometry {
  /** output height and width */
  outH: number;
  outW: number;
  /** rows and columns of zero (or ignored) padding before the input */
  padTop: number;
  padLeft: number;
}

/** Output length along one axis: 'same' -> ceil(in / stride), 'valid' -> floor((in - k) / stride) + 1. */
export function windowOutputSize(inSize: number, k: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(inSize / stride) : Math.floor((inSize - k) / stride) + 1;
}

/** Padding before the input along one axis; 'same' puts the odd extra pixel after, as TensorFlow does. */
export function windowPadBefore(inSize: number, k: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + k - inSize, 0);
  return Math.floor(total / 2);
}

/** Geometry of a [kh, kw] window sliding over an [h, w] image. Assumes the inputs were checked (see ops.ts). */
export function windowGeometry(
  h: number,
  w: number,
  kh: number,
  kw: number,
  strides: readonly [number, number],
  padding: Padding
): WindowGeometry {
  return {
    outH: windowOutputSize(h, kh, strides[0], padding),
    outW: windowOutputSize(w, kw, strides[1], padding),
    padTop: windowPadBefore(h, kh, strides[0], padding),
    padLeft: windowPadBefore(w, kw, strides[1], padding)
  };
}
