import { takeRows } from './takeRows';
import type { Dataset, Features } from './types';

/**
 * Keeps only the samples of the named classes and renumbers them 0..k-1 in the
 * order given, so pickClasses(iris, ['versicolor', 'setosa']) makes versicolor 0.
 * Sample order is kept.
 */
export function pickClasses<X extends Features>(dataset: Dataset<X>, classNames: readonly string[], name?: string): Dataset<X> {
  const newLabel = new Map<number, number>();
  classNames.forEach((className, i) => {
    const old = dataset.classNames.indexOf(className);
    if (old < 0) throw new RangeError(`'${dataset.name}' has no class '${className}' (${dataset.classNames.join(', ')})`);
    if (newLabel.has(old)) throw new RangeError(`class '${className}' picked twice`);
    newLabel.set(old, i);
  });
  const rows: number[] = [];
  for (let i = 0; i < dataset.n; i++) if (newLabel.has(dataset.labels[i])) rows.push(i);
  const picked = takeRows(dataset, rows, {
    name: name ?? dataset.name,
    notes: [...dataset.notes, `${classNames.join(' vs ')}: ${rows.length} of ${dataset.n} rows`]
  });
  const labels = picked.labels.map((old) => newLabel.get(old) as number);
  return { ...picked, labels, classNames: [...classNames] };
}
