/**
 * "Type your own activation" as state: the text the learner typed, what the parser makes
 * of it (f and f′ as formulas and a curve, or where and why it is refused), and a short
 * run in the training worker of a 2-4-1 network on XOR with f in the hidden layer. The
 * component shows it; nothing here draws.
 */
import { CHECK_RANGE, tryParseActivation } from '$lib/models/customActivation';
import { customCurve, sampleInputs } from './activationCurves';
import { activationLabJob, LAB_EPOCHS } from './activationLab';
import { configKey, type KeptWork } from './keep/KeptWork.svelte';
import type { WorkerFactory } from './training/TrainingClient';
import { WorkerRun, type RunPhase } from './training/WorkerRun.svelte';

export { CHECK_RANGE };

/** How a run with the learner's activation ended. */
export interface LabResult {
  expression: string;
  outcome: 'finished' | 'diverged';
  firstLoss: number;
  lastLoss: number;
  accuracy: number;
}

export interface ActivationLabOptions {
  /** the expression the input starts with */
  initial: string;
  seed: number;
  /** a `?backend=` override for the worker */
  backend?: string;
  workerFactory?: WorkerFactory;
  ontrained?: (result: LabResult) => void;
  /** keeps a finished run in the browser, and restores it when the link types the same activation */
  keep?: KeptWork;
}

/** A run kept from an earlier visit: what it trained with and its curves. */
interface RestoredRun {
  expression: string;
  losses: number[];
  accuracy: number;
  finished: boolean;
}

/** Where f and f′ are plotted: the range every hidden unit's input is checked on, 20 samples a unit. */
const PLOTTED = sampleInputs(CHECK_RANGE[0], CHECK_RANGE[1], 20);

export class ActivationLabSim {
  readonly seed: number;
  private readonly backend?: string;
  expression = $state('');
  readonly parsed = $derived(tryParseActivation(this.expression));
  readonly curve = $derived(this.parsed.ok ? customCurve(this.parsed.activation, PLOTTED) : undefined);
  /** the typed text split around the column where parsing failed, to mark the place */
  readonly marked = $derived.by(() => {
    if (this.parsed.ok || !this.parsed.error.column) return undefined;
    const i = this.parsed.error.column - 1;
    return { before: this.expression.slice(0, i), at: this.expression.slice(i, i + 1) || ' ', after: this.expression.slice(i + 1) };
  });
  /** the expression the current or last run trained with */
  trainedWith = $state('');
  readonly run: WorkerRun;
  /** the run restored from the browser, until the next one starts */
  restored = $state.raw<RestoredRun | null>(null);
  private readonly keep?: KeptWork;

  constructor(options: ActivationLabOptions) {
    this.seed = options.seed;
    this.backend = options.backend;
    this.expression = options.initial;
    this.keep = options.keep;
    this.run = new WorkerRun({
      workerFactory: options.workerFactory,
      onend: (end, s) => {
        const losses = s.history.loss;
        if (end !== 'diverged' && losses.length > 0) {
          const job = activationLabJob(this.trainedWith, this.seed);
          this.keep?.save(configKey([this.trainedWith, this.seed]), job.model, { weights: s.weights, epoch: losses.length, curves: { loss: losses, accuracy: s.history.accuracy } });
        }
        const expression = this.trainedWith;
        if (end === 'finished' && losses.length > 0) {
          options.ontrained?.({ expression, outcome: 'finished', firstLoss: losses[0], lastLoss: losses[losses.length - 1], accuracy: s.history.accuracy[s.history.accuracy.length - 1] });
        } else if (end === 'diverged') {
          options.ontrained?.({ expression, outcome: 'diverged', firstLoss: losses[0] ?? NaN, lastLoss: NaN, accuracy: NaN });
        }
      }
    });
    if (this.keep) void this.restore(this.keep, options.ontrained);
  }

  get training(): boolean {
    return this.run.phase === 'training';
  }

  /** The run's phase; a run restored from the browser reads as the run it was, finished or stopped. */
  get phase(): RunPhase {
    if (this.run.phase !== 'idle' || !this.restored) return this.run.phase;
    return this.restored.finished ? 'finished' : 'cancelled';
  }

  /** Loss per finished epoch of the current or last run. */
  get losses(): number[] {
    return this.run.snapshot?.history.loss ?? this.restored?.losses ?? [];
  }

  /** The share of points the current or last run classified right. */
  get accuracy(): number {
    return this.run.snapshot?.accuracy ?? this.restored?.accuracy ?? NaN;
  }

  /** The engine's why and what to do, without the "Training diverged at …:" the lab's own sentence already says. */
  get divergence(): string {
    return this.run.diagnosis?.message.replace(/^Training diverged[^:]*:\s*/, '') ?? '';
  }

  train(): void {
    if (!this.parsed.ok || this.training) return;
    this.trainedWith = this.parsed.activation.expression;
    this.restored = null;
    this.keep?.setAside();
    this.run.start(activationLabJob(this.trainedWith, this.seed, this.backend));
  }

  stop(): void {
    this.run.cancel();
  }

  /** Forgets the run kept in the browser; the lab shows no run until the next. */
  startFresh(): void {
    if (this.run.phase === 'idle') this.trainedWith = '';
    this.restored = null;
    void this.keep?.forget();
  }

  /** Takes up the run kept for the activation the lab opened with, unless the learner has moved on while it was read. */
  private async restore(keep: KeptWork, ontrained?: (result: LabResult) => void): Promise<void> {
    const expression = this.expression;
    const kept = await keep.load(configKey([expression, this.seed]), activationLabJob(expression, this.seed).model);
    if (!kept) return;
    const losses = kept.curves.loss ?? [];
    if (this.expression !== expression || this.run.phase !== 'idle' || losses.length === 0) {
      keep.setAside();
      return;
    }
    const accuracy = kept.curves.accuracy?.at(-1) ?? NaN;
    const finished = kept.epoch >= LAB_EPOCHS;
    this.trainedWith = expression;
    this.restored = { expression, losses, accuracy, finished };
    if (finished) ontrained?.({ expression, outcome: 'finished', firstLoss: losses[0], lastLoss: losses[losses.length - 1], accuracy });
  }

  dispose(): void {
    this.run.dispose();
  }
}
