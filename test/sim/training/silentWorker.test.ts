/**
 * A training worker that stops without a word (the browser stopped it to free memory, or
 * it closed itself) fires no error: the page hears its heartbeat stop. Fake workers that
 * answer a script and then fall silent, on a fake clock: the run fails with one message
 * after the limit, and the next start goes on in a fresh worker from the last snapshot.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleHolds } from '../../../src/lib/activity';
import { loadMnistFile } from '../../../src/lib/datasets/mnistNode';
import { xor } from '../../../src/lib/datasets/xor';
import { buildModel } from '../../../src/lib/models/modelSpec';
import { MnistLab, type MnistData } from '../../../src/lib/sim/MnistLab.svelte';
import { labVariants } from '../../../src/lib/sim/mnistLabSpec';
import { Playground } from '../../../src/lib/sim/playground/Playground.svelte';
import { HEARTBEAT_MS, type Snapshot, type TrainingCommand, type TrainingEvent, type TrainingJob } from '../../../src/lib/sim/training/protocol';
import { silenceLimits, workerSilentMessage, type WorkerFactory } from '../../../src/lib/sim/training/TrainingClient';
import { WorkerRun } from '../../../src/lib/sim/training/WorkerRun.svelte';
import { ensureMnist } from '../../datasets/ensureMnist';

/** What a fake worker does with a command it is sent. */
type Script = (worker: FakeWorker, command: TrainingCommand) => void;

class FakeWorker {
  onmessage: ((message: MessageEvent<TrainingEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly commands: TrainingCommand[] = [];
  terminated = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly script: Script) {}

  postMessage(command: TrainingCommand): void {
    this.commands.push(command);
    this.script(this, command);
  }

  /** Answers on a later tick, as a worker does. */
  send(event: TrainingEvent): void {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: event } as MessageEvent<TrainingEvent>);
    }, 1);
  }

  beat(on: boolean): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = on ? setInterval(() => this.send({ type: 'alive' }), HEARTBEAT_MS) : null;
  }

  terminate(): void {
    this.terminated = true;
    this.beat(false);
  }

  get started(): TrainingJob | undefined {
    return this.commands.findLast((c) => c.type === 'start')?.job;
  }
}

/** Makes fake workers, each with the next script (the last one again once they run out), and keeps them. */
function factory(...scripts: Script[]): WorkerFactory & { made: FakeWorker[] } {
  const made: FakeWorker[] = [];
  const make = () => {
    const worker = new FakeWorker(scripts[Math.min(made.length, scripts.length - 1)]);
    made.push(worker);
    return worker as unknown as Worker;
  };
  return Object.assign(make, { made });
}

/** A snapshot of a job's run at a place, with the starting weights of its model. */
function snapshotOf(job: TrainingJob, place: { epoch: number; batch: number }): Snapshot {
  const batches = Math.ceil(job.x.shape[0] / job.batchSize);
  const finished = place.epoch - 1;
  return {
    ...place,
    epochs: job.epochs,
    batches,
    samplesSeen: (finished * batches + place.batch) * job.batchSize,
    samplesPerSecond: 100,
    trainingMs: 1000,
    loss: 0.5,
    accuracy: 0.75,
    history: { loss: Array(finished).fill(0.6), accuracy: Array(finished).fill(0.7), valLoss: Array(finished).fill(0.6), valAccuracy: Array(finished).fill(0.7) },
    weights: buildModel(job.model).getWeights(),
    paused: job.startPaused ?? false,
    runId: job.id
  };
}

/** Answers a start with its backend and one snapshot, then says nothing more. */
const answersOnceThenSilent: Script = (worker, command) => {
  if (command.type !== 'start') return;
  worker.send({ type: 'backend', name: 'reference', label: 'plain JavaScript', line: 'training on: plain JavaScript', reason: 'the only backend that works here', measured: [], rejected: [] });
  worker.send({ type: 'snapshot', snapshot: snapshotOf(command.job, { epoch: 2, batch: 3 }) });
};
const beatsAndAnswers: Script = (worker, command) => {
  if (command.type === 'start') worker.beat(true);
  answersOnceThenSilent(worker, command);
};
const neverAnswers: Script = () => undefined;
/** Chooses its backend, says which, and is never heard of again. */
const choosesThenSilent: Script = (worker, command) => {
  if (command.type === 'start') worker.send({ type: 'backend', name: 'reference', label: 'plain JavaScript', line: 'training on: plain JavaScript', reason: 'the only backend that works here', measured: [], rejected: [] });
};

const data = xor({ seed: 1, n: 40, noise: 0 });
const job: TrainingJob = {
  model: {
    inputShape: [2],
    layers: [
      { type: 'dense', units: 4, activation: 'tanh' },
      { type: 'dense', units: 1, activation: 'sigmoid' }
    ],
    optimizer: 'sgd',
    loss: 'binaryCrossentropy',
    learningRate: 0.5,
    seed: 3
  },
  x: { data: data.x, shape: [data.n, 2] },
  y: { data: Float32Array.from(data.labels), shape: [data.n, 1] },
  epochs: 5,
  batchSize: 10,
  shuffle: true,
  seed: 1
};

const silence = workerSilentMessage(silenceLimits.running);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a worker that goes silent', () => {
  it('is given up after the limit with one message, and the same job goes on in a fresh worker from its last snapshot', async () => {
    const workers = factory(answersOnceThenSilent, neverAnswers);
    const ended: string[] = [];
    const run = new WorkerRun({ workerFactory: workers, onfail: () => ended.push('failed') });
    run.start(job);
    await vi.advanceTimersByTimeAsync(10);
    expect(run.phase).toBe('training');
    const last = run.snapshot!;
    expect(last.batch).toBe(3);

    await vi.advanceTimersByTimeAsync(silenceLimits.running - 100);
    expect(run.phase).toBe('training');
    await vi.advanceTimersByTimeAsync(200);
    expect(run.phase).toBe('failed');
    expect(run.error).toBe(silence);
    expect(silence).toBe(
      'The training stopped answering: its background worker has been silent for 60 seconds (the browser may have stopped it to free memory). Training again goes on from the weights reached so far.'
    );
    expect(workers.made[0].terminated).toBe(true);
    expect(ended).toEqual(['failed']);
    // the lab keeps what it was shown
    expect(run.snapshot).toBe(last);

    run.start(job);
    expect(workers.made).toHaveLength(2);
    const again = workers.made[1].started!;
    expect(again.initialWeights).toEqual(last.weights);
    expect(again.resume).toEqual({ epoch: 2, batch: 3, samplesSeen: 70, loss: 0.5, accuracy: 0.75, history: last.history });
    expect(run.phase).toBe('training');
    run.dispose();
  });

  it("holds a kiosk's idle reset off while it trains, and lets go when it pauses, fails or is closed", async () => {
    const workers = factory(answersOnceThenSilent, beatsAndAnswers);
    const run = new WorkerRun({ workerFactory: workers });
    expect(idleHolds.held).toBe(false);
    run.start(job);
    expect(idleHolds.held).toBe(true);
    await vi.advanceTimersByTimeAsync(silenceLimits.running + 100);
    expect(run.phase).toBe('failed');
    expect(idleHolds.held).toBe(false);
    run.start(job);
    expect(idleHolds.held).toBe(true);
    run.pause();
    expect(idleHolds.held).toBe(false);
    run.resume();
    expect(idleHolds.held).toBe(true);
    run.dispose();
    expect(idleHolds.held).toBe(false);
  });

  it('a different job after the loss starts afresh', async () => {
    const workers = factory(answersOnceThenSilent, neverAnswers);
    const run = new WorkerRun({ workerFactory: workers });
    run.start(job);
    await vi.advanceTimersByTimeAsync(silenceLimits.running + 100);
    expect(run.phase).toBe('failed');
    run.start({ ...job, model: { ...job.model, learningRate: 0.05 } });
    expect(workers.made[1].started?.resume).toBeUndefined();
    expect(workers.made[1].started?.initialWeights).toBeUndefined();
    run.dispose();
  });

  it('a paused run whose worker beats is waited for as long as it takes; once the beat stops, it is given up', async () => {
    const workers = factory(beatsAndAnswers);
    const run = new WorkerRun({ workerFactory: workers });
    run.start({ ...job, startPaused: true });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(run.phase).toBe('paused');
    workers.made[0].beat(false);
    await vi.advanceTimersByTimeAsync(silenceLimits.running + 100);
    expect(run.phase).toBe('failed');
    expect(run.error).toBe(silence);
    run.dispose();
  });

  it('is given longer before its first answer, while it chooses a backend by timing steps and runs the first one', async () => {
    const workers = factory(choosesThenSilent);
    const run = new WorkerRun({ workerFactory: workers });
    run.start(job);
    await vi.advanceTimersByTimeAsync(silenceLimits.running * 2);
    expect(run.backendLine).toBe('training on: plain JavaScript');
    expect(run.phase).toBe('training');
    await vi.advanceTimersByTimeAsync(silenceLimits.answering);
    expect(run.phase).toBe('failed');
    expect(run.error).toBe(workerSilentMessage(silenceLimits.answering));
    expect(run.error).toContain('silent for 10 minutes');
    run.dispose();
  });

  it('an estimate it never answers is rejected with the message', async () => {
    const run = new WorkerRun({ workerFactory: factory(neverAnswers) });
    const estimate = run.estimate({ model: job.model, batchSize: 10 });
    const outcome = estimate.then(
      () => 'answered',
      (error: Error) => error.message
    );
    await vi.advanceTimersByTimeAsync(silenceLimits.answering + 100);
    expect(await outcome).toBe(workerSilentMessage(silenceLimits.answering));
    run.dispose();
  });

  it('an idle worker that stops is let go without a word; the next start makes a fresh one', async () => {
    const workers = factory(answersOnceThenSilent, neverAnswers);
    const run = new WorkerRun({ workerFactory: workers });
    run.start(job);
    await vi.advanceTimersByTimeAsync(10);
    run.discard();
    await vi.advanceTimersByTimeAsync(silenceLimits.answering * 2);
    expect(workers.made[0].terminated).toBe(true);
    expect([run.phase, run.error]).toEqual(['idle', '']);
    run.start(job);
    expect(workers.made).toHaveLength(2);
    expect(workers.made[1].started?.resume).toBeUndefined();
    run.dispose();
  });
});

describe('the labs, when their worker goes silent', () => {
  let digits: MnistData;
  beforeAll(async () => {
    ensureMnist();
    digits = await loadMnistFile();
  });

  it('the MNIST lab stops "Training…", lets Fit start again, and Fit goes on from the weights reached', async () => {
    const workers = factory(answersOnceThenSilent, neverAnswers);
    const config = { ...structuredClone(labVariants.mlp.defaults), epochs: 3, dataset: 'small' as const, trainingSize: 1000 };
    const lab = new MnistLab({ seed: 3, loadData: async () => digits, workerFactory: workers, config });
    await lab.fit();
    await vi.advanceTimersByTimeAsync(10);
    expect(lab.phase).toBe('training');
    expect(lab.running).toBe(true);
    await vi.advanceTimersByTimeAsync(silenceLimits.running + 100);
    expect(lab.phase).toBe('failed');
    expect(lab.running).toBe(false);
    expect(lab.error).toBe(silence);
    const reached = lab.snapshot!.weights;

    await lab.fit();
    const again = workers.made[1].started!;
    expect(again.initialWeights).toEqual(reached);
    expect(again.resume).toMatchObject({ epoch: 2, batch: 3 });
    expect(lab.phase).toBe('training');
    lab.dispose();
  });

  it('the playground leaves "Pause training" for Train, and Train goes on from the weights and epochs reached', async () => {
    const workers = factory(answersOnceThenSilent, neverAnswers);
    const pg = new Playground({ seed: 42, workerFactory: workers });
    pg.play();
    await vi.advanceTimersByTimeAsync(10);
    expect(pg.status).toBe('running');
    expect(pg.epoch).toBe(1);
    await vi.advanceTimersByTimeAsync(silenceLimits.running + 100);
    expect(pg.status).toBe('error');
    expect(pg.error).toBe(silence);
    const reached = pg.weights;

    pg.play();
    expect(pg.status).toBe('running');
    const again = workers.made[1].started!;
    expect(again.initialWeights).toEqual(reached);
    expect(again.resume?.epoch).toBe(2);
    pg.dispose();
  });
});
