import { createRandom, permutation } from '$lib/random';
import { takeRows } from './takeRows';
import type { Dataset, Features } from './types';

export interface SplitOptions {
  seed: number;
  /** share of each class held out for testing, in (0, 1); default 0.2 */
  testFraction?: number;
}

/**
 * A seeded, stratified split: each class gives the same share to the test set,
 * so 100 iris flowers split 80/20 keep 40/10 of each species. Both parts come
 * back shuffled (classes interleaved), which on-line perceptron training needs:
 * sorted by class, it would see only one class for half an epoch.
 */
export function trainTestSplit<X extends Features>(dataset: Dataset<X>, options: SplitOptions): { train: Dataset<X>; test: Dataset<X> } {
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  const random = createRandom(options.seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < dataset.n; i++) {
    const rows = byClass.get(dataset.labels[i]) ?? [];
    rows.push(i);
    byClass.set(dataset.labels[i], rows);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label) as number[];
    const order = permutation(rows.length, random);
    const nTest = Math.round(rows.length * testFraction);
    order.forEach((k, i) => (i < nTest ? test : train).push(rows[k]));
  }
  const shuffled = (rows: number[]) => Array.from(permutation(rows.length, random), (k) => rows[k]);
  const percent = Math.round(testFraction * 100);
  const note = `split ${100 - percent}/${percent} by class, seed ${options.seed}`;
  return {
    train: takeRows(dataset, shuffled(train), { notes: [...dataset.notes, `training part: ${note}`] }),
    test: takeRows(dataset, shuffled(test), { notes: [...dataset.notes, `test part: ${note}`] })
  };
}
