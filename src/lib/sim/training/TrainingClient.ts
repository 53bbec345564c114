/**
 * The page's side of the training worker. It forwards commands and hands events to
 * the page; if the worker itself dies (a crash, out of memory, a failed load), the
 * page gets one clear 'error' event and stays alive, and the next start() makes a
 * fresh worker. A worker the browser stops without a word (to free memory, or one that
 * closed itself) fires no error: its heartbeat stops instead, and a worker that owes the
 * page an answer (a run or an estimate) and stays silent too long is given up the same way.
 */
import type { EstimateJob, TrainingCommand, TrainingEvent, TrainingJob } from './protocol';

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });

export const workerCrashMessage =
  'The training stopped unexpectedly (the background worker crashed). Your settings and the last weights shown are kept: press Train to try again, or reload the page.';

/** How long a silent worker is waited for before it is given up. */
export interface SilenceLimits {
  /**
   * while training or paused: between two heartbeats the worker runs at most one batch, or
   * scores or predicts one batch of the validation data. Measured on two shared cores at a
   * load of 4 to 6: a step of Keras's mnist_cnn (batch 128) on our WebAssembly kernels took
   * 0.7 to 1.3 s; scoring its 10,000 test digits in one piece took 35 s, which is why it
   * goes a batch at a time.
   */
  running: number;
  /**
   * from a start or an estimate until the worker's first answer (a snapshot after the first
   * batch, or the estimate): choosing a backend times a step of the model on each candidate,
   * plain JavaScript included, and one plain-JavaScript step of mnist_cnn took 29 to 34 s
   * there (a larger CNN, minutes).
   */
  answering: number;
}

export const silenceLimits: SilenceLimits = { running: 60_000, answering: 600_000 };

/** The message when the worker went silent; `ms`: the silence it was given up after. */
export function workerSilentMessage(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const silence = seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`;
  return `The training stopped answering: its background worker has been silent for ${silence} (the browser may have stopped it to free memory). Training again goes on from the weights reached so far.`;
}

export class TrainingClient {
  private worker: Worker | null = null;
  private readonly factory: WorkerFactory;
  private readonly onEvent: (event: TrainingEvent) => void;
  private readonly limits: SilenceLimits;
  /** the id of the run the worker owes an ending (undefined: a job without id), or null */
  private open: { id: number | undefined } | null = null;
  private readonly estimates = new Set<number>();
  /** a command was sent that the worker has not answered yet */
  private awaitingAnswer = false;
  private watchdog: ReturnType<typeof setTimeout> | null = null;

  constructor(onEvent: (event: TrainingEvent) => void, factory: WorkerFactory = defaultFactory, limits: SilenceLimits = silenceLimits) {
    this.onEvent = onEvent;
    this.factory = factory;
    this.limits = limits;
  }

  /**
   * Starts a run (cancelling one in progress). Inputs are copied, so the page keeps its
   * data, except the buffers listed in `transfer`, which move to the worker without a
   * copy: copying tens of megabytes of digits blocks the page for up to a second.
   */
  start(job: TrainingJob, transfer: Transferable[] = []): void {
    const worker = this.ensureWorker();
    if (!worker) return;
    worker.postMessage({ type: 'start', job } satisfies TrainingCommand, transfer);
    this.open = { id: job.id };
    this.awaitAnswer();
  }

  /** Asks the worker to time the model's steps (see measureSteps); the answer comes as an 'estimate' event. */
  estimate(job: EstimateJob): void {
    const worker = this.ensureWorker();
    if (!worker) return;
    worker.postMessage({ type: 'estimate', job } satisfies TrainingCommand);
    this.estimates.add(job.id);
    this.awaitAnswer();
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  step(batches = 1): void {
    this.send({ type: 'step', batches });
  }

  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /** Ends the worker; call when the page or component goes away. */
  dispose(): void {
    this.worker?.terminate();
    this.forget();
  }

  private send(command: TrainingCommand): void {
    this.worker?.postMessage(command);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = this.factory();
      worker.onmessage = (message: MessageEvent<TrainingEvent>) => this.receive(message.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        this.crashed(event.message);
      };
      worker.onmessageerror = () => this.crashed('a message could not be read');
      this.worker = worker;
      return worker;
    } catch (error) {
      this.crashed(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  private receive(event: TrainingEvent): void {
    // which backend won is news, not the answer: the first step on it, or the estimate's timed steps, still follow
    if (event.type !== 'alive' && event.type !== 'backend') this.awaitingAnswer = false;
    if (event.type === 'estimate') this.estimates.delete(event.timing.id);
    else if (event.type === 'estimate-failed') this.estimates.delete(event.id);
    else if (event.type === 'error') this.open = null;
    else if ((event.type === 'done' || event.type === 'diverged') && event.snapshot.runId === this.open?.id) this.open = null;
    this.watch();
    if (event.type !== 'alive') this.onEvent(event);
  }

  private awaitAnswer(): void {
    this.awaitingAnswer = true;
    this.watch();
  }

  /** (Re)starts the wait for the worker's next message while it owes one; stops it when it owes none. */
  private watch(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
    if (!this.worker || (!this.open && this.estimates.size === 0)) return;
    const limit = this.awaitingAnswer ? this.limits.answering : this.limits.running;
    this.watchdog = setTimeout(() => this.silent(limit), limit);
  }

  private silent(ms: number): void {
    this.worker?.terminate();
    this.forget();
    this.onEvent({ type: 'error', message: workerSilentMessage(ms) });
  }

  private crashed(detail: string | undefined): void {
    this.worker?.terminate();
    this.forget();
    this.onEvent({ type: 'error', message: detail ? `${workerCrashMessage} (${detail})` : workerCrashMessage });
  }

  /** Drops the worker and what it owed: the next start or estimate makes a fresh one. */
  private forget(): void {
    this.worker = null;
    this.open = null;
    this.estimates.clear();
    this.awaitingAnswer = false;
    this.watch();
  }
}
