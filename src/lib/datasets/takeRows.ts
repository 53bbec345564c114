import { featuresLike } from './features';
import type { Dataset, Features } from './types';

/** Number of floats in one sample. */
export function sampleSize(dataset: Dataset<Features>): number {
  return dataset.sampleShape.reduce((a, b) => a * b, 1);
}

/**
 * A new Dataset of the given rows, in the given order (copied, so the result
 * never aliases the source). Used by splits and class subsets.
 */
export function takeRows<X extends Features>(
  dataset: Dataset<X>,
  rows: ArrayLike<number>,
  changes: { name?: string; notes?: readonly string[] } = {}
): Dataset<X> {
  const size = sampleSize(dataset);
  const x = featuresLike(dataset.x, rows.length * size);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= dataset.n) throw new RangeError(`row ${r} outside 0..${dataset.n - 1}`);
    x.set(dataset.x.subarray(r * size, (r + 1) * size), i * size);
    labels[i] = dataset.labels[r];
  }
  return {
    ...dataset,
    name: changes.name ?? dataset.name,
    n: rows.length,
    x,
    labels,
    notes: changes.notes ?? dataset.notes
  };
}
