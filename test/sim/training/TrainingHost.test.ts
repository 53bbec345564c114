import { describe, expect, it } from 'vitest';
import { xor } from '../../../src/lib/datasets/xor';
import { referenceBackend } from '../../../src/lib/engine/backends/reference/index';
import type { StepTrial } from '../../../src/lib/engine/select';
import { buildModel } from '../../../src/lib/models/modelSpec';
import type { TrainingEvent, TrainingJob } from '../../../src/lib/sim/training/protocol';
import { TrainingHost, type Chooser } from '../../../src/lib/sim/training/TrainingHost';

const data = xor({ seed: 7, n: 40, noise: 0 });
const job = (over: Partial<TrainingJob> = {}): TrainingJob => ({
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
  epochs: 2,
  batchSize: 10,
  shuffle: true,
  seed: 1,
  ...over
});

/** A chooser that takes a few timer ticks, as measuring does, and records what it was asked for. */
function slowChooser(asked: { override?: string; trial: StepTrial }[]): Chooser {
  return {
    async choose(request) {
      asked.push(request);
      await new Promise((r) => setTimeout(r, 20));
      const reason = request.override ? `chosen by ?backend=${request.override}` : 'fastest of 1 measured';
      return { backend: referenceBackend, reason, measured: [], rejected: [], fallbacks: [] };
    },
    fallBack: async () => null
  };
}

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
};

describe('TrainingHost', () => {
  it('keeps the commands that arrive while the backend is being chosen', async () => {
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), slowChooser([]));
    host.receive({ type: 'start', job: job({ startPaused: true }) });
    host.receive({ type: 'step', batches: 2 });
    await until(() => events.some((e) => e.type === 'snapshot' && e.snapshot.batch === 2));
    const last = events.filter((e) => e.type === 'snapshot').at(-1);
    expect(last?.type === 'snapshot' && [last.snapshot.samplesSeen, last.snapshot.paused]).toEqual([20, true]);
    host.receive({ type: 'cancel' });
    await until(() => events.some((e) => e.type === 'done'));
    expect(events[0]).toEqual({ type: 'backend', name: 'reference', label: 'plain JavaScript', line: 'training on: plain JavaScript, op by op — fastest of 1 measured', reason: 'fastest of 1 measured', measured: [], rejected: [] });
  });

  it('times the job’s own model, again only when its architecture or batch size changes, and lets ?backend= override', async () => {
    const asked: { override?: string; trial: StepTrial }[] = [];
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), slowChooser(asked));
    const run = async (j: TrainingJob) => {
      const before = events.filter((e) => e.type === 'done').length;
      host.receive({ type: 'start', job: j });
      await until(() => events.filter((e) => e.type === 'done').length > before);
    };
    await run(job());
    await run(job({ model: { ...job().model, learningRate: 0.1 }, seed: 9 }));
    await run(job({ batchSize: 20 }));
    await run(job({ batchSize: 20, backend: 'reference' }));
    expect(asked.map((a) => a.override)).toEqual([undefined, undefined, 'reference']);
    // the trial is one step of the job's model on its first batch: the loss of the untrained 2-4-1 net
    const step = await asked[0].trial(referenceBackend);
    const model = buildModel(job().model);
    const first = await model.evaluate({ data: data.x.subarray(0, 20), shape: [10, 2] }, { data: Float32Array.from(data.labels.slice(0, 10)), shape: [10, 1] });
    expect(await step()).toBeCloseTo(first.loss, 6);
    expect(events.filter((e) => e.type === 'backend').map((e) => e.type === 'backend' && e.line)).toEqual([
      'training on: plain JavaScript, op by op — fastest of 1 measured',
      'training on: plain JavaScript, op by op — fastest of 1 measured',
      'training on: plain JavaScript, op by op — chosen by ?backend=reference'
    ]);
  });

  it('replaces a run that is still choosing its backend by the next start', async () => {
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), slowChooser([]));
    host.receive({ type: 'start', job: job({ id: 1 }) });
    host.receive({ type: 'start', job: job({ id: 2, backend: 'reference' }) });
    await until(() => events.some((e) => e.type === 'done'));
    const ids = new Set(events.flatMap((e) => ('snapshot' in e ? [e.snapshot.runId] : [])));
    expect([...ids]).toEqual([2]);
  });

  it('times a model before it trains, on the backend it would train on, and refuses while a run trains', async () => {
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), slowChooser([]));
    host.receive({ type: 'estimate', job: { model: job().model, batchSize: 16, id: 7 } });
    await until(() => events.some((e) => e.type === 'estimate'));
    const answer = events.find((e) => e.type === 'estimate');
    if (answer?.type !== 'estimate') throw new Error('no estimate');
    expect(answer.timing).toMatchObject({ id: 7, batchSize: 16, label: referenceBackend.label });
    expect(answer.timing.steps).toBeGreaterThanOrEqual(2);
    expect(answer.timing.trainMs).toBeGreaterThan(0);
    expect(answer.timing.predictMs).toBeGreaterThanOrEqual(0);
    expect(events[0]).toMatchObject({ type: 'backend', label: referenceBackend.label });

    host.receive({ type: 'start', job: job({ startPaused: true }) });
    host.receive({ type: 'estimate', job: { model: job().model, batchSize: 16, id: 8 } });
    await until(() => events.some((e) => e.type === 'estimate-failed'));
    expect(events.find((e) => e.type === 'estimate-failed')).toEqual({ type: 'estimate-failed', id: 8, message: 'a run is training: its steps would share the time' });
    host.stop();
  });
});
