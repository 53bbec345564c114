/**
 * The training loop the worker runs (and the tests run in Node): batch by batch with
 * trainOnBatch, so a learner can pause, resume, step one batch at a time and cancel,
 * and snapshots (weights, loss, accuracy, samples/s, decision grid) leave at a bounded
 * rate however fast the batches go.
 */
import type { Tensor } from '$lib/engine/tensor';
import { takeRows } from '$lib/models/batches';
import { TrainingDivergedError } from '$lib/models/TrainingDivergedError';
import type { Sequential } from '$lib/models/sequential';
import { createRandom, permutation } from '$lib/random';
import { buildModel } from '$lib/models/modelSpec';
import { gridPoints as planeGridPoints } from '$lib/geometry';
import type { GridSpec, Snapshot, TrainingEvent, TrainingJob } from './protocol';

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

/** Lets queued messages (pause, cancel) in between batches without paying a timer per batch. */
const yieldToEvents = () => new Promise<void>((r) => setTimeout(r, 0));

export class TrainingRun {
  readonly model: Sequential;
  private readonly job: TrainingJob;
  private readonly emit: (event: TrainingEvent) => void;
  private readonly now: () => number;
  private paused: boolean;
  /** batches left to run before pausing again, when stepping */
  private stepBudget = 0;
  private cancelled = false;
  private gate: Gate | null = null;
  private readonly history: Snapshot['history'] = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
  private position = { epoch: 1, batch: 0, samplesSeen: 0, loss: 0, correct: 0, seenThisEpoch: 0 };
  private rate = { samples: 0, since: 0, perSecond: 0 };
  private grid: Tensor | null;

  constructor(job: TrainingJob, emit: (event: TrainingEvent) => void, now: () => number = () => performance.now()) {
    this.job = job;
    this.emit = emit;
    this.now = now;
    this.paused = job.startPaused ?? false;
    this.model = buildModel(job.model);
    if (job.initialWeights) this.model.setWeights(job.initialWeights);
    this.grid = job.grid ? gridPoints(job.grid) : null;
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
    this.cancelled = true;
    this.release();
  }

  private release(): void {
    this.gate?.resolve();
    this.gate = null;
  }

  /** Waits while paused; true if a batch may run now. */
  private async mayRun(): Promise<boolean> {
    while (!this.cancelled && this.paused && this.stepBudget === 0) {
      this.gate ??= openGate();
      await this.gate.promise;
    }
    if (this.cancelled) return false;
    if (this.stepBudget > 0) this.stepBudget--;
    return true;
  }

  /** Trains until every epoch is done, the run is cancelled, or training diverges. */
  async run(): Promise<void> {
    const { x, y, epochs, batchSize, shuffle } = this.job;
    const n = x.shape[0];
    const batches = Math.ceil(n / batchSize);
    const random = createRandom(this.job.seed);
    const interval = this.job.snapshotIntervalMs ?? 100;
    let lastSnapshot = -Infinity;
    let lastYield = this.now();
    this.rate.since = this.now();
    try {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const order = shuffle ? permutation(n, random) : null;
        this.position = { ...this.position, epoch, batch: 0, loss: 0, correct: 0, seenThisEpoch: 0 };
        for (let batch = 1; batch <= batches; batch++) {
          if (this.now() - lastYield > 30 || this.paused) {
            await yieldToEvents();
            lastYield = this.now();
          }
          const wasPaused = this.paused;
          if (!(await this.mayRun())) return this.finish('cancelled');
          if (wasPaused) this.rate = { samples: 0, since: this.now(), perSecond: this.rate.perSecond };
          const start = (batch - 1) * batchSize;
          const end = Math.min(n, start + batchSize);
          const r = await this.model.trainOnBatch(takeRows(x, order, start, end), takeRows(y, order, start, end));
          this.record(batch, r.samples, r.loss, r.accuracy);
          // the epoch's last batch reports after the epoch is scored, so its snapshot carries the epoch's history
          const due = this.now() - lastSnapshot >= interval || this.paused;
          if (due && batch < batches) {
            this.emit({ type: 'snapshot', snapshot: await this.snapshot(batches) });
            lastSnapshot = this.now();
          }
        }
        await this.endEpoch();
        this.emit({ type: 'snapshot', snapshot: await this.snapshot(batches) });
        lastSnapshot = this.now();
      }
      await this.finish('finished');
    } catch (error) {
      if (error instanceof TrainingDivergedError) {
        this.emit({
          type: 'diverged',
          message: error.message,
          suggestion: error.suggestion,
          layer: error.details.layer,
          snapshot: await this.snapshot(batches)
        });
      } else {
        this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private record(batch: number, samples: number, loss: number, accuracy: number): void {
    const p = this.position;
    p.batch = batch;
    p.samplesSeen += samples;
    p.seenThisEpoch += samples;
    p.loss += loss * samples;
    p.correct += accuracy * samples;
    this.rate.samples += samples;
    const elapsed = (this.now() - this.rate.since) / 1000;
    if (elapsed > 0.25) {
      this.rate.perSecond = this.rate.samples / elapsed;
      this.rate = { samples: 0, since: this.now(), perSecond: this.rate.perSecond };
    } else if (this.rate.perSecond === 0 && elapsed > 0) {
      this.rate.perSecond = this.rate.samples / elapsed;
    }
  }

  private async endEpoch(): Promise<void> {
    const p = this.position;
    this.history.loss.push(p.loss / p.seenThisEpoch);
    this.history.accuracy.push(p.correct / p.seenThisEpoch);
    if (this.job.validation) {
      const v = await this.model.evaluate(this.job.validation.x, this.job.validation.y, { batchSize: 256 });
      this.history.valLoss.push(v.loss);
      this.history.valAccuracy.push(v.accuracy);
    }
  }

  private async finish(reason: 'finished' | 'cancelled'): Promise<void> {
    const batches = Math.ceil(this.job.x.shape[0] / this.job.batchSize);
    this.emit({ type: 'done', reason, snapshot: await this.snapshot(batches) });
  }

  /** The state the page draws, copied so it can be transferred. */
  async snapshot(batches: number): Promise<Snapshot> {
    const p = this.position;
    const seen = Math.max(1, p.seenThisEpoch);
    return {
      epoch: p.epoch,
      epochs: this.job.epochs,
      batch: p.batch,
      batches,
      samplesSeen: p.samplesSeen,
      samplesPerSecond: this.rate.perSecond,
      loss: p.seenThisEpoch ? p.loss / seen : NaN,
      accuracy: p.seenThisEpoch ? p.correct / seen : NaN,
      history: structuredClone(this.history),
      weights: this.model.getWeights(),
      grid: this.grid ? await this.model.predict(this.grid, { batchSize: 1024 }) : undefined,
      paused: this.paused,
      runId: this.job.id
    };
  }
}

/** The arrays of a snapshot, to hand to postMessage as transferables. */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const tensors = s.grid ? [...s.weights, s.grid] : s.weights;
  return tensors.map((t) => t.data.buffer as ArrayBuffer);
}
