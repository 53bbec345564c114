/**
 * The MNIST lab as plain data: what the learner chose (hidden layers, optimiser, loss,
 * learning rate, epochs, batch size, how many training digits) and what follows from
 * it: the ModelSpec the worker builds, the Python Keras code and summary() that mirror
 * it, the training job, and the scores of a trained model on the held-out digits.
 */
import { argMax } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import type { Dataset } from '$lib/datasets/types';
import { defaultLearningRates, learningRateProblem } from '$lib/models/learningRates';
import { buildModel, type ModelSpec } from '$lib/models/modelSpec';
import type { TrainingJob } from './training/protocol';

export type HiddenActivation = 'relu' | 'sigmoid' | 'tanh' | 'linear';
export type LabLoss = 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy';

export interface DenseChoice {
  units: number;
  activation: HiddenActivation;
}

export interface MnistLabConfig {
  /** the hidden Dense layers; Flatten before them and Dense(10, softmax) after are fixed */
  hidden: DenseChoice[];
  optimizer: 'sgd' | 'adam';
  /** SGD only */
  momentum: number;
  learningRate: number;
  loss: LabLoss;
  epochs: number;
  batchSize: number;
  /** the first this many of the 8,000 training digits (fewer trains faster, and worse) */
  trainingSize: number;
}

export const CLASSES = 10;
export const DIGIT_SHAPE = [28, 28, 1] as const;
export const DIGIT_SIZE = 784;

export const labLimits = {
  maxHidden: 4,
  minUnits: 1,
  maxUnits: 1024,
  maxEpochs: 30,
  activations: ['relu', 'sigmoid', 'tanh', 'linear'] as readonly HiddenActivation[],
  batchSizes: [16, 32, 64, 128, 256] as readonly number[],
  trainingSizes: [1000, 2000, 4000, 8000] as readonly number[],
  /** a click on "add layer" suggests this */
  newLayer: { units: 64, activation: 'relu' } as DenseChoice
};

/**
 * The rate each optimiser starts at when the learner picks it: Adam at Keras's default;
 * plain SGD at ten times Keras's 0.01, so one epoch over 8,000 digits already shows
 * what a network can do instead of a model that has barely moved.
 */
export const labStartingRates: Readonly<Record<MnistLabConfig['optimizer'], number>> = { sgd: 0.1, adam: defaultLearningRates.adam };

/** 784-128-10 with plain SGD at 0.1: about 90% on the held-out digits after one epoch. */
export const defaultLabConfig: MnistLabConfig = {
  hidden: [{ units: 128, activation: 'relu' }],
  optimizer: 'sgd',
  momentum: 0,
  learningRate: labStartingRates.sgd,
  loss: 'sparseCategoricalCrossentropy',
  epochs: 3,
  batchSize: 32,
  trainingSize: 8000
};

/** What is wrong with a configuration, in the learner's words; empty when it can be trained. */
export function configProblems(c: MnistLabConfig): string[] {
  const problems: string[] = [];
  if (c.hidden.length > labLimits.maxHidden) problems.push(`At most ${labLimits.maxHidden} hidden layers here.`);
  c.hidden.forEach((layer, i) => {
    if (!Number.isInteger(layer.units) || layer.units < labLimits.minUnits || layer.units > labLimits.maxUnits) {
      problems.push(`Hidden layer ${i + 1}: units must be a whole number from ${labLimits.minUnits} to ${labLimits.maxUnits}.`);
    }
  });
  const rate = learningRateProblem(c.learningRate);
  if (rate) problems.push(rate);
  if (c.optimizer === 'sgd' && !(c.momentum >= 0 && c.momentum < 1)) problems.push('Momentum must be at least 0 and below 1.');
  if (!Number.isInteger(c.epochs) || c.epochs < 1 || c.epochs > labLimits.maxEpochs) problems.push(`Epochs must be a whole number from 1 to ${labLimits.maxEpochs}.`);
  if (!labLimits.batchSizes.includes(c.batchSize)) problems.push(`Batch size must be one of ${labLimits.batchSizes.join(', ')}.`);
  if (!labLimits.trainingSizes.includes(c.trainingSize)) problems.push(`Training digits must be one of ${labLimits.trainingSizes.join(', ')}.`);
  return problems;
}

/** The model as the worker builds it: Flatten, the hidden layers, Dense(10, softmax). */
export function labModelSpec(c: MnistLabConfig, seed: number): ModelSpec {
  return {
    inputShape: [...DIGIT_SHAPE],
    layers: [
      { type: 'flatten' },
      ...c.hidden.map((h) => ({ type: 'dense' as const, units: h.units, activation: h.activation })),
      { type: 'dense', units: CLASSES, activation: 'softmax' }
    ],
    optimizer: c.optimizer,
    ...(c.optimizer === 'sgd' && c.momentum > 0 ? { momentum: c.momentum } : {}),
    loss: c.loss,
    learningRate: c.learningRate,
    seed
  };
}

/** Python Keras code for the configured model, its compile and fit on MNIST, and its summary() table. */
export function labMirror(c: MnistLabConfig, seed: number): { code: string; summary: string; params: number } {
  const model = buildModel(labModelSpec(c, seed));
  return {
    code: model.toKerasCode({ data: 'mnist', epochs: c.epochs, batchSize: c.batchSize }),
    summary: model.summary(),
    params: model.countParams()
  };
}

/** The digits of a dataset as the model takes them, [n, 28, 28, 1]. */
export function digitsTensor(d: Dataset, n = d.n): Tensor {
  return { data: d.x.subarray(0, n * DIGIT_SIZE), shape: [n, ...DIGIT_SHAPE] };
}

/** Targets as the loss expects them: class labels [n], or one-hot rows [n, 10]. */
export function labTargets(labels: Int32Array, n: number, loss: LabLoss): Tensor {
  if (loss === 'sparseCategoricalCrossentropy') return { data: Float32Array.from(labels.subarray(0, n)), shape: [n] };
  const data = new Float32Array(n * CLASSES);
  for (let i = 0; i < n; i++) data[i * CLASSES + labels[i]] = 1;
  return { data, shape: [n, CLASSES] };
}

/**
 * The worker's job: the first trainingSize training digits, scored each epoch on all
 * the test digits. Its arrays are copies of its own, so they can be transferred to the
 * worker (see jobBuffers) and the page keeps the dataset.
 */
export function labJob(c: MnistLabConfig, data: { train: Dataset; test: Dataset }, seed: number, backend?: string): TrainingJob {
  const n = Math.min(c.trainingSize, data.train.n);
  return {
    model: labModelSpec(c, seed),
    x: own(digitsTensor(data.train, n)),
    y: labTargets(data.train.labels, n, c.loss),
    validation: { x: own(digitsTensor(data.test)), y: labTargets(data.test.labels, data.test.n, c.loss) },
    epochs: c.epochs,
    batchSize: c.batchSize,
    shuffle: true,
    seed,
    backend,
    // curves and the progress bar need no more than a few frames a second
    snapshotIntervalMs: 200
  };
}

const own = (t: Tensor): Tensor => ({ data: t.data.slice(), shape: t.shape });

/** The buffers of a lab job, to transfer rather than copy (see TrainingClient.start). */
export function jobBuffers(job: TrainingJob): ArrayBuffer[] {
  const tensors = [job.x, job.y, ...(job.validation ? [job.validation.x, job.validation.y] : [])];
  return tensors.map((t) => t.data.buffer as ArrayBuffer);
}

export interface Miss {
  /** index among the test digits */
  index: number;
  label: number;
  predicted: number;
  /** the probability the model gave its (wrong) answer */
  confidence: number;
}

/** How a trained model did on the held-out digits (not Keras's evaluate(), which gives loss and accuracy). */
export interface ConfusionReport {
  /** counts[true][predicted] */
  counts: number[][];
  correct: number;
  total: number;
  /** every wrong answer, most confident first */
  misses: Miss[];
}

/** The confusion matrix and the mistakes of a model's outputs [n, 10] against the true labels. */
export function evaluateOutputs(outputs: Tensor, labels: ArrayLike<number>): ConfusionReport {
  const predicted = argMax(outputs);
  if (predicted.length !== labels.length) throw new Error(`evaluateOutputs: ${predicted.length} outputs for ${labels.length} labels`);
  const counts = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  const misses: Miss[] = [];
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) {
    const label = labels[i];
    const p = predicted[i];
    counts[label][p]++;
    if (p === label) correct++;
    else misses.push({ index: i, label, predicted: p, confidence: outputs.data[i * CLASSES + p] });
  }
  misses.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { counts, correct, total: predicted.length, misses };
}

/** What the lab step asks: a model that scores at least this on the held-out digits. */
export interface MnistLabGoal {
  task: string;
  accuracyAtLeast: number;
}

/** A step's goal, when it is one this lab understands. */
export function readLabGoal(value: unknown): MnistLabGoal | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return typeof v.task === 'string' && typeof v.accuracyAtLeast === 'number' ? { task: v.task, accuracyAtLeast: v.accuracyAtLeast } : undefined;
}
