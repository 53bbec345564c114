/**
 * Which points a given line (or a whole perceptron) gets wrong: chapter 3 moves a line over
 * XOR and, for every line, lights up the points on the wrong side; none leaves all four right.
 */
import { weightedSum, type StepName } from './ltu';
import { featureCount, rowOf, type LabelledData } from './labelledData';
import type { Perceptron } from './perceptron';

/**
 * Rows of two-class data on the wrong side of the unit (weights, bias): class 1 belongs
 * where the step fires, i.e. z >= 0 for heaviside and z > 0 for sign. Returns row indices.
 */
export function wrongSide(weights: ArrayLike<number>, bias: number, data: LabelledData, step: StepName = 'heaviside'): number[] {
  if (featureCount(data) !== weights.length) {
    throw new Error(`wrongSide: ${weights.length} weights for ${featureCount(data)} features`);
  }
  const wrong: number[] = [];
  for (let i = 0; i < data.n; i++) {
    const z = weightedSum(weights, bias, rowOf(data, i));
    const predicted = step === 'heaviside' ? (z >= 0 ? 1 : 0) : z > 0 ? 1 : 0;
    if (predicted !== data.labels[i]) wrong.push(i);
  }
  return wrong;
}

/** Rows whose class the perceptron predicts wrongly, with its current weights. */
export function misclassified(model: Perceptron, data: LabelledData): number[] {
  const predicted = model.predictAll(data);
  const wrong: number[] = [];
  for (let i = 0; i < data.n; i++) if (predicted[i] !== data.labels[i]) wrong.push(i);
  return wrong;
}
