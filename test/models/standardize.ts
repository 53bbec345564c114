import type { LabelledData } from '../../src/lib/models/labelledData';

/**
 * Each feature to mean 0 and standard deviation 1 (population, as scikit-learn's
 * StandardScaler), in float64. Penguin body mass is in grams and bill depth in mm: on the raw
 * scale the perceptron's updates are dominated by the gram column.
 */
export function standardize<T extends LabelledData>(data: T): T {
  const d = data.sampleShape[0];
  const x = new Float64Array(data.n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < data.n; i++) mean += data.x[i * d + j];
    mean /= data.n;
    let variance = 0;
    for (let i = 0; i < data.n; i++) variance += (data.x[i * d + j] - mean) ** 2;
    const std = Math.sqrt(variance / data.n) || 1;
    for (let i = 0; i < data.n; i++) x[i * d + j] = (data.x[i * d + j] - mean) / std;
  }
  return { ...data, x };
}
