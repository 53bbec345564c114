import { describe, expect, it } from 'vitest';
import { activationLabJob } from '../../src/lib/sim/activationLab';
import type { TrainingEvent } from '../../src/lib/sim/training/protocol';
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
});
