/**
 * The handwritten digits the convolution chapter slides its windows over: the site's
 * MNIST digits as stored (bytes), one picked by its place in the file. A learner picks
 * a digit class and flips through its examples; a link names the place.
 */
import type { MnistImages } from '$lib/datasets/mnist';
import type { Plane } from './slide';

/** The place of the digit every step opens on unless told otherwise: a 7 with a crossbar, strokes in three directions. */
export const DEFAULT_DIGIT = 7010;

/** The digit at `index` as a plane of grey levels, 0 paper .. 1 ink. */
export function digitPlane(images: MnistImages, index: number): Plane {
  const size = images.rows * images.cols;
  const values = new Float32Array(size);
  const bytes = images.pixels.subarray(index * size, (index + 1) * size);
  for (let i = 0; i < size; i++) values[i] = bytes[i] / 255;
  return { rows: images.rows, cols: images.cols, values };
}

/** A digit place the images have: `index` itself, or the default's nearest when it is out of range. */
export function clampDigit(images: MnistImages, index: number): number {
  if (Number.isInteger(index) && index >= 0 && index < images.n) return index;
  return Math.min(DEFAULT_DIGIT, images.n - 1);
}

/** Places of every example of each class, in file order: index [label] -> places. */
export function examplesByClass(images: MnistImages): number[][] {
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < images.n; i++) byClass[images.labels[i]]?.push(i);
  return byClass;
}

/**
 * The place of another example of the same class, `delta` examples on (wrapping round),
 * or of the first example of class `label` when the digit is of another class.
 */
export function nextExample(byClass: readonly (readonly number[])[], current: number, label: number, delta: number): number {
  const places = byClass[label] ?? [];
  if (places.length === 0) return current;
  const at = places.indexOf(current);
  if (at < 0) return places[0];
  return places[(((at + delta) % places.length) + places.length) % places.length];
}

/**
 * The plane moved `dx` pixels right and `dy` down (negative: left, up); what moves off
 * the edge is lost and paper comes in behind it, as when a digit is written off-centre.
 */
export function shiftPlane(plane: Plane, dx: number, dy: number): Plane {
  const { rows, cols, values } = plane;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const from = r - dy;
    if (from < 0 || from >= rows) continue;
    for (let c = 0; c < cols; c++) {
      const fc = c - dx;
      if (fc >= 0 && fc < cols) out[r * cols + c] = values[from * cols + fc];
    }
  }
  return { rows, cols, values: out };
}
