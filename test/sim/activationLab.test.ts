import { describe, expect, it } from 'vitest';
import { chooseBackend, fallBack, parseBackendParam } from '../../src/lib/engine/select';
import { activationLabJob } from '../../src/lib/sim/activationLab';
import type { TrainingEvent } from '../../src/lib/sim/training/protocol';
import { TrainingHost } from '../../src/lib/sim/training/TrainingHost';
import { TrainingRun } from '../../src/lib/sim/training/TrainingRun';

describe('the activation lab run', () => {
  it('a 2-4-1 network with softplus learns XOR; a straight line cannot', async () => {
    const run = async (expression: string) => {
      const events: TrainingEvent[] = [];
      await new TrainingRun(activationLabJob(expression, 1), (e) => events.push(e)).run();
      const last = events.at(-1);
      if (last?.type !== 'done') throw new Error(`run ended with ${last?.type}`);
      return last.snapshot.history;
    };
    const softplus = await run('log(1 + exp(x))');
    expect(softplus.loss.at(-1)!).toBeLessThan(0.1);
    expect(softplus.loss.at(-1)!).toBeLessThan(softplus.loss[0] / 5);
    expect(softplus.accuracy.at(-1)!).toBeGreaterThan(0.95);
    const line = await run('2 * x');
    expect(line.loss.at(-1)!).toBeGreaterThan(0.6);
  });

  it('reports divergence when the activation overflows', async () => {
    const events: TrainingEvent[] = [];
    // finite on [-6, 6], but past x = 6.7 it overflows 32-bit floats, and training gets there
    await new TrainingRun(activationLabJob('exp(2 * x^2)', 1), (e) => events.push(e)).run();
    const last = events.at(-1);
    expect(last?.type).toBe('diverged');
    if (last?.type === 'diverged') expect(last.snapshot.history.loss.length).toBeLessThan(60);
  });

  it('trains op by op on our WebAssembly kernels when the link names them, and says why not compiled', async () => {
    const events: TrainingEvent[] = [];
    const host = new TrainingHost((e) => events.push(e), { choose: (request) => chooseBackend(request), fallBack: (c, e) => fallBack(c, e) });
    host.receive({ type: 'start', job: { ...activationLabJob('log(1 + exp(x))', 1, parseBackendParam('?backend=wasm')), epochs: 3 } });
    while (!events.some((e) => e.type === 'done' || e.type === 'error')) await new Promise((r) => setTimeout(r, 5));
    expect(events.at(-1)?.type).toBe('done');
    expect(events.find((e) => e.type === 'backend')).toEqual({
      type: 'backend',
      name: 'wasm',
      label: 'WebAssembly SIMD (our kernels)',
      line: "training on: WebAssembly SIMD (our kernels), op by op: a typed activation runs op by op (dense's f) — chosen by ?backend=wasm",
      reason: 'chosen by ?backend=wasm',
      measured: [],
      rejected: []
    });
  });
});
