/**
 * What the small classifiers train on: rows of features with a class index each.
 * A `Dataset` from src/lib/datasets has exactly these fields, so it can be passed as is
 * (models may not import datasets, so the shape is restated here, not imported).
 */
export interface LabelledData {
  readonly n: number;
  /** features, row-major [n, nFeatures] */
  readonly x: ArrayLike<number>;
  /** class index of each row: 0..nClasses-1 */
  readonly labels: ArrayLike<number>;
  /** [nFeatures] */
  readonly sampleShape: readonly number[];
}

/** Builds labelled data from rows, e.g. a truth table typed out in a test or a chapter. */
export function labelledData(rows: readonly ArrayLike<number>[], labels: ArrayLike<number>): LabelledData {
  if (rows.length !== labels.length) throw new Error(`labelledData: ${rows.length} rows but ${labels.length} labels`);
  if (rows.length === 0) throw new Error('labelledData: no rows');
  const nFeatures = rows[0].length;
  const x = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, i) => {
    if (row.length !== nFeatures) throw new Error(`labelledData: row ${i} has ${row.length} features, not ${nFeatures}`);
    x.set(Array.from(row), i * nFeatures);
  });
  return { n: rows.length, x, labels: Int32Array.from(labels), sampleShape: [nFeatures] };
}

export function featureCount(data: LabelledData): number {
  if (data.sampleShape.length !== 1) {
    throw new Error(`expected flat feature rows, got sample shape [${data.sampleShape.join(', ')}]`);
  }
  return data.sampleShape[0];
}

/** Row i as a fresh Float64Array (widened from Float32 data without change of value). */
export function rowOf(data: LabelledData, i: number): Float64Array {
  const d = featureCount(data);
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) out[j] = data.x[i * d + j];
  return out;
}
