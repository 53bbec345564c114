/** The two precisions of feature values: float64 keeps a table's decimals, float32 is what the engine computes in. */
import type { Dataset, Features } from './types';

/** A zeroed array of `length` values, of the same precision as `x`. */
export function featuresLike<X extends Features>(x: X, length: number): X {
  return (x instanceof Float64Array ? new Float64Array(length) : new Float32Array(length)) as X;
}

/** The dataset with its values rounded to float32, for the engine's tensors (a copy, unless already float32). */
export function asFloat32(dataset: Dataset<Features>): Dataset {
  if (dataset.x instanceof Float32Array) return dataset as Dataset;
  return { ...dataset, x: Float32Array.from(dataset.x) };
}
