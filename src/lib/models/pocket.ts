/**
 * The pocket algorithm (Gallant 1990), for data no line separates: run the perceptron rule
 * as usual, but keep "in the pocket" the best weights seen so far, judged on the whole
 * training set, and hand those back instead of wherever the rule happened to stop.
 * This is the ratchet form: the pocket changes only for strictly more correct points.
 */
import { rowOf, type LabelledData } from './labelledData';
import type { Perceptron, PerceptronParameters } from './perceptron';
import { perceptronSteps, type TrainOptions, type TrainResult, type TrainStep } from './trainPerceptron';

export interface Pocket {
  readonly parameters: PerceptronParameters;
  /** rows classified correctly with these weights */
  readonly correct: number;
  readonly accuracy: number;
  /** when they were found: epoch 0 means the starting weights */
  readonly epoch: number;
  readonly position: number;
}

export interface PocketResult extends TrainResult {
  readonly pocket: Pocket;
}

function countCorrect(model: Perceptron, rows: readonly Float64Array[], labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < rows.length; i++) if (model.predict(rows[i]) === labels[i]) correct++;
  return correct;
}

/**
 * Trains like `trainPerceptron`, checking the whole training set after every update; at the
 * end the model holds the pocket weights. `onStep` sees each instance and the pocket after it.
 */
export function trainPocket(
  model: Perceptron,
  data: LabelledData,
  options: TrainOptions = {},
  onStep?: (step: TrainStep, pocket: Pocket) => void
): PocketResult {
  model.checkData(data);
  const rows = Array.from({ length: data.n }, (_, i) => rowOf(data, i));
  const start = countCorrect(model, rows, data.labels);
  let pocket: Pocket = { parameters: model.parameters(), correct: start, accuracy: start / data.n, epoch: 0, position: -1 };
  const steps = perceptronSteps(model, data, options);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      model.setParameters(pocket.parameters);
      return { ...next.value, pocket };
    }
    const step = next.value;
    if (step.update.db.some((db) => db !== 0)) {
      const correct = countCorrect(model, rows, data.labels);
      if (correct > pocket.correct) {
        pocket = { parameters: step.after, correct, accuracy: correct / data.n, epoch: step.epoch, position: step.position };
      }
    }
    onStep?.(step, pocket);
  }
}
