/**
 * Messages between the page and the training worker. Everything is plain data
 * (structured-clone safe); large arrays travel as transferables.
 */
import type { Measurement, Rejection } from '$lib/engine/select';
import type { Tensor } from '$lib/engine/tensor';
import type { Box } from '$lib/geometry';
import type { ModelSpec } from '$lib/models/modelSpec';
import type { CollapseWords } from './collapse';

/**
 * The worker says it is alive this often while its thread is free (between batches, while
 * paused or idle), so the page can tell a worker the browser stopped without a word (out
 * of memory, closed) from a busy one.
 */
export const HEARTBEAT_MS = 1000;

/** A square grid over a 2D input box, predicted after each snapshot so the page can paint the decision surface. */
export interface GridSpec extends Box {
  /** cells per side */
  readonly resolution: number;
}

export interface TrainingJob {
  model: ModelSpec;
  /** training inputs [n, ...inputShape] and targets as the loss expects them */
  x: Tensor;
  y: Tensor;
  validation?: { x: Tensor; y: Tensor };
  /**
   * send the model's outputs on the validation inputs with the run's last snapshot and
   * with the first snapshot of each pause, so a page can count its answers without
   * running the model itself (a CNN over 10,000 digits is seconds even in the worker)
   */
  validationOutputs?: boolean;
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  /** seeds the shuffling */
  seed: number;
  /** at most one snapshot per this many milliseconds (default 100) */
  snapshotIntervalMs?: number;
  grid?: GridSpec;
  /** a backend name or alias from `?backend=`; without it, the fastest on one step of this model, measured */
  backend?: string;
  /** start paused, waiting for 'resume' or 'step' */
  startPaused?: boolean;
  /** echoed in every snapshot, so a page that restarts a run can drop the events of the run it replaced */
  id?: number;
  /** weights to start from instead of the seed's initialisation (getWeights' order), e.g. a paused run's or a learner's edits */
  initialWeights?: Tensor[];
  /**
   * where a run of this job stood when its worker was lost (its last snapshot): with
   * initialWeights from that snapshot, the fit goes on from the batch after it, as one run
   */
  resume?: RunPlace;
  /**
   * after each epoch, stop as a divergence does when the model answers one class for nearly
   * every validation sample, no better than chance, with a loss worse than chance (see
   * collapse.ts); the words name the samples and classes in the sentence the learner reads
   */
  watchCollapse?: CollapseWords;
}

/** Where a run stood, as a snapshot says it. */
export type RunPlace = Pick<Snapshot, 'epoch' | 'batch' | 'samplesSeen' | 'loss' | 'accuracy' | 'history'>;

export type TrainingCommand =
  | { type: 'start'; job: TrainingJob }
  | { type: 'pause' }
  | { type: 'resume' }
  /** train this many batches, then pause */
  | { type: 'step'; batches?: number }
  | { type: 'cancel' }
  /** time a few training steps of a model before it trains, on the backend it would train on */
  | { type: 'estimate'; job: EstimateJob };

/** What 'estimate' times: steps of `batchSize` random samples of the model's input shape. */
export interface EstimateJob {
  model: ModelSpec;
  batchSize: number;
  /** as TrainingJob's */
  backend?: string;
  /** echoed in the answer */
  id: number;
}

/** How long the model's steps took: after one untimed step that compiles it, `steps` timed ones. */
export interface StepTiming {
  id: number;
  /** milliseconds of one training step of batchSize samples */
  trainMs: number;
  /** milliseconds to predict batchSize samples */
  predictMs: number;
  steps: number;
  batchSize: number;
  /** the backend that ran them, as 'backend' events name it */
  label: string;
}

export interface Snapshot {
  /** 1-based; the epoch in progress */
  epoch: number;
  epochs: number;
  /** 1-based within the epoch; the last batch trained */
  batch: number;
  batches: number;
  samplesSeen: number;
  /** training samples per second over the recent window */
  samplesPerSecond: number;
  /** milliseconds the run has trained (and scored each epoch) so far, pauses left out */
  trainingMs: number;
  /** mean loss and accuracy over the epoch so far */
  loss: number;
  accuracy: number;
  /** per finished epoch */
  history: { loss: number[]; accuracy: number[]; valLoss: number[]; valAccuracy: number[] };
  /** Keras layout, layer by layer */
  weights: Tensor[];
  /** the model's outputs on the grid cells, row-major from (xMin, yMax), [resolution * resolution, outputs] */
  grid?: Tensor;
  /** the model's outputs on the validation inputs, when the job asked (see validationOutputs) */
  outputs?: Tensor;
  paused: boolean;
  /** the job's id, when it had one */
  runId?: number;
}

export type TrainingEvent =
  /**
   * the backend training runs on (again after a fallback), the line that says which and
   * why (engine/select's describeChoice, and its reason alone), and the chooser's table: the candidates timed on
   * this device, fastest first, and those left out with why
   */
  | { type: 'backend'; name: string; label: string; line: string; reason: string; measured: Measurement[]; rejected: Rejection[] }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'done'; snapshot: Snapshot; reason: 'finished' | 'cancelled' }
  /**
   * training stopped because numbers stopped being finite (the weights are the last good
   * ones), or because an epoch left the model collapsed on one answer (see collapse.ts);
   * `layer`: where the first non-finite number appeared, '' for a collapse
   */
  | { type: 'diverged'; cause: DivergenceCause; message: string; suggestion: string; layer: string; snapshot: Snapshot }
  | { type: 'error'; message: string }
  | { type: 'estimate'; timing: StepTiming }
  /** an estimate could not be made; training may still work */
  | { type: 'estimate-failed'; id: number; message: string }
  /** the heartbeat, every HEARTBEAT_MS while the worker's thread is free */
  | { type: 'alive' };

export type DivergenceCause = 'not-finite' | 'collapsed';
