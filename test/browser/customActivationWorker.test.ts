import { describe, expect, it } from 'vitest';
import { activationLabJob } from '../../src/lib/sim/activationLab';
import type { TrainingEvent } from '../../src/lib/sim/training/protocol';
import { TrainingClient } from '../../src/lib/sim/training/TrainingClient';

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

const ended = (e: TrainingEvent) => e.type === 'done' || e.type === 'error' || e.type === 'diverged';

describe('a learner-typed activation in the training worker', () => {
  it('compiles the expression in the worker and trains the 2-4-1 network on XOR: the loss falls', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e));
    client.start(activationLabJob('log(1 + exp(x))', 1));
    const end = await until(events, ended);
    client.dispose();
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    const { loss, accuracy } = end.snapshot.history;
    expect(loss).toHaveLength(60);
    expect(loss[59]).toBeLessThan(loss[0] / 5);
    expect(accuracy[59]).toBeGreaterThan(0.95);
  });

  it('reports an expression the worker cannot compile as one clear error', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e));
    client.start(activationLabJob('abs(x)', 1));
    const end = await until(events, ended);
    client.dispose();
    expect(end.type).toBe('error');
    expect(end.type === 'error' && end.message).toMatch(/abs\(x\) has a corner at x = 0/);
  });

  it('reports divergence when the activation overflows', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e));
    client.start(activationLabJob('exp(2 * x^2)', 1));
    const end = await until(events, ended);
    client.dispose();
    expect(end.type).toBe('diverged');
  });
});
