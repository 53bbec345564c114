import { describe, expect, it } from 'vitest';
import { activationLabJob } from '../../src/lib/sim/activationLab';
import type { TrainingEvent } from '../../src/lib/sim/training/protocol';
import { TrainingClient } from '../../src/lib/sim/training/TrainingClient';
import { ActivationChecker, CHECK_TIME_LIMIT_MS, defaultCheckWorker, timedOutMessage, type CheckWorkerFactory } from '../../src/lib/sim/ActivationChecker';

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
    client.start(activationLabJob('floor(x)', 1));
    const end = await until(events, ended);
    client.dispose();
    expect(end.type).toBe('error');
    expect(end.type === 'error' && end.message).toMatch(/floor\(x\) is a staircase/);
  });

  it('trains with ReLU typed as max(0, x): the loss falls', async () => {
    const events: TrainingEvent[] = [];
    const client = new TrainingClient((e) => events.push(e));
    client.start(activationLabJob('max(0, x)', 1));
    const end = await until(events, ended);
    client.dispose();
    expect(end.type).toBe('done');
    if (end.type !== 'done') return;
    const { loss } = end.snapshot.history;
    expect(loss).toHaveLength(60);
    expect(loss[59]).toBeLessThan(loss[0] * 0.75);
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

describe('the activation-check worker', () => {
  const repeat = (n: number, part: string, join: string) => Array.from({ length: n }, () => part).join(join);

  it('answers every input that froze the page or threw, with an activation or a sentence, within its time limit', async () => {
    const checker = new ActivationChecker();
    const inputs = [
      repeat(12, 'x', '*'),
      repeat(14, 'x', '*'),
      repeat(26, 'x', '+'),
      repeat(5000, 'x', '+'),
      repeat(3000, 'x', '*'),
      `${'('.repeat(10_000)}x${')'.repeat(10_000)}`,
      'toString(x)',
      'constructor(x)',
      'hasOwnProperty(x)',
      'valueOf(x)',
      '__proto__(x)',
      'max(0, x)'
    ];
    for (const text of inputs) {
      const check = await checker.check(text);
      expect(check, text.slice(0, 30)).toBeDefined();
      if (!check) continue;
      if (!check.ok) {
        expect(check.kind, text.slice(0, 30)).not.toBe('timed-out');
        expect(check.message).toMatch(/^[A-Z].*\.$/);
      }
    }
    expect(await checker.check('max(0, x)')).toMatchObject({ ok: true, expression: 'max(0, x)' });
    expect(await checker.check('valueOf(x)')).toMatchObject({ ok: false, kind: 'unknown-name' });
    checker.dispose();
  });

  it('stops a worker that does not answer in time, says so, and checks the next text in a fresh worker', async () => {
    // a worker that starts, then never answers: what a check stuck in a loop would look like
    const stuck = URL.createObjectURL(new Blob(["postMessage({ type: 'ready' }); onmessage = () => { for (;;) {} };"], { type: 'text/javascript' }));
    const made: Worker[] = [];
    const terminated: Worker[] = [];
    const factory: CheckWorkerFactory = () => {
      const worker = made.length === 0 ? new Worker(stuck) : defaultCheckWorker();
      const terminate = worker.terminate.bind(worker);
      worker.terminate = () => {
        terminated.push(worker);
        terminate();
      };
      made.push(worker);
      return worker;
    };
    const checker = new ActivationChecker({ factory });
    expect(await checker.check('x^2')).toEqual({ ok: false, kind: 'timed-out', message: timedOutMessage(CHECK_TIME_LIMIT_MS) });
    expect(terminated).toEqual([made[0]]);
    expect(await checker.check('x^2')).toMatchObject({ ok: true, expression: 'x^2', derivativeTex: '2\\cdot x' });
    expect(made).toHaveLength(2);
    checker.dispose();
    expect(terminated).toEqual(made);
    URL.revokeObjectURL(stuck);
  });
});
