import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivationChecker, CHECK_START_LIMIT_MS, CHECK_TIME_LIMIT_MS, notStartedMessage, timedOutMessage } from '../../src/lib/sim/ActivationChecker';
import { inPageCheckWorkers } from './inPageCheckWorker';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Lets the stand-in worker's replies (and the checker's clocks) run. */
async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  // each reply of the stand-in is a timer of its own, set while the clock moves
  for (let i = 0; i < 4; i++) await vi.advanceTimersByTimeAsync(1);
}

describe('ActivationChecker', () => {
  it('answers with f and f′ as formulas and the curve, or with where and why it is refused', async () => {
    const checker = new ActivationChecker({ factory: inPageCheckWorkers().factory });
    const relu = checker.check('max(0, x)');
    await settle();
    const check = await relu;
    expect(check).toMatchObject({ ok: true, expression: 'max(0, x)', tex: '\\max\\left(0, x\\right)' });
    if (!check?.ok) return;
    expect(check.derivativeTex).toContain('\\begin{cases}');
    expect(Array.from(check.curve.df.slice(0, 3))).toEqual([0, 0, 0]);
    const bad = checker.check('x +* 2');
    await settle();
    expect(await bad).toEqual({ ok: false, kind: 'syntax', message: 'Value expected at column 4.', column: 4 });
    checker.dispose();
  });

  it('keeps only the latest text waiting: older ones resolve to undefined', async () => {
    const workers = inPageCheckWorkers();
    const checker = new ActivationChecker({ factory: workers.factory });
    const first = checker.check('x');
    const second = checker.check('x^2');
    await settle();
    expect(await first).toBeUndefined();
    expect(await second).toMatchObject({ ok: true, expression: 'x^2' });
    // while one is being checked, newer ones wait; only the last of them runs
    const running = checker.check('sin(x)');
    const dropped = checker.check('cos(x)');
    const last = checker.check('tanh(x)');
    await settle();
    await settle();
    expect(await running).toMatchObject({ ok: true, expression: 'sin(x)' });
    expect(await dropped).toBeUndefined();
    expect(await last).toMatchObject({ ok: true, expression: 'tanh(x)' });
    expect(workers.started()).toBe(1);
    checker.dispose();
  });

  it('stops a worker that answers late, says so, and checks the next text in a fresh worker', async () => {
    const workers = inPageCheckWorkers({ hangs: (text) => text === 'x + 1' });
    const checker = new ActivationChecker({ factory: workers.factory });
    const stuck = checker.check('x + 1');
    await settle();
    await vi.advanceTimersByTimeAsync(CHECK_TIME_LIMIT_MS - 10);
    expect(workers.terminated()).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(await stuck).toEqual({ ok: false, kind: 'timed-out', message: timedOutMessage(CHECK_TIME_LIMIT_MS) });
    expect(timedOutMessage(CHECK_TIME_LIMIT_MS)).toBe('Working this expression out took longer than 1 s, so it was stopped. Write a simpler one.');
    expect(workers.terminated()).toBe(1);
    const next = checker.check('x^2');
    await settle();
    await settle();
    expect(await next).toMatchObject({ ok: true, expression: 'x^2' });
    expect(workers.started()).toBe(2);
    checker.dispose();
  });

  it('a text waiting behind a stuck one is checked once the stuck worker is stopped', async () => {
    const workers = inPageCheckWorkers({ hangs: (text) => text === 'x + 1' });
    const checker = new ActivationChecker({ factory: workers.factory });
    const stuck = checker.check('x + 1');
    await settle();
    const waiting = checker.check('abs(x)');
    await settle(CHECK_TIME_LIMIT_MS);
    await settle();
    expect(await stuck).toMatchObject({ kind: 'timed-out' });
    expect(await waiting).toMatchObject({ ok: true, expression: 'abs(x)' });
    checker.dispose();
  });

  it('says so when the worker never starts, or cannot be made', async () => {
    const silent = new ActivationChecker({ factory: inPageCheckWorkers({ neverReady: true }).factory });
    const never = silent.check('x');
    await settle(CHECK_START_LIMIT_MS);
    expect(await never).toEqual({ ok: false, kind: 'failed', message: notStartedMessage });
    silent.dispose();

    const broken = new ActivationChecker({
      factory: () => {
        throw new Error('workers are not allowed here');
      }
    });
    expect(await broken.check('x')).toEqual({ ok: false, kind: 'failed', message: `${notStartedMessage} (workers are not allowed here)` });
  });

  it('dispose stops the worker and drops what was waiting', async () => {
    const workers = inPageCheckWorkers();
    const checker = new ActivationChecker({ factory: workers.factory });
    const pending = checker.check('x');
    checker.dispose();
    expect(await pending).toBeUndefined();
    expect(workers.terminated()).toBe(1);
  });
});
