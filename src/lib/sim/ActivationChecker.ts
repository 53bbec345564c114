/**
 * The page's side of the activation-check worker. One expression is checked at a time
 * and only the latest one waiting is kept, so fast typing never queues up work. An
 * answer later than the time limit means the worker is stopped, the learner is told,
 * and the next check starts a fresh worker: no input can hold the page or the checker.
 */
import type { ActivationCheck } from './activationCheck';

export type CheckRequest = { id: number; expression: string };
export type CheckReply = { type: 'ready' } | { type: 'checked'; id: number; check: ActivationCheck };

export type CheckWorkerFactory = () => Worker;

export const defaultCheckWorker: CheckWorkerFactory = () =>
  new Worker(new URL('./activationCheck.worker.ts', import.meta.url), { type: 'module', name: 'activation-check' });

/** How long one check may take once the worker is up. Realistic activations take milliseconds. */
export const CHECK_TIME_LIMIT_MS = 1000;
/** How long the worker may take to load (the parser with it) before the learner is told. */
export const CHECK_START_LIMIT_MS = 30_000;

export const timedOutMessage = (limitMs: number) =>
  `Working this expression out took longer than ${limitMs >= 1000 ? `${limitMs / 1000} s` : `${limitMs} ms`}, so it was stopped. Write a simpler one.`;
export const notStartedMessage = 'The expression checker did not start, so nothing typed can be checked. Reload the page to try again.';

interface Pending {
  readonly expression: string;
  readonly resolve: (check: ActivationCheck | undefined) => void;
}

export interface CheckerOptions {
  factory?: CheckWorkerFactory;
  timeLimitMs?: number;
  startLimitMs?: number;
}

export class ActivationChecker {
  private worker: Worker | null = null;
  private ready = false;
  private nextId = 1;
  private inFlight: (Pending & { id: number }) | null = null;
  private waiting: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly factory: CheckWorkerFactory;
  private readonly timeLimitMs: number;
  private readonly startLimitMs: number;

  constructor(options: CheckerOptions = {}) {
    this.factory = options.factory ?? defaultCheckWorker;
    this.timeLimitMs = options.timeLimitMs ?? CHECK_TIME_LIMIT_MS;
    this.startLimitMs = options.startLimitMs ?? CHECK_START_LIMIT_MS;
  }

  /**
   * What the worker makes of `expression`; undefined when a newer check replaced this
   * one before it ran, or the checker was disposed.
   */
  check(expression: string): Promise<ActivationCheck | undefined> {
    return new Promise((resolve) => {
      this.waiting?.resolve(undefined);
      this.waiting = { expression, resolve };
      this.pump();
    });
  }

  /** Stops the worker; checks still waiting resolve to undefined. */
  dispose(): void {
    this.stopWorker();
    this.inFlight?.resolve(undefined);
    this.waiting?.resolve(undefined);
    this.inFlight = this.waiting = null;
  }

  private pump(): void {
    if (this.inFlight || !this.waiting) return;
    const worker = this.worker ?? this.startWorker();
    if (!worker) return;
    if (!this.ready) return; // 'ready' pumps again
    const { expression, resolve } = this.waiting;
    this.waiting = null;
    const id = this.nextId++;
    this.inFlight = { id, expression, resolve };
    this.timer = setTimeout(() => this.fail('timed-out', timedOutMessage(this.timeLimitMs)), this.timeLimitMs);
    worker.postMessage({ id, expression } satisfies CheckRequest);
  }

  private startWorker(): Worker | null {
    let worker: Worker;
    try {
      worker = this.factory();
    } catch (error) {
      this.failWaiting(`${notStartedMessage} (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
    this.worker = worker;
    this.ready = false;
    worker.onmessage = (message: MessageEvent<CheckReply>) => this.receive(message.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.fail('failed', `The expression checker stopped unexpectedly${event.message ? ` (${event.message})` : ''}. Type again to retry.`);
    };
    this.timer = setTimeout(() => {
      this.stopWorker();
      this.failWaiting(notStartedMessage);
    }, this.startLimitMs);
    return worker;
  }

  private receive(reply: CheckReply): void {
    if (reply.type === 'ready') {
      clearTimeout(this.timer);
      this.ready = true;
      this.pump();
      return;
    }
    if (reply.id !== this.inFlight?.id) return;
    clearTimeout(this.timer);
    const { resolve } = this.inFlight;
    this.inFlight = null;
    resolve(reply.check);
    this.pump();
  }

  /** Ends the check in flight with a sentence and drops its worker; the next check starts a fresh one. */
  private fail(kind: 'timed-out' | 'failed', message: string): void {
    this.stopWorker();
    const current = this.inFlight;
    this.inFlight = null;
    if (current) current.resolve({ ok: false, kind, message });
    else this.failWaiting(message);
    this.pump();
  }

  private failWaiting(message: string): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ ok: false, kind: 'failed', message });
  }

  private stopWorker(): void {
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
  }
}
