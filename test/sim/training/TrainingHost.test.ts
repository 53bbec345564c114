import { describe, expect, it } from 'vitest';
import { xor } from '../../../src/lib/datasets/xor';
import { referenceBackend } from '../../../src/lib/engine/backends/reference/index';
import type { TrainingEvent, TrainingJob } from '../../../src/lib/sim/training/protocol';
import { TrainingHost, type ChooseBackend } from '../../../src/lib/sim/training/TrainingHost';

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
function slowChooser(asked: (string | undefined)[]): ChooseBackend {
  return async (override) => {
    asked.push(override);
    await new Promise((r) => setTimeout(r, 20));
    return { backend: referenceBackend, reason: override ? `chosen by ?backend=${override}` : 'fastest of 1 measured', measured: [], rejected: [] };
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
    expect(events[0]).toEqual({ type: 'backend', label: referenceBackend.label, reason: 'fastest of 1 measured' });
  });

  it('says why a lab’s suited backend was taken, lets ?backend= override it, and measures once per request', async () => {
    const asked: (string | undefined)[] = [];
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), slowChooser(asked));
    const suits = { backend: 'reference', reason: 'a network this small trains fastest in plain JavaScript' };
    const run = async (j: TrainingJob) => {
      const before = events.filter((e) => e.type === 'done').length;
      host.receive({ type: 'start', job: j });
      await until(() => events.filter((e) => e.type === 'done').length > before);
    };
    await run(job({ suits }));
    await run(job({ suits }));
    await run(job({ suits, backend: 'reference' }));
    expect(asked).toEqual(['reference', 'reference']);
    expect(events.filter((e) => e.type === 'backend').map((e) => e.type === 'backend' && e.reason)).toEqual([suits.reason, 'chosen by ?backend=reference']);
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
