/**
 * A perceptron training run as a learner watches it: the model's own trace
 * (`perceptronSteps`, one entry per instance seen) with a cursor that play, pause,
 * step and speed move over it. Everything a panel shows (weights, the sample, its
 * error, the update, errors per epoch) is read from the trace at the cursor, so the
 * picture is the model's real numbers and can be checked against `trainPerceptron`.
 *
 * The trace is pulled from the generator only as far as the cursor needs, so a run
 * that would take 1,000 epochs costs nothing until someone watches it.
 */
import type { LabelledData } from '$lib/models/labelledData';
import type { StepName } from '$lib/models/ltu';
import { Perceptron, type PerceptronParameters, type PerceptronRule } from '$lib/models/perceptron';
import { misclassified } from '$lib/models/wrongSide';
import { perceptronSteps, type EpochSummary, type TrainOptions, type TrainResult, type TrainStep } from '$lib/models/trainPerceptron';

import { ClockedRun, PlayClock, type FrameScheduler } from './PlayClock.svelte';

export type { EpochSummary, PerceptronParameters, TrainResult, TrainStep };

export interface PerceptronRunOptions {
  data: LabelledData;
  /** default 2 (one unit) */
  nClasses?: number;
  /** default 'rosenblatt' */
  rule?: PerceptronRule;
  /** default 'heaviside' under the Rosenblatt rule */
  step?: StepName;
  /** η; default 1 */
  learningRate?: number;
  /** passed to perceptronSteps: maxEpochs, shuffle, seed, stop… */
  train?: TrainOptions;
  /** starting weights; zeros when absent */
  start?: PerceptronParameters;
  /** instances per second while playing; default 10 */
  speed?: number;
  frames?: FrameScheduler;
}

/** Speeds a learner can pick, in instances per second: from one at a time to a blur. */
export const RUN_SPEEDS: readonly number[] = [1, 2, 5, 10, 25, 100, 500, 2500];

/** The most instances one frame may advance, so a slow frame never freezes the page. */
const MAX_PER_FRAME = 5000;

export class PerceptronRun extends ClockedRun {
  readonly data: LabelledData;
  readonly nClasses: number;
  readonly rule: PerceptronRule;
  readonly step: StepName;
  readonly learningRate: number;
  readonly options: TrainOptions;
  /** the weights before the first instance */
  readonly initial: PerceptronParameters;

  /** instances applied so far: 0 before training, trace length at the end */
  cursor = $state(0);
  /** how many trace entries have been computed (the trace itself is not reactive) */
  private computed = $state(0);
  private finalResult = $state.raw<TrainResult | null>(null);

  private readonly trace: TrainStep[] = [];
  /** index in `trace` of each epoch's last instance */
  private readonly epochEnds: number[] = [];
  private readonly generator: Generator<TrainStep, TrainResult, void>;
  /** holds any weights we need a prediction from; never the training model */
  private readonly scratch: Perceptron;
  /** plays the trace at `speed` instances per second */
  protected readonly clock: PlayClock;

  constructor(options: PerceptronRunOptions) {
    super();
    this.data = options.data;
    this.nClasses = options.nClasses ?? 2;
    this.options = { ...(options.train ?? {}) };
    this.clock = new PlayClock((n) => this.stepForward(n), { speed: options.speed ?? 10, frames: options.frames, maxPerFrame: MAX_PER_FRAME });
    const model = new Perceptron({
      nFeatures: options.data.sampleShape[0],
      nClasses: this.nClasses,
      rule: options.rule,
      step: options.step,
      learningRate: options.learningRate
    });
    if (options.start) model.setParameters(options.start);
    this.rule = model.rule;
    this.step = model.step;
    this.learningRate = model.learningRate;
    this.initial = model.parameters();
    this.scratch = new Perceptron({ nFeatures: model.nFeatures, nClasses: this.nClasses, rule: model.rule, step: model.step });
    // The generator owns `model` from here on: nothing else reads or writes it.
    this.generator = perceptronSteps(model, options.data, this.options);
  }

  /** The instance most recently applied, or undefined before the first. */
  get current(): TrainStep | undefined {
    void this.computed;
    return this.cursor === 0 ? undefined : this.trace[this.cursor - 1];
  }

  /** The weights as they stand at the cursor. */
  get parameters(): PerceptronParameters {
    return this.current?.after ?? this.initial;
  }

  /** The epoch the cursor is in (1-based), 0 before training. */
  get epoch(): number {
    return this.current?.epoch ?? 0;
  }

  /** Epochs finished by the cursor, with their summaries, in order. */
  get completedEpochs(): EpochSummary[] {
    void this.computed;
    const out: EpochSummary[] = [];
    for (const end of this.epochEnds) {
      if (end >= this.cursor) break;
      out.push(this.trace[end].epochEnd as EpochSummary);
    }
    return out;
  }

  /** Instances with a mistake in each finished epoch: what the errors chart plots. */
  get errorsPerEpoch(): number[] {
    return this.completedEpochs.map((e) => e.errors);
  }

  /** The epoch under way: how many instances it has seen and how many were mistakes. */
  get epochInProgress(): { epoch: number; seen: number; errors: number } | null {
    const step = this.current;
    if (!step || step.epochEnd) return null;
    let errors = 0;
    for (let i = this.cursor - 1 - step.position; i < this.cursor; i++) if (this.trace[i].mistake) errors++;
    return { epoch: step.epoch, seen: step.position + 1, errors };
  }

  /** True once the cursor stands at the end of a finished trace. */
  get finished(): boolean {
    return this.finalResult !== null && this.cursor === this.computed;
  }

  /** The model's summary of the whole run, once the cursor has reached its end. */
  get result(): TrainResult | null {
    return this.finished ? this.finalResult : null;
  }

  /** Fraction of the data the weights at the cursor classify correctly. */
  get accuracy(): number {
    this.scratch.setParameters(this.parameters);
    return this.scratch.accuracy(this.data);
  }

  /** Rows the weights at the cursor classify wrongly, by the model's own prediction. */
  get wrong(): number[] {
    this.scratch.setParameters(this.parameters);
    return misclassified(this.scratch, this.data);
  }

  /** Class predicted for a point with the weights at the cursor. */
  predict(x: ArrayLike<number>): number {
    this.scratch.setParameters(this.parameters);
    return this.scratch.predict(x);
  }

  /** The trace entry at 1-based instance number `n` (computing up to it), or undefined past the end. */
  stepAt(n: number): TrainStep | undefined {
    this.ensure(n);
    return n >= 1 ? this.trace[n - 1] : undefined;
  }

  /** Every instance of a finished epoch (one the cursor has passed), in order; [] otherwise. */
  stepsOfEpoch(epoch: number): TrainStep[] {
    void this.computed;
    const end = this.epochEnds.find((i) => this.trace[i].epoch === epoch);
    if (end === undefined || end >= this.cursor) return [];
    return this.trace.slice(end - this.trace[end].position, end + 1);
  }

  /** Moves the cursor forward by up to `n` instances; returns how many it moved. */
  stepForward(n = 1): number {
    const target = this.cursor + Math.max(0, Math.floor(n));
    this.ensure(target);
    const moved = Math.min(target, this.trace.length) - this.cursor;
    this.cursor += moved;
    if (this.finished) this.pause();
    return moved;
  }

  /** Moves to the last instance of the current epoch (or of the next, at an epoch's end). */
  toEpochEnd(): void {
    const epoch = this.current && !this.current.epochEnd ? this.current.epoch : this.epoch + 1;
    const endOf = () => this.epochEnds.find((i) => this.trace[i].epoch === epoch);
    while (endOf() === undefined && this.finalResult === null) this.ensure(this.trace.length + this.data.n);
    const end = endOf();
    this.cursor = end !== undefined ? end + 1 : this.trace.length;
    // one entry past the cursor, as stepForward pulls: what reads the trace up to the cursor then never pulls (a picture's derived may not)
    this.ensure(this.cursor);
    if (this.finished) this.pause();
  }

  /** Jumps to the end of training. */
  finish(): void {
    while (this.finalResult === null) this.ensure(this.trace.length + 10 * this.data.n);
    this.cursor = this.trace.length;
    this.pause();
  }

  /** Back to the weights before training; the trace is kept (it is the same run). */
  reset(): void {
    this.pause();
    this.cursor = 0;
  }

  /**
   * Pulls the trace from the model until it holds `n` entries or training has ended. One
   * entry more is pulled than asked for, so reaching the last instance is known at once.
   */
  private ensure(n: number): void {
    if (this.trace.length > n || this.finalResult !== null) return;
    while (this.trace.length <= n) {
      const next = this.generator.next();
      if (next.done) {
        this.finalResult = next.value;
        break;
      }
      if (next.value.epochEnd) this.epochEnds.push(this.trace.length);
      this.trace.push(next.value);
    }
    this.computed = this.trace.length;
  }
}
