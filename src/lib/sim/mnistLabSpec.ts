/**
 * The MNIST lab as plain data: what the learner chose (the layers, optimiser, loss,
 * learning rate, epochs, batch size, which digits) and what follows from it: the
 * ModelSpec the worker builds, the Python Keras code and summary() that mirror it, the
 * training job, and the scores of a trained model on the test digits. One lab serves
 * chapter 4 (Dense layers only) and chapter 5 (convolutions too): a step names its
 * variant, which says what may be added and where the lab starts.
 */
import type { Tensor } from '$lib/engine/tensor';
import { nextTask } from '$lib/nextTask';
import type { Dataset } from '$lib/datasets/types';
import { MNIST_SPLIT_SEED, MNIST_TRAIN_SIZE } from '$lib/datasets/mnist';
import type { MnistDigits } from '$lib/models/kerasCode';
import { learningRateProblem } from '$lib/models/learningRates';
import { buildModel, type LayerSpec, type ModelSpec } from '$lib/models/modelSpec';
import type { OptimizerName } from '$lib/models/optimizers';
import {
  CLASSES,
  DIGIT_SHAPE,
  DIGIT_SIZE,
  labLimits,
  layerName,
  optionProblem,
  stackRefusal,
  type LabDataset,
  type LabLayer,
  type LabLoss,
  type LayerKind
} from './mnistLabLayers';

export { labLimits, type LabDataset, type LabLoss };
import type { TrainingJob } from './training/protocol';

export interface MnistLabConfig {
  /** every layer between the 28×28×1 input and the fixed Dense(10, softmax) output */
  layers: LabLayer[];
  optimizer: OptimizerName;
  /** SGD only */
  momentum: number;
  learningRate: number;
  loss: LabLoss;
  epochs: number;
  batchSize: number;
  dataset: LabDataset;
  /** the first this many training digits (fewer trains faster, and worse) */
  trainingSize: number;
}

/**
 * The rate each optimiser starts at when the learner picks it. Adam at Keras's default;
 * plain SGD at ten times Keras's 0.01, so one epoch already shows what a network can do;
 * Adadelta at 1.0, Zeiler's own (no rate at all) and the one Keras's mnist_cnn example
 * ran with: at Keras 3's default of 0.001 it barely moves in an epoch.
 */
export const labStartingRates: Readonly<Record<OptimizerName, number>> = { sgd: 0.1, adam: 0.001, adadelta: 1 };

/** A model and its compile and fit options, from a known source. */
export interface LabPreset {
  id: 'convnetjs' | 'keras-mnist-cnn';
  name: string;
  /** where it comes from and what is kept of it */
  source: string;
  config: Pick<MnistLabConfig, 'layers' | 'optimizer' | 'momentum' | 'learningRate' | 'loss' | 'batchSize'>;
}

const conv = (filters: number, kernelSize: number, padding: 'same' | 'valid'): LabLayer => ({ type: 'conv2d', filters, kernelSize, strides: 1, padding, activation: 'relu' });
const pool = (size: number): LabLayer => ({ type: 'maxPooling2d', poolSize: size, strides: size, padding: 'valid' });

export const labPresets: readonly LabPreset[] = [
  {
    id: 'convnetjs',
    name: 'Small ConvNetJS network',
    source:
      "Andrej Karpathy's ConvNetJS MNIST demo: two 5 × 5 convolutions of 8 and 16 filters, each followed by max pooling, then the ten outputs; 5,994 weights. Adam here, where the demo used Adadelta with batches of 20.",
    config: {
      layers: [conv(8, 5, 'same'), pool(2), conv(16, 5, 'same'), pool(3), { type: 'flatten' }],
      optimizer: 'adam',
      momentum: 0,
      learningRate: 0.001,
      loss: 'sparseCategoricalCrossentropy',
      batchSize: 32
    }
  },
  {
    id: 'keras-mnist-cnn',
    name: "Keras's mnist_cnn example",
    source:
      "The example that came with Keras 2 (examples/mnist_cnn.py): 1,199,882 weights, Adadelta at rate 1.0, one-hot targets, batches of 128; it reports 99.25% on the test digits after 12 epochs.",
    config: {
      layers: [
        conv(32, 3, 'valid'),
        conv(64, 3, 'valid'),
        pool(2),
        { type: 'dropout', rate: 0.25 },
        { type: 'flatten' },
        { type: 'dense', units: 128, activation: 'relu' },
        { type: 'dropout', rate: 0.5 }
      ],
      optimizer: 'adadelta',
      momentum: 0,
      learningRate: 1,
      loss: 'categoricalCrossentropy',
      batchSize: 128
    }
  }
];

export type LabVariant = 'mlp' | 'cnn';

export interface LabVariantSpec {
  /** the layers the learner may add; others in the stack stay where they are */
  kinds: readonly LayerKind[];
  presets: readonly LabPreset[];
  defaults: MnistLabConfig;
}

export const labVariants: Readonly<Record<LabVariant, LabVariantSpec>> = {
  /** 784-128-10 with plain SGD at 0.1: about 95% on the test digits after one epoch of 60,000 */
  mlp: {
    kinds: ['dense'],
    presets: [],
    defaults: {
      layers: [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }],
      optimizer: 'sgd',
      momentum: 0,
      learningRate: labStartingRates.sgd,
      loss: 'sparseCategoricalCrossentropy',
      epochs: 3,
      batchSize: 32,
      dataset: 'standard',
      trainingSize: 60_000
    }
  },
  cnn: {
    kinds: ['conv2d', 'maxPooling2d', 'flatten', 'dropout', 'dense'],
    presets: labPresets,
    defaults: { ...structuredClone(labPresets[0].config), epochs: 1, dataset: 'standard', trainingSize: 60_000 }
  }
};

/** Where a step of a chapter's steps.ts starts the lab. */
export interface MnistLabStart {
  variant: LabVariant;
}

export function readLabVariant(start: unknown): LabVariant {
  const v = (start as Partial<MnistLabStart> | undefined)?.variant;
  return v === 'cnn' ? 'cnn' : 'mlp';
}

/** The config with a preset's model and compile options. */
export function withPreset(c: MnistLabConfig, preset: LabPreset): MnistLabConfig {
  return { ...c, ...structuredClone(preset.config) };
}

/** The preset the config's layers and compile options are, if any. */
export function matchingPreset(c: MnistLabConfig, presets: readonly LabPreset[]): LabPreset | undefined {
  return presets.find((p) => JSON.stringify(withPreset(c, p)) === JSON.stringify(c));
}

/** What is wrong with a configuration, in the learner's words; empty when it can be trained. */
export function configProblems(c: MnistLabConfig): string[] {
  const problems: string[] = [];
  c.layers.forEach((layer, i) => {
    const p = optionProblem(layer, layerName(c.layers, i));
    if (p) problems.push(p);
  });
  if (!problems.length) {
    const refusal = stackRefusal(c.layers);
    if (refusal) problems.push(refusal);
  }
  const rate = learningRateProblem(c.learningRate);
  if (rate) problems.push(rate);
  if (!labLimits.optimizers.includes(c.optimizer)) problems.push(`The optimizer must be one of ${labLimits.optimizers.join(', ')}.`);
  if (c.optimizer === 'sgd' && !(c.momentum >= 0 && c.momentum < 1)) problems.push('Momentum must be at least 0 and below 1.');
  if (!Number.isInteger(c.epochs) || c.epochs < 1 || c.epochs > labLimits.maxEpochs) problems.push(`Epochs must be a whole number from 1 to ${labLimits.maxEpochs}.`);
  if (!labLimits.batchSizes.includes(c.batchSize)) problems.push(`Batch size must be one of ${labLimits.batchSizes.join(', ')}.`);
  const sizes = labLimits.trainingSizes[c.dataset];
  if (!sizes) problems.push("The digits must be 'standard' or 'small'.");
  else if (!sizes.includes(c.trainingSize)) problems.push(`Training digits must be one of ${sizes.join(', ')}.`);
  return problems;
}

function layerSpec(layer: LabLayer): LayerSpec {
  switch (layer.type) {
    case 'conv2d':
      return { type: 'conv2d', filters: layer.filters, kernelSize: layer.kernelSize, strides: layer.strides, padding: layer.padding, activation: layer.activation };
    case 'maxPooling2d':
      return { type: 'maxPooling2d', poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding };
    case 'flatten':
      return { type: 'flatten' };
    case 'dropout':
      return { type: 'dropout', rate: layer.rate };
    case 'dense':
      return { type: 'dense', units: layer.units, activation: layer.activation };
  }
}

/** The model as the worker builds it: the learner's layers, then Dense(10, softmax). */
export function labModelSpec(c: MnistLabConfig, seed: number): ModelSpec {
  return {
    inputShape: [...DIGIT_SHAPE],
    layers: [...c.layers.map(layerSpec), { type: 'dense', units: CLASSES, activation: 'softmax' }],
    optimizer: c.optimizer,
    ...(c.optimizer === 'sgd' && c.momentum > 0 ? { momentum: c.momentum } : {}),
    loss: c.loss,
    learningRate: c.learningRate,
    seed
  };
}

/** The digits the lab trains and tests on, as the Python mirror loads them. */
function labDigits(c: MnistLabConfig): MnistDigits {
  if (c.dataset === 'standard') return { training: c.trainingSize };
  const test = labLimits.testSizes.small;
  return { training: c.trainingSize, subset: { of: MNIST_TRAIN_SIZE + test, test, seed: MNIST_SPLIT_SEED } };
}

/**
 * Python Keras code for the configured model, its compile, its fit on the same digits as
 * the lab's, its evaluation and a prediction; and its summary() table.
 */
export function labMirror(c: MnistLabConfig, seed: number): { code: string; summary: string; params: number } {
  const model = buildModel(labModelSpec(c, seed));
  return {
    code: model.toKerasCode({ data: { mnist: labDigits(c) }, epochs: c.epochs, batchSize: c.batchSize }),
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
 * the test digits, whose outputs come back with the run's last snapshot (and a paused
 * one) for the confusion matrix; a fit that collapses on one answer is stopped and said.
 * Its digits are views on the dataset's own arrays: `ownedJob` gives it copies it can
 * hand to the worker while the page keeps the dataset.
 */
export function labJob(c: MnistLabConfig, data: { train: Dataset; test: Dataset }, seed: number, backend?: string): TrainingJob {
  const n = Math.min(c.trainingSize, data.train.n);
  return {
    model: labModelSpec(c, seed),
    x: digitsTensor(data.train, n),
    y: labTargets(data.train.labels, n, c.loss),
    validation: { x: digitsTensor(data.test), y: labTargets(data.test.labels, data.test.n, c.loss) },
    validationOutputs: true,
    epochs: c.epochs,
    batchSize: c.batchSize,
    shuffle: true,
    seed,
    backend,
    // curves and the progress bar need no more than a few frames a second
    snapshotIntervalMs: 200,
    watchCollapse: { samples: 'test digits', classNames: data.test.classNames }
  };
}

/** Floats copied between two yields: a few milliseconds of copying (16 MB). */
const FLOATS_PER_SLICE = 1 << 22;

/** A copy of the tensor in an array of its own, made a slice at a time, yielding between slices. */
async function ownCopy(t: Tensor): Promise<Tensor> {
  const data = new Float32Array(t.data.length);
  for (let at = 0; at < data.length; at += FLOATS_PER_SLICE) {
    if (at > 0) await nextTask();
    data.set(t.data.subarray(at, at + FLOATS_PER_SLICE), at);
  }
  return { data, shape: t.shape };
}

/**
 * The job with arrays of its own wherever it shares a dataset's (labJob's digits), copied
 * a slice at a time so a page copying 60,000 digits keeps drawing, and the buffers to
 * transfer to the worker rather than copy (see TrainingClient.start). Arrays the job
 * already owns (its targets, digits made for it) are transferred as they are.
 */
export async function ownedJob(job: TrainingJob, data: { train: Dataset; test: Dataset }): Promise<{ job: TrainingJob; transfer: ArrayBuffer[] }> {
  const shared = new Set<ArrayBufferLike>([data.train.x.buffer, data.test.x.buffer]);
  const own = (t: Tensor) => (shared.has(t.data.buffer) ? ownCopy(t) : Promise.resolve(t));
  const x = await own(job.x);
  const validation = job.validation ? { x: await own(job.validation.x), y: job.validation.y } : undefined;
  const owned: TrainingJob = { ...job, x, ...(validation ? { validation } : {}) };
  const tensors = [owned.x, owned.y, ...(validation ? [validation.x, validation.y] : [])];
  return { job: owned, transfer: tensors.map((t) => t.data.buffer as ArrayBuffer) };
}

/** What the lab step asks: a model that scores at least this on the test digits. */
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
