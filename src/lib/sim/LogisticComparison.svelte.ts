/**
 * The perceptron and logistic regression trained side by side on the same two features,
 * from the same weights: Rosenblatt's rule one instance at a time until an epoch passes
 * without a mistake, and the engine's Dense(1, sigmoid) Sequential by plain gradient
 * descent on binary cross-entropy, one step per epoch over the whole data. What a
 * learner compares is each line's margin, its distance to the nearest point: the
 * perceptron stops at the first line that separates, while the cross-entropy still
 * falls, so logistic regression keeps moving its line into the gap.
 *
 * Both runs are worked out once, epoch by epoch, when the comparison opens (the models'
 * own numbers: the weights, the loss and the sigmoid's probabilities of every point and
 * of a grid over the plane); play, pause, step and speed then move a cursor over them,
 * so every picture at an epoch is the models' real state at that epoch.
 */
import { tensor, type Tensor } from '$lib/engine/tensor';
import { gridPoints, lineMargin } from '$lib/geometry';
import { rowOf } from '$lib/models/labelledData';
import { dense } from '$lib/models/layers/dense';
import { weightedSum } from '$lib/models/ltu';
import { sgd } from '$lib/models/optimizers';
import { Perceptron } from '$lib/models/perceptron';
import { sequential, type Sequential } from '$lib/models/sequential';
import { trainPerceptron } from '$lib/models/trainPerceptron';
import { wrongSide } from '$lib/models/wrongSide';
import { planarData, type PlanarData } from './planarData';
import { ClockedRun, PlayClock, type FrameScheduler } from './PlayClock.svelte';

/** What the step starts from (its `start` in steps.ts). */
export interface LogisticStart {
  /** a dataset name from the registry, e.g. 'iris-setosa-versicolor' */
  readonly dataset: string;
  readonly features?: readonly [string, string];
  /** epochs of gradient descent; the perceptron stops earlier when it converges */
  readonly maxEpochs: number;
  /** gradient descent's step size */
  readonly learningRate: number;
  /** epochs per second the run starts at */
  readonly speed: number;
  readonly question: string;
}

export interface LogisticGoal {
  readonly task: string;
}

/** A line w·x + b = 0 in the plane of the two features. */
export interface PlaneLine {
  readonly weights: readonly [number, number];
  readonly bias: number;
}

/** Both learners as they stand after one epoch (epoch 0: the shared start). */
export interface ComparisonEpoch {
  readonly epoch: number;
  readonly perceptron: PlaneLine;
  /** points the perceptron's line leaves on the wrong side */
  readonly perceptronWrong: number;
  readonly perceptronMargin: number;
  readonly logistic: PlaneLine;
  readonly logisticMargin: number;
  /** points the sigmoid puts on the wrong side of ½ */
  readonly logisticWrong: number;
  /** mean binary cross-entropy over the data, as the model evaluates it */
  readonly loss: number;
  /** the sigmoid's output, P(class 1), for every point, as the model predicts it */
  readonly probabilities: Float32Array;
  /** w·x + b of every point: where it sits under the sigmoid */
  readonly sums: Float64Array;
  /** P(class 1) at the cell centres of a resolution × resolution grid over the plot, top row first */
  readonly grid: Float32Array;
}

/** Which line ends further from the nearest point: the question the learner answers first. */
export type FurtherLine = 'perceptron' | 'logistic' | 'same';
export const FURTHER_LINES: readonly FurtherLine[] = ['perceptron', 'logistic', 'same'];

/** Margins closer than this (in the data's units) count as the same: a hair the eye cannot tell apart. */
export const SAME_MARGIN = 0.02;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPair = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string');
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Reads a step's start from untyped step data, never throwing: undefined when it is not one. */
export function readLogisticStart(value: unknown): LogisticStart | undefined {
  if (!isRecord(value) || typeof value.dataset !== 'string' || typeof value.question !== 'string') return undefined;
  if (!(positive(value.maxEpochs) && Number.isInteger(value.maxEpochs)) || !positive(value.learningRate) || !positive(value.speed)) return undefined;
  return {
    dataset: value.dataset,
    ...(isPair(value.features) ? { features: value.features } : {}),
    maxEpochs: value.maxEpochs,
    learningRate: value.learningRate,
    speed: value.speed,
    question: value.question
  };
}

export function readLogisticGoal(value: unknown): LogisticGoal | undefined {
  return isRecord(value) && typeof value.task === 'string' ? { task: value.task } : undefined;
}

/** Which line is further from its nearest point, margins within SAME_MARGIN counting as the same. */
export function furtherLine(entry: Pick<ComparisonEpoch, 'perceptronMargin' | 'logisticMargin'>): FurtherLine {
  const gap = entry.logisticMargin - entry.perceptronMargin;
  return Math.abs(gap) < SAME_MARGIN ? 'same' : gap > 0 ? 'logistic' : 'perceptron';
}

export interface LogisticComparisonOptions {
  start: LogisticStart;
  /** seeds the shared starting weights (Glorot uniform, as Keras draws them) */
  seed: number;
  /** cells per side of the probability grid; default 32 (the picture smooths it) */
  resolution?: number;
  /** the epoch the cursor stands at once worked out (a link's); default 0 */
  at?: number;
  /** epochs per second; default the start's */
  speed?: number;
  frames?: FrameScheduler;
}

export class LogisticComparison extends ClockedRun {
  readonly start: LogisticStart;
  readonly data: PlanarData;
  readonly seed: number;
  readonly resolution: number;
  readonly maxEpochs: number;
  /** the logistic regression, holding the weights of its last epoch once `done` resolves */
  readonly model: Sequential;
  /** resolves when every epoch of both runs has been worked out */
  readonly done: Promise<void>;

  /** epochs shown: 0 before training, maxEpochs at the end */
  cursor = $state(0);
  /** every epoch has been worked out: the controls may move */
  ready = $state(false);
  /** why the runs could not be worked out, or null */
  error = $state<string | null>(null);
  /** the epoch whose pass made no mistake (the perceptron stops there), or null when it never converged */
  convergedEpoch = $state<number | null>(null);
  /** epochs the perceptron trained before it stopped */
  perceptronEpochs = $state(0);

  private entries: ComparisonEpoch[] = [];
  protected readonly clock: PlayClock;
  protected readonly firstStepDue = 1;

  constructor(options: LogisticComparisonOptions) {
    super();
    this.start = options.start;
    this.seed = options.seed;
    this.resolution = options.resolution ?? 32;
    this.maxEpochs = options.start.maxEpochs;
    this.data = planarData(options.start.dataset, options.start.features);
    this.clock = new PlayClock((n) => this.stepForward(n), { speed: options.speed ?? options.start.speed, frames: options.frames });
    this.model = sequential([dense(1, 'sigmoid', { inputShape: [2] })], { seed: this.seed, name: 'logistic_regression' });
    this.model.compile({ optimizer: sgd({ learningRate: options.start.learningRate }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    this.done = this.workOut(options.at ?? 0).catch((error: unknown) => {
      this.error = error instanceof Error ? error.message : String(error);
    });
  }

  /** Both learners at the cursor; undefined until worked out. */
  get current(): ComparisonEpoch | undefined {
    return this.ready ? this.entries[this.cursor] : undefined;
  }

  /** Both learners at any epoch from 0 (the start) to maxEpochs; undefined until worked out. */
  at(epoch: number): ComparisonEpoch | undefined {
    return this.ready ? this.entries[Math.max(0, Math.min(this.maxEpochs, Math.floor(epoch)))] : undefined;
  }

  /** The margins of the finished epochs up to the cursor (epoch 1 first), for the chart. */
  get margins(): { perceptron: number[]; logistic: number[] } {
    const shown = this.ready ? this.entries.slice(1, this.cursor + 1) : [];
    return { perceptron: shown.map((e) => e.perceptronMargin), logistic: shown.map((e) => e.logisticMargin) };
  }

  /** True once the cursor stands at the last epoch. */
  protected get canPlay(): boolean {
    return this.ready;
  }

  get finished(): boolean {
    return this.ready && this.cursor === this.maxEpochs;
  }

  /** The perceptron has stopped by the cursor's epoch. */
  get perceptronStopped(): boolean {
    return this.ready && this.cursor >= this.perceptronEpochs;
  }

  /** Moves up to `n` epochs on; returns how many it moved. */
  stepForward(n = 1): number {
    if (!this.ready) return 0;
    const next = Math.min(this.maxEpochs, this.cursor + Math.max(0, Math.floor(n)));
    const moved = next - this.cursor;
    this.cursor = next;
    if (this.finished) this.pause();
    return moved;
  }

  /** One epoch is the run's smallest step, so the end of this epoch is the next one. */
  toEpochEnd(): void {
    this.stepForward(1);
  }

  finish(): void {
    if (!this.ready) return;
    this.cursor = this.maxEpochs;
    this.pause();
  }

  reset(): void {
    this.pause();
    this.cursor = 0;
  }

  /** Runs both learners to the end from the same weights, keeping every epoch. */
  private async workOut(at: number): Promise<void> {
    const { dataset, points, box } = this.data;
    const x = tensor(dataset.x, [dataset.n, 2]);
    const y = tensor(Array.from(dataset.labels), [dataset.n, 1]);
    // the points and the grid in one batch: one prediction per epoch draws both
    const grid = gridPoints(box, this.resolution);
    const both = new Float32Array(dataset.x.length + grid.length);
    both.set(dataset.x);
    both.set(grid, dataset.x.length);
    const everywhere = tensor(both, [dataset.n + this.resolution ** 2, 2]);

    const [kernel, bias] = this.model.getWeights();
    const perceptron = new Perceptron({ nFeatures: 2 });
    perceptron.setParameters({ weights: [Float64Array.from(kernel.data)], biases: Float64Array.from(bias.data) });
    const run = trainPerceptron(perceptron, dataset, { maxEpochs: this.maxEpochs });

    const entries: ComparisonEpoch[] = [];
    for (let epoch = 0; epoch <= this.maxEpochs; epoch++) {
      if (epoch > 0) await this.model.trainOnBatch(x, y);
      const trained = run.history[Math.min(epoch, run.history.length - 1)];
      const p: PlaneLine = { weights: [trained.weights[0][0], trained.weights[0][1]], bias: trained.biases[0] };
      entries.push({
        epoch,
        perceptron: p,
        perceptronWrong: wrongSide(p.weights, p.bias, dataset).length,
        perceptronMargin: lineMargin(p.weights[0], p.weights[1], p.bias, points),
        ...(await this.logisticAt(everywhere, x, y))
      });
    }
    this.entries = entries;
    this.convergedEpoch = run.convergedEpoch;
    this.perceptronEpochs = run.epochs;
    this.cursor = Math.max(0, Math.min(this.maxEpochs, Math.floor(at)));
    this.ready = true;
  }

  private async logisticAt(everywhere: Tensor, x: Tensor, y: Tensor) {
    const [kernel, bias] = this.model.getWeights();
    const line: PlaneLine = { weights: [kernel.data[0], kernel.data[1]], bias: bias.data[0] };
    const out = (await this.model.predict(everywhere, { batchSize: everywhere.shape[0] })).data;
    const n = this.data.dataset.n;
    const { loss } = await this.model.evaluate(x, y, { batchSize: n });
    const { points, dataset } = this.data;
    const probabilities = out.slice(0, n);
    return {
      logistic: line,
      logisticMargin: lineMargin(line.weights[0], line.weights[1], line.bias, points),
      loss,
      logisticWrong: points.filter((q, i) => (probabilities[i] >= 0.5 ? 1 : 0) !== q.label).length,
      probabilities,
      sums: Float64Array.from(points, (_, i) => weightedSum(line.weights, line.bias, rowOf(dataset, i))),
      grid: out.slice(n)
    };
  }
}
