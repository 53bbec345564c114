/**
 * A backend that fails mid-fit (here: its compiled step's kernels throw as a lost WebGL
 * context would) hands the run to the next backend, which goes on from the weights and
 * the batch reached: the run ends where an uninterrupted run ends. A model too large for
 * the backend is refused before training, with the bytes it needs.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/lib/engine/backend';
import { referenceBackend } from '../../../src/lib/engine/backends/reference/index';
import { jsKernels } from '../../../src/lib/engine/plan/jsKernels';
import { fallBack, type BackendChoice } from '../../../src/lib/engine/select';
import type { Snapshot, TrainingEvent, TrainingJob } from '../../../src/lib/sim/training/protocol';
import { TrainingHost, type Chooser } from '../../../src/lib/sim/training/TrainingHost';

/** Compiled steps on the readable plan kernels, whose gemm throws from its `failAt`-th call on. */
function flakyBackend(failAt: number): Backend {
  let calls = 0;
  return {
    ...referenceBackend,
    name: 'flaky',
    label: 'Flaky GPU',
    planKernels() {
      const k = jsKernels();
      return {
        ...k,
        gemm(...args) {
          if (++calls >= failAt) throw new Error('the WebGL context was lost');
          k.gemm(...args);
        }
      };
    }
  };
}

const chooserOf = (backend: Backend): Chooser => ({
  choose: async (): Promise<BackendChoice> => ({ backend, reason: 'fastest of 2 measured', measured: [], rejected: [], fallbacks: ['reference'] }),
  fallBack: (choice, error) => fallBack(choice, error)
});

/** Three classes from four features: 3 epochs of 6 batches. */
function job(): TrainingJob {
  const n = 60;
  const x = Float32Array.from({ length: n * 4 }, (_, i) => Math.sin(i * 1.7));
  const y = Float32Array.from({ length: n }, (_, i) => (x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0) + (x[i * 4 + 2] > 0.5 ? 1 : 0));
  return {
    model: {
      inputShape: [4],
      layers: [
        { type: 'dense', units: 8, activation: 'relu' },
        { type: 'dense', units: 3, activation: 'softmax' }
      ],
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      learningRate: 0.02,
      seed: 5
    },
    x: { data: x, shape: [n, 4] },
    y: { data: y, shape: [n] },
    validation: { x: { data: x.slice(0, 20 * 4), shape: [20, 4] }, y: { data: y.slice(0, 20), shape: [20] } },
    epochs: 3,
    batchSize: 10,
    shuffle: true,
    seed: 3
  };
}

async function train(backend: Backend, j: TrainingJob = job()): Promise<TrainingEvent[]> {
  const events: TrainingEvent[] = [];
  const host = new TrainingHost((e) => events.push(e), chooserOf(backend));
  host.receive({ type: 'start', job: j });
  while (!events.some((e) => e.type === 'done' || e.type === 'error' || e.type === 'diverged')) await new Promise((r) => setTimeout(r, 5));
  return events;
}

const last = (events: TrainingEvent[]): Snapshot => {
  const end = events.at(-1);
  if (end?.type !== 'done') throw new Error(`the run ended with ${JSON.stringify(end)}`);
  return end.snapshot;
};

describe('a backend that fails mid-fit', () => {
  it('hands the run to the next backend, which goes on from the weights and batch it reached', async () => {
    const whole = last(await train(referenceBackend));
    // 5 gemms a step (2 forward, 3 backward): the 48th is in the 10th step, epoch 2 batch 4
    const events = await train(flakyBackend(48));
    const resumed = last(events);
    const lines = events.flatMap((e) => (e.type === 'backend' ? [e.line] : []));
    expect(lines).toEqual([
      'training on: Flaky GPU, compiled step — fastest of 2 measured',
      'training on: plain JavaScript, op by op — Flaky GPU failed mid-fit (the WebGL context was lost), so training went on here from the weights it had reached'
    ]);
    expect(resumed.samplesSeen).toBe(whole.samplesSeen);
    expect(resumed.history.loss).toHaveLength(3);
    resumed.history.loss.forEach((loss, i) => expect(loss).toBeCloseTo(whole.history.loss[i], 5));
    resumed.weights.forEach((w, i) => w.data.forEach((v, j) => expect(v).toBeCloseTo(whole.weights[i].data[j], 4)));
  });

  it('ends the run with the error when no backend is left', async () => {
    const events = await train(flakyBackend(1), { ...job(), model: { ...job().model } });
    // the flaky backend failed; plain JavaScript then trains the whole run
    expect(last(events).history.loss).toHaveLength(3);
    const lonely: Chooser = { ...chooserOf(flakyBackend(1)), fallBack: async () => null };
    const failed: TrainingEvent[] = [];
    const host = new TrainingHost((e) => failed.push(e), lonely);
    host.receive({ type: 'start', job: job() });
    while (!failed.some((e) => e.type === 'error' || e.type === 'done')) await new Promise((r) => setTimeout(r, 5));
    expect(failed.at(-1)).toEqual({ type: 'error', message: 'the WebGL context was lost' });
  });
});

describe('a model too large for its backend', () => {
  it('is refused before training, with the bytes it needs', async () => {
    const small: Backend = { ...referenceBackend, label: 'a small device', memoryLimit: 1024 };
    const events = await train(small);
    const end = events.at(-1);
    expect(end?.type).toBe('error');
    expect(end?.type === 'error' && end.message).toMatch(/^This model needs [\d,]+ bytes \(.+\) to train 10 samples at a time on a small device: .+ a small device can hold 1 KiB/);
    expect(events.some((e) => e.type === 'snapshot')).toBe(false);
  });
});
