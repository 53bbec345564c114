/**
 * The page's side of the training worker. It forwards commands and hands events to
 * the page; if the worker itself dies (a crash, out of memory, a failed load), the
 * page gets one clear 'error' event and stays alive, and the next start() makes a
 * fresh worker.
 */
import type { EstimateJob, TrainingCommand, TrainingEvent, TrainingJob } from './protocol';

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });

export const workerCrashMessage =
  'The training stopped unexpectedly (the background worker crashed). Your settings and the last weights shown are kept: press Train to try again, or reload the page.';

export class TrainingClient {
  private worker: Worker | null = null;
  private readonly factory: WorkerFactory;
  private readonly onEvent: (event: TrainingEvent) => void;

  constructor(onEvent: (event: TrainingEvent) => void, factory: WorkerFactory = defaultFactory) {
    this.onEvent = onEvent;
    this.factory = factory;
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
  }

  /** Asks the worker to time the model's steps (see measureSteps); the answer comes as an 'estimate' event. */
  estimate(job: EstimateJob): void {
    this.ensureWorker()?.postMessage({ type: 'estimate', job } satisfies TrainingCommand);
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
    this.worker = null;
  }

  private send(command: TrainingCommand): void {
    this.worker?.postMessage(command);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = this.factory();
      worker.onmessage = (message: MessageEvent<TrainingEvent>) => this.onEvent(message.data);
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

  private crashed(detail: string | undefined): void {
    this.worker?.terminate();
    this.worker = null;
    this.onEvent({ type: 'error', message: detail ? `${workerCrashMessage} (${detail})` : workerCrashMessage });
  }
}
