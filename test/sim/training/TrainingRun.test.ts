import { describe, expect, it } from 'vitest';
import { xor } from '../../../src/lib/datasets/xor';
import type { Tensor } from '../../../src/lib/engine/tensor';
import { buildModel, type ModelSpec } from '../../../src/lib/models/modelSpec';
import type { TrainingEvent, TrainingJob } from '../../../src/lib/sim/training/protocol';
import { gridPoints, TrainingRun } from '../../../src/lib/sim/training/TrainingRun';

const data = xor({ seed: 7, n: 200, noise: 0 });
const x: Tensor = { data: data.x, shape: [data.n, 2] };
const y: Tensor = { data: Float32Array.from(data.labels), shape: [data.n, 1] };

const model = (learningRate = 0.5): ModelSpec => ({
  inputShape: [2],
  layers: [
    { type: 'dense', units: 8, activation: 'tanh' },
    { type: 'dense', units: 1, activation: 'sigmoid' }
  ],
  optimizer: 'sgd',
  loss: 'binaryCrossentropy',
  learningRate,
  seed: 3
});

const job = (over: Partial<TrainingJob> = {}): TrainingJob => ({
  model: model(),
  x,
  y,
  epochs: 30,
  batchSize: 10,
  shuffle: true,
  seed: 1,
  ...over
});

function collect(j: TrainingJob, now?: () => number) {
  const events: TrainingEvent[] = [];
  const run = new TrainingRun(j, (e) => events.push(e), now);
  return { run, events };
}

describe('TrainingRun', () => {
  it('trains an MLP on XOR to high accuracy and reports every finished epoch', async () => {
    const { run, events } = collect(job());
    await run.run();
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.reason).toBe('finished');
    expect(done.snapshot.history.loss).toHaveLength(30);
    expect(done.snapshot.history.loss[29]).toBeLessThan(done.snapshot.history.loss[0]);
    expect(done.snapshot.history.accuracy[29]).toBeGreaterThan(0.9);
    expect(done.snapshot.samplesSeen).toBe(30 * 200);
  });

  it('bounds the snapshot rate: none more often than the interval, plus one per epoch end', async () => {
    let t = 0;
    const { run, events } = collect(job({ epochs: 3, snapshotIntervalMs: 1000 }), () => (t += 1));
    await run.run();
    const snapshots = events.filter((e) => e.type === 'snapshot');
    // 20 batches/epoch at ~3 ticks each: the clock allows about one snapshot per epoch, plus each epoch's last batch
    expect(snapshots.length).toBeLessThanOrEqual(3 * 2);
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
  });

  it('starts paused, steps exactly the batches asked for, then cancels keeping the weights', async () => {
    const { run, events } = collect(job({ startPaused: true }));
    const finished = run.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(0);
    run.step(3);
    await new Promise((r) => setTimeout(r, 50));
    const last = events.filter((e) => e.type === 'snapshot').at(-1);
    expect(last?.type === 'snapshot' && last.snapshot.samplesSeen).toBe(30);
    expect(last?.type === 'snapshot' && last.snapshot.paused).toBe(true);
    run.cancel();
    await finished;
    const done = events.at(-1);
    expect(done?.type === 'done' && done.reason).toBe('cancelled');
    expect(done?.type === 'done' && done.snapshot.samplesSeen).toBe(30);
    expect(done?.type === 'done' && done.snapshot.weights.length).toBe(4);
  });

  it('pauses and resumes where it left off', async () => {
    const { run, events } = collect(job({ epochs: 2 }));
    const finished = run.run();
    run.pause();
    await new Promise((r) => setTimeout(r, 20));
    const seenWhilePaused = events.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(events.length).toBe(seenWhilePaused);
    run.resume();
    await finished;
    const done = events.at(-1);
    expect(done?.type === 'done' && done.snapshot.samplesSeen).toBe(400);
  });

  it('is the model’s own fit: the same seed gives the same losses batch for batch', async () => {
    const { run, events } = collect(job({ epochs: 3 }));
    await run.run();
    const done = events.at(-1);
    const direct = buildModel(model());
    const history = await direct.fit(x, y, { epochs: 3, batchSize: 10, shuffle: true, seed: 1 });
    expect(done?.type === 'done' && done.snapshot.history.loss).toEqual(history.loss);
    expect(done?.type === 'done' && done.snapshot.weights.map((w) => Array.from(w.data))).toEqual(direct.getWeights().map((w) => Array.from(w.data)));
  });

  it('cancels a running fit between batches, keeping what it learned', async () => {
    const { run, events } = collect(job({ epochs: 500 }));
    const finished = run.run();
    await new Promise((r) => setTimeout(r, 100));
    run.cancel();
    await finished;
    const done = events.at(-1);
    expect(done?.type === 'done' && done.reason).toBe('cancelled');
    const seen = done?.type === 'done' ? done.snapshot.samplesSeen : 0;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(500 * 200);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
  });

  it('goes on from a snapshot of a run that was lost, as one run: the same weights and history as never stopping', async () => {
    const whole = collect(job({ epochs: 3, snapshotIntervalMs: 0 }));
    await whole.run.run();
    const mid = whole.events.find((e) => e.type === 'snapshot' && e.snapshot.epoch === 2 && e.snapshot.batch === 5);
    if (mid?.type !== 'snapshot') throw new Error('no snapshot at epoch 2, batch 5');
    const { epoch, batch, samplesSeen, loss, accuracy, history } = mid.snapshot;
    const again = collect(job({ epochs: 3, initialWeights: mid.snapshot.weights, resume: { epoch, batch, samplesSeen, loss, accuracy, history } }));
    await again.run.run();
    const first = again.events.find((e) => e.type === 'snapshot');
    expect(first?.type === 'snapshot' && [first.snapshot.epoch, first.snapshot.batch, first.snapshot.samplesSeen]).toEqual([2, 6, 260]);
    const [a, b] = [whole.events.at(-1), again.events.at(-1)];
    if (a?.type !== 'done' || b?.type !== 'done') throw new Error('a run did not finish');
    expect(b.snapshot.weights.map((w) => Array.from(w.data))).toEqual(a.snapshot.weights.map((w) => Array.from(w.data)));
    expect(b.snapshot.history.loss).toHaveLength(3);
    expect(b.snapshot.history.loss[0]).toBe(a.snapshot.history.loss[0]);
    for (const i of [1, 2]) expect(b.snapshot.history.loss[i]).toBeCloseTo(a.snapshot.history.loss[i], 6);
    expect(b.snapshot.samplesSeen).toBe(600);
  });

  it('sends the model’s outputs on the validation inputs, predicted a batch at a time, with its last snapshot', async () => {
    const { run, events } = collect(job({ epochs: 1, batchSize: 30, validation: { x, y }, validationOutputs: true }));
    await run.run();
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('not finished');
    const direct = buildModel(model());
    direct.setWeights(done.snapshot.weights);
    const outputs = await direct.predict(x);
    expect(Array.from(done.snapshot.outputs!.data)).toEqual(Array.from(outputs.data));
  });

  it('stops on divergence with a diagnosis and the last finite weights', async () => {
    const linear: ModelSpec = {
      ...model(50),
      layers: [
        { type: 'dense', units: 8, activation: 'relu' },
        { type: 'dense', units: 1, activation: 'linear' }
      ],
      loss: 'meanSquaredError'
    };
    const { run, events } = collect(job({ model: linear, epochs: 20 }));
    await run.run();
    const diverged = events.at(-1);
    expect(diverged?.type).toBe('diverged');
    if (diverged?.type !== 'diverged') return;
    expect(diverged.message).toMatch(/learning rate/);
    expect(diverged.layer).toMatch(/dense|loss/);
    for (const w of diverged.snapshot.weights) expect(w.data.every(Number.isFinite)).toBe(true);
  });

  it('predicts the decision grid with every snapshot', async () => {
    const grid = { xMin: -1, xMax: 1, yMin: -1, yMax: 1, resolution: 5 };
    const { run, events } = collect(job({ epochs: 1, grid }));
    await run.run();
    const done = events.at(-1);
    expect(done?.type === 'done' && done.snapshot.grid?.shape).toEqual([25, 1]);
  });
});

describe('TrainingRun job options', () => {
  it('sends the outputs on the validation inputs once per pause and with the last snapshot, when asked', async () => {
    const validation = { x: { data: x.data.slice(0, 40), shape: [20, 2] }, y: { data: y.data.slice(0, 20), shape: [20, 1] } };
    const { run, events } = collect(job({ epochs: 2, validation, validationOutputs: true }));
    const finished = run.run();
    run.pause();
    await new Promise((r) => setTimeout(r, 30));
    const paused = events.filter((e) => e.type === 'snapshot' && e.snapshot.paused);
    expect(paused.length).toBeGreaterThan(0);
    expect(paused.filter((e) => e.type === 'snapshot' && e.snapshot.outputs)).toHaveLength(1);
    run.resume();
    await finished;
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('the run did not finish');
    const outputs = done.snapshot.outputs!;
    expect(outputs.shape).toEqual([20, 1]);
    // the model's own predictions with the final weights
    const rebuilt = buildModel(model());
    rebuilt.setWeights(done.snapshot.weights);
    expect(Array.from(outputs.data)).toEqual(Array.from((await rebuilt.predict(validation.x)).data));
    // running snapshots carry none
    expect(events.filter((e) => e.type === 'snapshot' && !e.snapshot.paused && e.snapshot.outputs)).toEqual([]);
    // and without the option, no run sends them
    const plain = collect(job({ epochs: 1, validation }));
    await plain.run.run();
    expect(plain.events.some((e) => 'snapshot' in e && e.snapshot.outputs)).toBe(false);
  });

  it('counts the time it trained, pauses left out', async () => {
    let t = 0;
    const { run, events } = collect(job({ epochs: 1 }), () => (t += 1));
    const finished = run.run();
    run.pause();
    await new Promise((r) => setTimeout(r, 10));
    expect(events.at(-1)?.type === 'snapshot' && (events.at(-1) as { snapshot: { paused: boolean } }).snapshot.paused).toBe(true);
    // a long pause on the clock
    t += 1_000_000;
    run.resume();
    await finished;
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('the run did not finish');
    expect(t).toBeGreaterThan(1_000_000);
    expect(done.snapshot.trainingMs).toBeGreaterThan(0);
    expect(done.snapshot.trainingMs).toBeLessThan(t - 1_000_000);
  });

  it('echoes the job id in every snapshot', async () => {
    const { run, events } = collect(job({ epochs: 2, id: 9 }));
    await run.run();
    const snapshots = events.flatMap((e) => ('snapshot' in e ? [e.snapshot] : []));
    expect(snapshots.length).toBeGreaterThan(1);
    expect(snapshots.every((s) => s.runId === 9)).toBe(true);
  });

  it('starts from the weights it is given', () => {
    const given = buildModel(model()).getWeights().map((w) => ({ data: w.data.map((v) => v + 1), shape: w.shape }));
    const run = new TrainingRun(job({ initialWeights: given, startPaused: true }), () => {});
    expect(Array.from(run.model.getWeights()[0].data)).toEqual(Array.from(given[0].data));
    expect(() => new TrainingRun(job({ initialWeights: given.slice(1) }), () => {})).toThrow(/weight arrays/);
  });
});

describe('gridPoints', () => {
  it('lays cell centres row by row from the top left', () => {
    const p = gridPoints({ xMin: 0, xMax: 2, yMin: 0, yMax: 2, resolution: 2 });
    expect(Array.from(p.data)).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
  });
});
