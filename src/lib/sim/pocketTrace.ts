/**
 * The pocket algorithm's best weights after every instance of a run, so a panel that
 * replays the same run (same data, same seeded order) can show the pocket beside the
 * thrashing rule at any point of it. Computed once, with the models' own trainPocket.
 */
import type { LabelledData } from '$lib/models/labelledData';
import { Perceptron, type PerceptronParameters } from '$lib/models/perceptron';
import { trainPocket, type Pocket } from '$lib/models/pocket';
import type { TrainOptions } from '$lib/models/trainPerceptron';

export type { Pocket };

/**
 * `result[n]` is the pocket after instance n (1-based; `result[0]` before training) of the
 * Rosenblatt run from `start` on `data` with `options`, the run PerceptronRun replays.
 */
export function pocketTrace(data: LabelledData, options: TrainOptions, start?: PerceptronParameters): Pocket[] {
  const model = new Perceptron({ nFeatures: data.sampleShape[0] });
  if (start) model.setParameters(start);
  const accuracy = model.accuracy(data);
  const pockets: Pocket[] = [{ parameters: model.parameters(), correct: Math.round(accuracy * data.n), accuracy, epoch: 0, position: -1 }];
  trainPocket(model, data, options, (_step, pocket) => pockets.push(pocket));
  return pockets;
}
