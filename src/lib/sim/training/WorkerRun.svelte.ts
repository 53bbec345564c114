/**
 * A training run in the worker as a lab sees it, and the one listener of the worker's
 * events: the run's phase, its latest snapshot, the line saying which backend trains
 * and why, a divergence's diagnosis and a crash's message, as runes a panel reads.
 * Every start is numbered, so the late events of a run that was replaced never reach
 * the lab; what a lab does with a snapshot, an ending or a failure it says in hooks. When
 * the worker was lost mid-run (it crashed, or went silent), starting the same job again
 * goes on in a fresh worker from the run's last snapshot.
 */
import type { Measurement, Rejection } from '$lib/engine/select';
import type { DivergenceCause, EstimateJob, RunPlace, Snapshot, StepTiming, TrainingEvent, TrainingJob } from './protocol';
import { holdIdle } from '$lib/activity';
import { TrainingClient, type WorkerFactory } from './TrainingClient';

export type RunPhase = 'idle' | 'training' | 'paused' | 'finished' | 'cancelled' | 'diverged' | 'failed';
export type RunEnd = 'finished' | 'cancelled' | 'diverged';

/** Why training stopped (numbers stopped being finite, or the model collapsed on one answer), and what to try. */
export interface Diagnosis {
  readonly cause: DivergenceCause;
  readonly message: string;
  readonly suggestion: string;
  /** the layer (or 'loss') where the first non-finite number appeared; '' for a collapse */
  readonly layer: string;
}

export interface WorkerRunHooks {
  /** every snapshot of the current run, its last one included, once the run's own state holds it */
  onsnapshot?(snapshot: Snapshot): void;
  /**
   * the current run ended; its last snapshot came through onsnapshot just before.
   * `paused`: the page had paused or stepped it (a run that finishes while playing may go on).
   */
  onend?(end: RunEnd, snapshot: Snapshot, paused: boolean): void;
  /** the worker failed (crashed, or went silent) while the run was alive; `error` says so */
  onfail?(): void;
}

export interface WorkerRunOptions extends WorkerRunHooks {
  /** makes the worker; tests hand in one that runs in the page */
  workerFactory?: WorkerFactory;
}

export class WorkerRun {
  #phase = $state<RunPhase>('idle');
  #releaseIdle: (() => void) | null = null;

  get phase(): RunPhase {
    return this.#phase;
  }

  /** While the run trains, a kiosk's idle reset waits for it (a visitor watching the curves is there); paused, it does not. */
  set phase(next: RunPhase) {
    this.#phase = next;
    if (next === 'training') this.#releaseIdle ??= holdIdle();
    else {
      this.#releaseIdle?.();
      this.#releaseIdle = null;
    }
  }

  snapshot = $state.raw<Snapshot | null>(null);
  /** "training on: WebAssembly SIMD (our kernels), compiled step — fastest of 2 measured", once the worker has chosen */
  backendLine = $state('');
  /** the chooser's table on this device: what it timed (fastest first) and what it left out */
  backends = $state.raw<{ chosen: string; label: string; reason: string; measured: Measurement[]; rejected: Rejection[] } | null>(null);
  diagnosis = $state.raw<Diagnosis | null>(null);
  error = $state('');
  /** a job lives in the worker and may be paused, resumed, stepped or cancelled */
  readonly alive = $derived(this.phase === 'training' || this.phase === 'paused');

  private readonly options: WorkerRunOptions;
  private client: TrainingClient | null = null;
  private runId = 0;
  private estimates = new Map<number, { resolve: (t: StepTiming) => void; reject: (e: Error) => void }>();
  private estimateId = 0;
  /** what makes a job the same run again (see sameRun) */
  private startedKey = '';

  constructor(options: WorkerRunOptions = {}) {
    this.options = options;
  }

  /**
   * Starts a job in place of any run in flight; `transfer` moves buffers to the worker (see
   * TrainingClient.start). After the worker was lost mid-run, the same job goes on from the
   * run's last snapshot: its weights, and the batch and history it had reached.
   */
  start(job: TrainingJob, transfer: Transferable[] = []): void {
    const key = sameRun(job);
    const lost = this.phase === 'failed' && key === this.startedKey ? this.snapshot : null;
    const goOn = lost ? { initialWeights: lost.weights, resume: placeOf(lost) } : {};
    this.startedKey = key;
    this.runId++;
    this.phase = job.startPaused ? 'paused' : 'training';
    this.snapshot = null;
    this.diagnosis = null;
    this.error = '';
    this.client ??= new TrainingClient((event) => this.receive(event), this.options.workerFactory);
    this.client.start({ ...job, ...goOn, id: this.runId }, transfer);
  }

  /**
   * Times a few steps of a model in the worker, on the backend it would train on (see
   * measureSteps). Rejects while a run trains, or when the worker cannot build the model.
   */
  estimate(job: Omit<EstimateJob, 'id'>): Promise<StepTiming> {
    const id = ++this.estimateId;
    return new Promise<StepTiming>((resolve, reject) => {
      this.estimates.set(id, { resolve, reject });
      this.client ??= new TrainingClient((event) => this.receive(event), this.options.workerFactory);
      this.client.estimate({ ...job, id });
    });
  }

  pause(): void {
    if (this.phase !== 'training') return;
    this.client?.pause();
    this.phase = 'paused';
  }

  resume(): void {
    if (this.phase !== 'paused') return;
    this.client?.resume();
    this.phase = 'training';
  }

  /** Trains `batches` more batches, then pauses. */
  step(batches = 1): void {
    if (!this.alive) return;
    this.client?.step(batches);
    this.phase = 'paused';
  }

  /** Asks the worker to stop; the run ends 'cancelled' with the last snapshot the worker sends. */
  cancel(): void {
    if (this.alive) this.client?.cancel();
  }

  /** Stops the run and forgets it now, its snapshot and diagnosis too: nothing it still sends arrives. */
  discard(): void {
    if (this.alive) this.client?.cancel();
    this.runId++;
    this.phase = 'idle';
    this.snapshot = null;
    this.diagnosis = null;
    this.error = '';
  }

  /** Ends the worker; call when the lab goes away. */
  dispose(): void {
    for (const pending of this.estimates.values()) pending.reject(new Error('the lab was closed'));
    this.estimates.clear();
    this.client?.dispose();
    this.client = null;
    this.runId++;
    if (this.alive) this.phase = 'idle';
  }

  private receive(event: TrainingEvent): void {
    if (event.type === 'backend') {
      this.backendLine = event.line;
      this.backends = { chosen: event.name, label: event.label, reason: event.reason, measured: event.measured, rejected: event.rejected };
      return;
    }
    if (event.type === 'estimate' || event.type === 'estimate-failed') {
      const id = event.type === 'estimate' ? event.timing.id : event.id;
      const pending = this.estimates.get(id);
      this.estimates.delete(id);
      if (event.type === 'estimate') pending?.resolve(event.timing);
      else pending?.reject(new Error(event.message));
      return;
    }
    if (event.type === 'error') {
      // a crashed worker answers no estimate either
      const owed = this.alive || this.estimates.size > 0;
      for (const pending of this.estimates.values()) pending.reject(new Error(event.message));
      this.estimates.clear();
      // a worker lost while it owed the lab nothing is only replaced, by the next start
      if (!owed) return;
      const wasAlive = this.alive;
      this.phase = 'failed';
      this.error = event.message;
      if (wasAlive) this.options.onfail?.();
      return;
    }
    if (event.type === 'alive') return;
    const s = event.snapshot;
    if (s.runId !== this.runId) return;
    const paused = this.phase === 'paused';
    this.snapshot = s;
    if (event.type === 'done') this.phase = event.reason;
    else if (event.type === 'diverged') {
      this.phase = 'diverged';
      this.diagnosis = { cause: event.cause, message: event.message, suggestion: event.suggestion, layer: event.layer };
    }
    this.options.onsnapshot?.(s);
    if (event.type !== 'snapshot') this.options.onend?.(this.phase as RunEnd, s, paused);
  }
}

/** A job's run, apart from where it starts: the model and how it is fitted, on how many samples. */
function sameRun(job: TrainingJob): string {
  const { model, epochs, batchSize, shuffle, seed, x, validation } = job;
  return JSON.stringify([model, epochs, batchSize, shuffle, seed, x.shape, validation?.x.shape ?? null]);
}

function placeOf(s: Snapshot): RunPlace {
  const { epoch, batch, samplesSeen, loss, accuracy, history } = s;
  return { epoch, batch, samplesSeen, loss, accuracy, history };
}
