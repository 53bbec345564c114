/**
 * How long a model's training steps take on the backend in use, before it trains: one
 * step untimed (it compiles the step and lays out its memory), then steps on seeded
 * random samples of the model's shapes until about half a second has passed, and one
 * prediction of a batch. The numbers a page multiplies into "about this long an epoch".
 */
import type { Tensor } from '$lib/engine/tensor';
import { buildModel, type ModelSpec } from '$lib/models/modelSpec';
import { createRandom } from '$lib/random';
import type { EstimateJob, StepTiming } from './protocol';

const TIMED_MS = 500;
const MAX_STEPS = 8;

/** A batch of `rows` seeded random samples of the model's input shape, with targets its loss takes. */
export function randomBatch(model: ModelSpec, rows: number): { x: Tensor; y: Tensor } {
  const random = createRandom(model.seed);
  const x: Tensor = { data: Float32Array.from({ length: rows * model.inputShape.reduce((a, b) => a * b, 1) }, () => random()), shape: [rows, ...model.inputShape] };
  const last = model.layers[model.layers.length - 1];
  const classes = last.type === 'dense' ? last.units : 1;
  const labels = Float32Array.from({ length: rows }, () => Math.floor(random() * classes));
  const y: Tensor =
    model.loss === 'sparseCategoricalCrossentropy'
      ? { data: labels, shape: [rows] }
      : { data: Float32Array.from({ length: rows * classes }, (_, i) => (labels[Math.floor(i / classes)] === i % classes ? 1 : 0)), shape: [rows, classes] };
  return { x, y };
}

export async function measureSteps(job: EstimateJob, label: string, now: () => number = () => performance.now()): Promise<StepTiming> {
  const model = buildModel(job.model);
  const rows = job.batchSize;
  const { x, y } = randomBatch(job.model, rows);
  await model.trainOnBatch(x, y);
  let steps = 0;
  const start = now();
  while (steps < MAX_STEPS && (steps < 2 || now() - start < TIMED_MS)) {
    await model.trainOnBatch(x, y);
    steps++;
  }
  const trainMs = (now() - start) / steps;
  await model.predict(x, { batchSize: rows });
  const before = now();
  await model.predict(x, { batchSize: rows });
  return { id: job.id, trainMs, predictMs: now() - before, steps, batchSize: rows, label };
}
