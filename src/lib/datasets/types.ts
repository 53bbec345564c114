/**
 * Every dataset shares one shape and one seeded signature (see ARCHITECTURE.md):
 * `(options) => Dataset`. Datasets import nothing of ours but the leaf `random.ts`.
 */
/**
 * Feature values: float32, as the engine computes, or float64 for a table, whose
 * source decimals (1.4 cm, 39.1 mm) float32 cannot hold: kept exact, a perceptron
 * fed them takes the very steps scikit-learn takes on the same file.
 */
export type Features = Float32Array | Float64Array;

export interface Dataset<X extends Features = Float32Array> {
  /** e.g. 'iris', 'xor', 'mnist' */
  readonly name: string;
  /** number of samples */
  readonly n: number;
  /** features, row-major [n, ...sampleShape] */
  readonly x: X;
  /** shape of one sample: [2] for 2D points, [4] for iris, [28, 28, 1] for MNIST */
  readonly sampleShape: readonly number[];
  /** class index of each sample */
  readonly labels: Int32Array;
  readonly featureNames: readonly string[];
  readonly classNames: readonly string[];
  /** what a learner or teacher should know about the data, e.g. "11 rows with missing values dropped" */
  readonly notes: readonly string[];
}

export interface DatasetOptions {
  /** every dataset is reproducible from its seed */
  seed: number;
  /** number of samples, for generated data */
  n?: number;
  /** noise level in [0, 1], for generated data */
  noise?: number;
  /** number of classes, for generated data that offers a choice (blobs: 2..8) */
  classes?: number;
}

export type DatasetFn = (options: DatasetOptions) => Dataset;
