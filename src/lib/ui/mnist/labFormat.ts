/**
 * How the MNIST lab writes its numbers, and where it finds a test digit's pixels: the
 * same in every stage of the lab.
 */
import type { MnistLab } from '$lib/sim/MnistLab.svelte';

/** What every stage of the lab is given: the lab. */
export interface LabStageProps {
  lab: MnistLab;
}

/** A fraction as a percentage, e.g. 0.9234 → "92.3%". */
export const pct = (v: number, digits = 1): string => `${(v * 100).toFixed(digits)}%`;

/** A count with thousands separators, e.g. 101770 → "101,770". */
export const thousands = (n: number): string => Math.round(n).toLocaleString('en');

/** The 28×28 pixels of test digit `index` (blank until the digits are loaded). */
export function testDigit(lab: MnistLab, index: number): Float32Array {
  return lab.data?.test.x.subarray(index * 784, (index + 1) * 784) ?? new Float32Array(784);
}
