/**
 * The short run that tries a learner's activation: a 2-4-1 network (their function in
 * the hidden layer, a sigmoid at the output) on the XOR points, the smallest problem
 * that needs a hidden layer. Small enough to finish in a second or two on any machine,
 * so the learner sees the loss fall (or blow up) right after typing.
 */
import { xor } from '$lib/datasets/xor';
import type { TrainingJob } from './training/protocol';

export const LAB_HIDDEN_UNITS = 4;
export const LAB_POINTS = 200;
export const LAB_EPOCHS = 60;
export const LAB_BATCH_SIZE = 20;
export const LAB_LEARNING_RATE = 0.05;

/** Where the "activations" step starts, and the state its panel reports. */
export interface ActivationsState {
  /** the learner's activation, as typed */
  expression: string;
  /** the input every plot marks */
  probe: number;
}

/** Met when a run with the learner's own activation ends below this loss. */
export interface ActivationsGoal {
  task: string;
  lossBelow: number;
}

/**
 * The training job for a learner's activation, the same for everyone with the same seed;
 * `backend` is a `?backend=` override, else the worker measures this model's step.
 */
export function activationLabJob(expression: string, seed = 1, backend?: string): TrainingJob {
  const data = xor({ seed, n: LAB_POINTS, noise: 0 });
  return {
    model: {
      inputShape: [2],
      layers: [
        { type: 'dense', units: LAB_HIDDEN_UNITS, activation: { expression, name: 'f' } },
        { type: 'dense', units: 1, activation: 'sigmoid' }
      ],
      optimizer: 'adam',
      loss: 'binaryCrossentropy',
      learningRate: LAB_LEARNING_RATE,
      seed
    },
    x: { data: data.x, shape: [data.n, 2] },
    y: { data: Float32Array.from(data.labels), shape: [data.n, 1] },
    epochs: LAB_EPOCHS,
    batchSize: LAB_BATCH_SIZE,
    shuffle: true,
    seed,
    backend,
    // the loss curve needs every epoch, not frame-rate snapshots
    snapshotIntervalMs: 50
  };
}
