import { describe, expect, it } from 'vitest';
import { xor } from '../../src/lib/datasets/xor';
import type { TrainingEvent } from '../../src/lib/sim/training/protocol';
import { TrainingClient, workerCrashMessage, workerSilentMessage } from '../../src/lib/sim/training/TrainingClient';

function until(events: TrainingEvent[], done: (e: TrainingEvent) => boolean, ms = 60_000): Promise<TrainingEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const hit = events.find(done);
      if (hit) return resolve(hit);
      if (Date.now() - started > ms) return reject(new Error(`no matching event; got ${events.map((e) => e.type).join(', ')}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe('training in a Web Worker', () => {
  it('chooses a backend, streams snapshots and finishes, while the page stays responsive', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e));
    const data = xor({ seed: 1, n: 100, noise: 0 });
    client.start({
      model: {
        inputShape: [2],
        layers: [
          { type: 'dense', units: 6, activation: 'tanh' },
          { type: 'dense', units: 1, activation: 'sigmoid' }
        ],
        optimizer: 'sgd',
        loss: 'binaryCrossentropy',
        learningRate: 0.5,
        seed: 2
      },
      x: { data: data.x, shape: [100, 2] },
      y: { data: Float32Array.from(data.labels), shape: [100, 1] },
      epochs: 5,
      batchSize: 10,
      shuffle: true,
      seed: 1,
      backend: 'reference',
      grid: { xMin: -1, xMax: 1, yMin: -1, yMax: 1, resolution: 8 }
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const done = await until(events, (e) => e.type === 'done' || e.type === 'error');
    clearInterval(timer);
    client.dispose();
    expect(done.type).toBe('done');
    const backend = events.find((e) => e.type === 'backend');
    expect(backend?.type === 'backend' && backend.label).toBe('plain JavaScript');
    expect(events.some((e) => e.type === 'snapshot' && e.snapshot.grid?.shape[0] === 64)).toBe(true);
    expect(data.x.length).toBe(200); // the page's data was copied, not taken
    expect(ticks).toBeGreaterThan(0);
  });

  it('a worker that closes itself fires no error: its silence is given up after the limit, with one message', async () => {
    const events: TrainingEvent[] = [];
    const source = `self.onmessage = () => { self.postMessage({ type: 'backend', name: 'reference', label: 'plain JavaScript', line: 'training on: plain JavaScript', reason: 'the only backend that works here', measured: [], rejected: [] }); self.close(); };`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const client = new TrainingClient((e) => events.push(e), () => new Worker(url), { running: 1500, answering: 1500 });
    client.start({ id: 1 } as never);
    await until(events, (e) => e.type === 'backend', 10_000);
    const error = await until(events, (e) => e.type === 'error', 10_000);
    expect(error.type === 'error' && error.message).toBe(workerSilentMessage(1500));
    expect(events.map((e) => e.type)).toEqual(['backend', 'error']);
    client.dispose();
  });

  it('the training worker beats while a run waits paused, so the wait outlives the silence limit', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e), undefined, { running: 2500, answering: 60_000 });
    const data = xor({ seed: 1, n: 40, noise: 0 });
    client.start({
      model: { inputShape: [2], layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }], optimizer: 'sgd', loss: 'binaryCrossentropy', learningRate: 0.5, seed: 2 },
      x: { data: data.x, shape: [40, 2] },
      y: { data: Float32Array.from(data.labels), shape: [40, 1] },
      epochs: 2,
      batchSize: 10,
      shuffle: true,
      seed: 1,
      backend: 'reference',
      startPaused: true
    });
    await until(events, (e) => e.type === 'backend');
    await new Promise((r) => setTimeout(r, 6000));
    expect(events.some((e) => e.type === 'error')).toBe(false);
    client.resume();
    const done = await until(events, (e) => e.type === 'done' || e.type === 'error');
    expect(done.type).toBe('done');
    client.dispose();
  });

  it('reports a crashed worker as one clear error and keeps the page alive', async () => {
    const events: TrainingEvent[] = [];
    const source = 'throw new Error("boom");';
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const client = new TrainingClient((e) => events.push(e), () => new Worker(url));
    client.start({} as never);
    const error = await until(events, (e) => e.type === 'error', 10_000);
    expect(error.type === 'error' && error.message).toContain(workerCrashMessage);
    client.dispose();
  });
});
