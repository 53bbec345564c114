/**
 * Keras's fit loop: epochs of shuffled batches, each handed to a training step (op by op
 * or compiled, the loop does not know which), with the batch and epoch callbacks,
 * validation after each epoch and a signal to stop between batches.
 */
import type { Tensor } from '$lib/engine/tensor';
import { createRandom, permutation } from '$lib/random';
import { takeRows } from './batches';
import type { BatchResult, Evaluation, FitOptions, History, StepPosition } from './sequentialTypes';

export interface FitSettings {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  withAccuracy: boolean;
}

/** Checks fit's options and fills in Keras's defaults. */
export function fitSettings(options: FitOptions, seed: number, withAccuracy: boolean): FitSettings {
  const epochs = options.epochs ?? 1;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`fit: epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`fit: batchSize must be a positive integer, got ${batchSize}`);
  return { epochs, batchSize, shuffle: options.shuffle ?? true, seed: options.seed ?? seed, withAccuracy };
}

export async function fitLoop(
  x: Tensor,
  y: Tensor,
  s: FitSettings,
  options: FitOptions,
  step: (x: Tensor, y: Tensor, at: Required<StepPosition>) => Promise<BatchResult>,
  evaluate: (x: Tensor, y: Tensor, batchSize: number) => Promise<Evaluation>
): Promise<History> {
  const n = x.shape[0];
  const batches = Math.ceil(n / s.batchSize);
  const random = createRandom(s.seed);
  const resume = options.resume;
  const history: History = resume ? structuredClone(resume.history) : { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
  let samplesSeen = resume?.samplesSeen ?? 0;
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    // every epoch draws its order, so a resumed fit shuffles as the uninterrupted one did
    const order = s.shuffle ? permutation(n, random) : null;
    if (resume && epoch < resume.epoch) continue;
    const resumed = resume?.epoch === epoch;
    let lossSum = resumed ? resume.lossSum : 0;
    let correct = resumed ? resume.correct : 0;
    for (let batch = resumed ? resume.batch + 1 : 1; batch <= batches; batch++) {
      options.signal?.throwIfAborted();
      const start = (batch - 1) * s.batchSize;
      const end = Math.min(n, start + s.batchSize);
      const r = await step(takeRows(x, order, start, end), takeRows(y, order, start, end), { epoch, batch });
      lossSum += r.loss * r.samples;
      correct += r.accuracy * r.samples;
      samplesSeen += r.samples;
      await options.onBatchEnd?.({ epoch, batch, batches, loss: r.loss, accuracy: s.withAccuracy ? r.accuracy : undefined, samplesSeen });
    }
    history.loss.push(lossSum / n);
    if (s.withAccuracy) history.accuracy.push(correct / n);
    if (options.validationData) {
      const v = await validate(options.validationData, s.batchSize, options, evaluate);
      history.valLoss.push(v.loss);
      if (s.withAccuracy) history.valAccuracy.push(v.accuracy);
    }
    await options.onEpochEnd?.({ epoch, epochs: s.epochs, history });
  }
  return history;
}

/** Scores the validation data a batch at a time (the same batches one evaluate would run), with the hook and the signal between batches. */
async function validate(
  [x, y]: readonly [Tensor, Tensor],
  batchSize: number,
  options: FitOptions,
  evaluate: (x: Tensor, y: Tensor, batchSize: number) => Promise<Evaluation>
): Promise<Evaluation> {
  const n = x.shape[0];
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(n, start + batchSize);
    const v = await evaluate(takeRows(x, null, start, end), takeRows(y, null, start, end), batchSize);
    lossSum += v.loss * (end - start);
    correct += v.accuracy * (end - start);
    await options.onTestBatchEnd?.();
  }
  return { loss: lossSum / n, accuracy: correct / n };
}
