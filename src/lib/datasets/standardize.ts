import { sampleSize } from './takeRows';
import type { Dataset, Features } from './types';

/**
 * Mean and standard deviation of each feature, measured on training data only:
 * the test set is scaled with the training statistics, as it would be for data
 * the model meets after training.
 */
export interface Standardizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  /** (x - mean) / std for every feature of every sample; a new Dataset */
  apply(dataset: Dataset<Features>): Dataset;
  /** back to the original units, e.g. to label an axis or draw a learnt line on raw data */
  invert(features: Float32Array): Float32Array;
}

/**
 * Fits a z-score scaler on `train`. The perceptron and MLP need it: iris petals
 * (cm) and penguin body mass (g) differ by a factor of 1,000, and an unscaled
 * feature dominates every weight update. A constant feature gets std 1 (it is
 * centred, not blown up by a division by zero).
 */
export function fitStandardizer(train: Dataset<Features>): Standardizer {
  const d = sampleSize(train);
  if (train.n === 0) throw new RangeError(`cannot fit a standardizer on the empty dataset '${train.name}'`);
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < train.n; i++) for (let j = 0; j < d; j++) mean[j] += train.x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= train.n;
  for (let i = 0; i < train.n; i++) {
    for (let j = 0; j < d; j++) sq[j] += (train.x[i * d + j] - mean[j]) ** 2;
  }
  // population std (divide by n), as scikit-learn's StandardScaler
  const std = sq.map((s) => Math.sqrt(s / train.n) || 1);
  const mean32 = Float32Array.from(mean);
  const std32 = Float32Array.from(std);

  return {
    mean: mean32,
    std: std32,
    apply(dataset) {
      if (sampleSize(dataset) !== d) throw new RangeError(`'${dataset.name}' has ${sampleSize(dataset)} features, fitted on ${d}`);
      const x = new Float32Array(dataset.x.length);
      for (let i = 0; i < dataset.x.length; i++) x[i] = (dataset.x[i] - mean[i % d]) / std[i % d];
      return { ...dataset, x, notes: [...dataset.notes, `standardized with the mean and std of '${train.name}' (${train.n} samples)`] };
    },
    invert(features) {
      const out = new Float32Array(features.length);
      for (let i = 0; i < features.length; i++) out[i] = features[i] * std[i % d] + mean[i % d];
      return out;
    }
  };
}
