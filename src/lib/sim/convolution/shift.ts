/**
 * What moving a digit by a pixel or two does to what a layer sees. A dense layer reads
 * the 784 pixels themselves, each through its own weight, so it sees the shifted digit
 * as different pixels. A convolution (the same kernel at every place, ReLU after it)
 * followed by 2×2 max pooling sees the kernel's map, where each pooled value only asks
 * whether the pattern is somewhere in its window. How alike the shifted and unshifted
 * views are is measured by their cosine similarity: 1 when one is the other scaled,
 * 0 when they share no lit value. Every map is the engine's (conv2d, relu, maxPool2d).
 */
import { conv2d, maxPool2d, relu } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { shiftPlane } from './digits';
import type { Plane } from './slide';

export const MAX_SHIFT = 3;
export const SHIFT_DIRECTIONS = ['right', 'left', 'down', 'up'] as const;
export type ShiftDirection = (typeof SHIFT_DIRECTIONS)[number];

/** (dx, dy) of `amount` pixels towards `direction`. */
export function shiftVector(direction: ShiftDirection, amount: number): [number, number] {
  if (direction === 'right') return [amount, 0];
  if (direction === 'left') return [-amount, 0];
  return direction === 'down' ? [0, amount] : [0, -amount];
}

/** Cosine similarity of two vectors of the same length; 1 for two blank ones, 0 when one is blank. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineSimilarity: ${a.length} values against ${b.length}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  if (aa === 0 && bb === 0) return 1;
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** The three views of one digit a shift is compared on. */
export interface ShiftViews {
  /** what a dense layer reads: the pixels */
  readonly pixels: Plane;
  /** ReLU of the kernel's map ('same' padding, so it lines up with the digit) */
  readonly map: Plane;
  /** that map after one 2×2 max pooling */
  readonly pooled: Plane;
  /** and after a second */
  readonly pooledTwice: Plane;
}

const image = (p: Plane): Tensor => ({ data: p.values, shape: [1, p.rows, p.cols, 1] });
const plane = (t: Tensor): Plane => ({ rows: t.shape[1], cols: t.shape[2], values: t.data });

export async function shiftViews(digit: Plane, kernel: readonly number[]): Promise<ShiftViews> {
  const size = Math.round(Math.sqrt(kernel.length));
  const weights: Tensor = { data: Float32Array.from(kernel), shape: [size, size, 1, 1] };
  const map = await relu(await conv2d(image(digit), weights, { padding: 'same' }));
  const pooled = await maxPool2d(map, { poolSize: 2 });
  const pooledTwice = await maxPool2d(pooled, { poolSize: 2 });
  return { pixels: digit, map: plane(map), pooled: plane(pooled), pooledTwice: plane(pooledTwice) };
}

/** How alike the shifted digit's views are to the unshifted ones: 1 is the same. */
export interface ShiftMatch {
  readonly amount: number;
  readonly pixels: number;
  readonly pooled: number;
  readonly pooledTwice: number;
}

export interface ShiftComparison {
  readonly original: ShiftViews;
  /** the views of the digit moved by `amount` towards `direction` */
  readonly shifted: ShiftViews;
  readonly direction: ShiftDirection;
  readonly amount: number;
  /** the match for every amount from 0 to MAX_SHIFT in this direction */
  readonly matches: readonly ShiftMatch[];
}

export async function compareShift(digit: Plane, kernel: readonly number[], direction: ShiftDirection, amount: number): Promise<ShiftComparison> {
  const original = await shiftViews(digit, kernel);
  const all: ShiftViews[] = [];
  for (let a = 0; a <= MAX_SHIFT; a++) {
    const [dx, dy] = shiftVector(direction, a);
    all.push(a === 0 ? original : await shiftViews(shiftPlane(digit, dx, dy), kernel));
  }
  const matches = all.map((views, a) => ({
    amount: a,
    pixels: cosineSimilarity(original.pixels.values, views.pixels.values),
    pooled: cosineSimilarity(original.pooled.values, views.pooled.values),
    pooledTwice: cosineSimilarity(original.pooledTwice.values, views.pooledTwice.values)
  }));
  const at = Math.max(0, Math.min(MAX_SHIFT, Math.round(amount)));
  return { original, shifted: all[at], direction, amount: at, matches };
}
