/**
 * The shapes a Sequential model is compiled, fitted and read with, and the model as the
 * modules that read it (summary, Keras code, weights JSON) see it: a structural type,
 * so they need not import the class that uses them.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Layer } from './layers/layer';
import type { LossName } from './losses';
import type { Optimizer, OptimizerName } from './optimizers';

export interface CompileOptions {
  /** an optimiser made with its learning rate, or its name (with Keras's defaults); default 'sgd' */
  optimizer?: Optimizer | OptimizerName;
  loss: LossName;
  /** the learning rate of a named optimiser (an optimiser object already has its own) */
  learningRate?: number;
  metrics?: readonly 'accuracy'[];
}

export interface Compiled {
  readonly optimizer: Optimizer;
  readonly loss: LossName;
  readonly metrics: readonly 'accuracy'[];
}

export interface BatchEnd {
  /** 1-based */
  epoch: number;
  /** 1-based within the epoch */
  batch: number;
  batches: number;
  /** this batch's loss, before its update (as Keras reports it) */
  loss: number;
  /** this batch's accuracy, when compiled with metrics: ['accuracy'] */
  accuracy?: number;
  /** samples trained on so far in this fit */
  samplesSeen: number;
}

export interface History {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
}

export interface EpochEnd {
  /** 1-based */
  epoch: number;
  epochs: number;
  history: History;
}

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  /** reshuffle the samples every epoch; default true */
  shuffle?: boolean;
  /** seeds the shuffling; default the model's seed */
  seed?: number;
  validationData?: readonly [Tensor, Tensor];
  /** awaited, so a caller can pace training or yield to the page */
  onBatchEnd?: (info: BatchEnd) => void | Promise<void>;
  onEpochEnd?: (info: EpochEnd) => void | Promise<void>;
  /** awaited after each batch of the validation data is scored (Keras's on_test_batch_end), so a long validation can yield too */
  onTestBatchEnd?: () => void | Promise<void>;
  /** aborting stops fit between batches: it rejects with the signal's reason, keeping the weights learned so far */
  signal?: AbortSignal;
  /** go on with a fit that stopped part way (e.g. its backend failed), as if it had not stopped */
  resume?: FitResume;
}

/**
 * Where a stopped fit stood: the batches before it are not trained again and their
 * shuffles are replayed, so the epochs, losses and history read as one run.
 */
export interface FitResume {
  /** 1-based: the epoch in progress */
  epoch: number;
  /** batches of that epoch already trained */
  batch: number;
  samplesSeen: number;
  /** that epoch's sums so far: loss · samples and accuracy · samples over its batches */
  lossSum: number;
  correct: number;
  /** of the finished epochs */
  history: History;
}

export interface Evaluation {
  loss: number;
  /** NaN unless compiled with metrics: ['accuracy'] */
  accuracy: number;
}

export interface BatchResult extends Evaluation {
  samples: number;
}

/** Where a training step is, for the error that says where training diverged. */
export interface StepPosition {
  epoch?: number;
  batch?: number;
}

/** What summary, kerasCode and weightsJson read of a model. */
export interface SequentialModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  /** per-sample input shape, once known */
  readonly inputShape: readonly number[] | null;
  readonly compileConfig: Readonly<Compiled> | null;
  readonly lastFit: { readonly epochs: number; readonly batchSize: number; readonly shuffle: boolean } | null;
  countParams(): number;
  build(inputShape: readonly number[]): void;
}
