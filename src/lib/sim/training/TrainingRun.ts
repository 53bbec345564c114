/**
 * One training job as the worker runs it (and the tests run it in Node): the model's
 * own `fit`, paced from its batch-end hook so a learner can pause, resume, step one
 * batch at a time and cancel (through fit's AbortSignal), with snapshots (weights,
 * loss, accuracy, samples/s, decision grid) leaving at a bounded rate however fast
 * the batches go. If the backend fails mid-fit, `recover` may switch to another, and the
 * fit goes on from the weights and the batch it had reached, as one run; a job may also
 * go on from where a run in a worker that was lost stood. Long passes (scoring the
 * validation data, predicting it) go a batch at a time, so commands and the worker's
 * heartbeat get through between batches. A job may ask to be stopped, as a divergence
 * stops it, when an epoch leaves the model collapsed on one answer (collapse.ts).
 */
import { nextTask } from '$lib/nextTask';
import { gridPoints as planeGridPoints } from '$lib/geometry';
import type { Tensor } from '$lib/engine/tensor';
import { takeRows } from '$lib/models/batches';
import { buildModel } from '$lib/models/modelSpec';
import type { BatchEnd, EpochEnd, FitResume, Sequential } from '$lib/models/sequential';
import { ModelTooLargeError } from '$lib/models/trainingMemory';
import { TrainingDivergedError } from '$lib/models/TrainingDivergedError';
import { answers, classCount, collapseOf, judgesLoss, suspicious, targetClasses, TrainingCollapsedError } from './collapse';
import type { GridSpec, RunPlace, Snapshot, TrainingEvent, TrainingJob } from './protocol';

/** The centres of a grid's cells, row by row from the top (yMax) down, as [r * r, 2]. */
export function gridPoints(grid: GridSpec): Tensor {
  const r = grid.resolution;
  return { data: planeGridPoints(grid, r), shape: [r * r, 2] };
}

type Gate = { resolve: () => void; promise: Promise<void> };

function openGate(): Gate {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { resolve, promise };
}

/** Lets queued messages (pause, cancel) and the heartbeat's timer in between batches without paying a timer per batch. */
/** At most this long between two yields, so commands are read while training runs flat out. */
const YIELD_MS = 30;

/** Called when a fit failed for a reason other than divergence or cancelling: true once another backend is active to go on on. */
export type Recover = (error: unknown) => Promise<boolean>;

export class TrainingRun {
  readonly model: Sequential;
  private readonly job: TrainingJob;
  private readonly emit: (event: TrainingEvent) => void;
  private readonly now: () => number;
  private readonly recover: Recover | undefined;
  private readonly batches: number;
  private paused: boolean;
  /** batches left to run before pausing again, when stepping */
  private stepBudget = 0;
  private readonly abort = new AbortController();
  private gate: Gate | null = null;
  private history: Snapshot['history'] = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
  private position = { epoch: 1, batch: 0, samplesSeen: 0, loss: 0, correct: 0, seenThisEpoch: 0 };
  private rate = { samples: 0, since: 0, perSecond: 0 };
  private readonly grid: Tensor | null;
  private lastSnapshot = -Infinity;
  private lastYield = 0;
  private clock = { start: 0, pausedMs: 0 };
  /** samplesSeen when the validation outputs were last sent, so a long pause sends them once */
  private outputsAt = -1;
  /** the model's outputs on the validation inputs and the samplesSeen they are for, so one pass serves the collapse check and the snapshot */
  private outputs: { at: number; tensor: Tensor } | null = null;
  /** the classes of the validation targets, once a collapse check needs them */
  private truth: Int32Array | null = null;

  constructor(job: TrainingJob, emit: (event: TrainingEvent) => void, now: () => number = () => performance.now(), recover?: Recover) {
    this.job = job;
    this.emit = emit;
    this.now = now;
    this.recover = recover;
    this.paused = job.startPaused ?? false;
    this.batches = Math.ceil(job.x.shape[0] / job.batchSize);
    this.model = buildModel(job.model);
    if (job.initialWeights) this.model.setWeights(job.initialWeights);
    this.grid = job.grid ? gridPoints(job.grid) : null;
    if (job.resume) this.standAt(job.resume);
  }

  /** Takes up the place and history of a run that stopped there (its last snapshot). */
  private standAt(place: RunPlace): void {
    const seen = Math.min(this.job.x.shape[0], place.batch * this.job.batchSize);
    this.history = structuredClone(place.history);
    this.position = { epoch: place.epoch, batch: place.batch, samplesSeen: place.samplesSeen, loss: place.loss * seen, correct: place.accuracy * seen, seenThisEpoch: seen };
  }

  pause(): void {
    this.paused = true;
    this.stepBudget = 0;
  }

  resume(): void {
    this.paused = false;
    this.stepBudget = 0;
    this.release();
  }

  /** Runs `batches` more batches, then pauses. */
  step(batches = 1): void {
    this.paused = true;
    this.stepBudget += Math.max(1, Math.floor(batches));
    this.release();
  }

  cancel(): void {
    this.abort.abort();
    this.release();
  }

  private release(): void {
    this.gate?.resolve();
    this.gate = null;
  }

  /**
   * Before every batch: reads queued commands now and then, waits while paused, and
   * counts a step. False once cancelled (fit then stops at its next batch).
   */
  private async beforeBatch(): Promise<boolean> {
    if (this.now() - this.lastYield > YIELD_MS || this.paused) {
      await nextTask();
      this.lastYield = this.now();
    }
    const wasPaused = this.paused;
    const waitStart = this.now();
    while (!this.abort.signal.aborted && this.paused && this.stepBudget === 0) {
      this.gate ??= openGate();
      await this.gate.promise;
    }
    if (wasPaused) this.clock.pausedMs += this.now() - waitStart;
    if (this.abort.signal.aborted) return false;
    if (this.stepBudget > 0) this.stepBudget--;
    // samples/s counts training time only, never the time spent waiting
    if (wasPaused) this.rate = { samples: 0, since: this.now(), perSecond: this.rate.perSecond };
    return true;
  }

  /** Trains until every epoch is done, the run is cancelled, or training diverges. */
  async run(): Promise<void> {
    this.lastYield = this.now();
    this.rate.since = this.now();
    this.clock = { start: this.now(), pausedMs: 0 };
    if (!(await this.beforeBatch())) return await this.finish('cancelled');
    let resume: FitResume | undefined = this.job.resume ? this.reached() : undefined;
    for (;;) {
      try {
        await this.fit(resume);
        return await this.finish('finished');
      } catch (error) {
        if (this.abort.signal.aborted) return await this.finish('cancelled');
        if (error instanceof TrainingDivergedError || error instanceof TrainingCollapsedError) {
          const { message, suggestion } = error;
          const [cause, layer] = error instanceof TrainingDivergedError ? (['not-finite', error.details.layer] as const) : (['collapsed', ''] as const);
          return this.emit({ type: 'diverged', cause, message, suggestion, layer, snapshot: await this.snapshot(true) });
        }
        // a model too large is too large anywhere it was measured; anything else may be the backend's fault
        if (!(error instanceof ModelTooLargeError) && this.recover && (await this.recover(error))) {
          resume = this.reached();
          continue;
        }
        return this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private async fit(resume: FitResume | undefined): Promise<void> {
    const { x, y, epochs, batchSize, shuffle, seed, validation } = this.job;
    const interval = this.job.snapshotIntervalMs ?? 100;
    await this.model.fit(x, y, {
      epochs,
      batchSize,
      shuffle,
      seed,
      resume,
      validationData: validation ? [validation.x, validation.y] : undefined,
      signal: this.abort.signal,
      onBatchEnd: async (b) => {
        this.record(b);
        // the epoch's last batch reports after the epoch is scored, so its snapshot carries the epoch's history
        if (b.batch === b.batches) return;
        if (this.now() - this.lastSnapshot >= interval || this.paused) await this.report();
        await this.beforeBatch();
      },
      onEpochEnd: async (e) => {
        this.endEpoch(e);
        await this.watch(e.epoch);
        await this.report();
        if (e.epoch < e.epochs) await this.beforeBatch();
      },
      onTestBatchEnd: () => this.keepAnswering()
    });
  }

  /** Lets commands and the heartbeat in now and then during a long pass that is not training. */
  private async keepAnswering(): Promise<void> {
    if (this.now() - this.lastYield <= YIELD_MS) return;
    await nextTask();
    this.lastYield = this.now();
  }

  /** After an epoch of a job that asks: throws TrainingCollapsedError when the model collapsed on one answer. */
  private async watch(epoch: number): Promise<void> {
    const { watchCollapse: words, validation, model } = this.job;
    if (!words || !validation || !judgesLoss(model)) return;
    const h = this.history;
    this.truth ??= targetClasses(validation.y);
    const facts = { epoch, classes: classCount(model), learningRate: model.learningRate, loss: h.loss[h.loss.length - 1], accuracy: h.valAccuracy[h.valAccuracy.length - 1], truth: this.truth };
    // counting the answers takes a pass over the validation inputs: only when loss and accuracy already point that way
    if (!suspicious(facts)) return;
    const collapse = collapseOf(facts, answers(await this.validationOutputs()), words);
    if (collapse) throw collapse;
  }

  /** The model's outputs on the validation inputs now, a batch at a time; computed once per place in the run. */
  private async validationOutputs(): Promise<Tensor> {
    const x = (this.job.validation as { x: Tensor }).x;
    const at = this.position.samplesSeen;
    if (this.outputs?.at === at) return this.outputs.tensor;
    const n = x.shape[0];
    const size = this.job.batchSize;
    let out: Float32Array | null = null;
    let width = 0;
    for (let start = 0; start < n; start += size) {
      const end = Math.min(n, start + size);
      const part = await this.model.predict(takeRows(x, null, start, end), { batchSize: size });
      width = part.data.length / (end - start);
      out ??= new Float32Array(n * width);
      out.set(part.data, start * width);
      await this.keepAnswering();
    }
    const tensor: Tensor = { data: out ?? new Float32Array(0), shape: [n, width] };
    this.outputs = { at, tensor };
    return tensor;
  }

  /** The validation outputs for a snapshot; they leave with it (transferred), so they are not kept. */
  private async sentOutputs(): Promise<Tensor> {
    const tensor = await this.validationOutputs();
    this.outputs = null;
    return tensor;
  }

  /** Where the fit stands, for another fit to go on from. */
  private reached(): FitResume {
    const p = this.position;
    const history = structuredClone(this.history);
    // an epoch already scored is over: go on with the next one
    if (history.loss.length >= p.epoch) return { epoch: p.epoch + 1, batch: 0, samplesSeen: p.samplesSeen, lossSum: 0, correct: 0, history };
    return { epoch: p.epoch, batch: p.batch, samplesSeen: p.samplesSeen, lossSum: p.loss, correct: p.correct, history };
  }

  private record(b: BatchEnd): void {
    if (b.batch === 1) this.position = { ...this.position, epoch: b.epoch, loss: 0, correct: 0, seenThisEpoch: 0 };
    const p = this.position;
    const samples = b.samplesSeen - p.samplesSeen;
    p.batch = b.batch;
    p.samplesSeen = b.samplesSeen;
    p.seenThisEpoch += samples;
    p.loss += b.loss * samples;
    p.correct += (b.accuracy ?? NaN) * samples;
    this.rate.samples += samples;
    const elapsed = (this.now() - this.rate.since) / 1000;
    if (elapsed > 0.25) {
      this.rate.perSecond = this.rate.samples / elapsed;
      this.rate = { samples: 0, since: this.now(), perSecond: this.rate.perSecond };
    } else if (this.rate.perSecond === 0 && elapsed > 0) {
      this.rate.perSecond = this.rate.samples / elapsed;
    }
  }

  /** fit's history after an epoch; accuracy is NaN per epoch when the model was compiled without it. */
  private endEpoch(e: EpochEnd): void {
    const h = e.history;
    const perEpoch = (values: number[]) => (values.length === h.loss.length ? [...values] : h.loss.map(() => NaN));
    this.history = {
      loss: [...h.loss],
      accuracy: perEpoch(h.accuracy),
      valLoss: [...h.valLoss],
      valAccuracy: this.job.validation ? perEpoch(h.valAccuracy) : []
    };
  }

  private async report(): Promise<void> {
    this.emit({ type: 'snapshot', snapshot: await this.snapshot() });
    this.lastSnapshot = this.now();
  }

  private async finish(reason: 'finished' | 'cancelled'): Promise<void> {
    this.emit({ type: 'done', reason, snapshot: await this.snapshot(true) });
  }

  /** The state the page draws, copied so it can be transferred; `last`: the run's final one. */
  async snapshot(last = false): Promise<Snapshot> {
    const p = this.position;
    const seen = Math.max(1, p.seenThisEpoch);
    const validation = this.job.validationOutputs ? this.job.validation : undefined;
    const sendOutputs = validation !== undefined && (last || (this.paused && this.outputsAt !== p.samplesSeen));
    if (sendOutputs) this.outputsAt = p.samplesSeen;
    return {
      epoch: p.epoch,
      epochs: this.job.epochs,
      batch: p.batch,
      batches: this.batches,
      samplesSeen: p.samplesSeen,
      samplesPerSecond: this.rate.perSecond,
      trainingMs: this.now() - this.clock.start - this.clock.pausedMs,
      loss: p.seenThisEpoch ? p.loss / seen : NaN,
      accuracy: p.seenThisEpoch ? p.correct / seen : NaN,
      history: structuredClone(this.history),
      weights: this.model.getWeights(),
      grid: this.grid ? await this.model.predict(this.grid, { batchSize: 1024 }) : undefined,
      outputs: sendOutputs ? await this.sentOutputs() : undefined,
      paused: this.paused,
      runId: this.job.id
    };
  }
}

/** The arrays of a snapshot, to hand to postMessage as transferables. */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const tensors = [...s.weights, ...(s.grid ? [s.grid] : []), ...(s.outputs ? [s.outputs] : [])];
  return tensors.map((t) => t.data.buffer as ArrayBuffer);
}
