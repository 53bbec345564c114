/**
 * A stand-in for the training worker in Node and jsdom: the worker's own TrainingHost,
 * choosing plain JavaScript unless a link names another backend, answering through onmessage on a later tick
 * with structured clones, and beating its heartbeat, as a real worker would.
 */
import { chooseBackend, fallBack } from '../../../src/lib/engine/select';
import { HEARTBEAT_MS, type TrainingCommand, type TrainingEvent } from '../../../src/lib/sim/training/protocol';
import type { WorkerFactory } from '../../../src/lib/sim/training/TrainingClient';
import { TrainingHost } from '../../../src/lib/sim/training/TrainingHost';

class InProcessWorker {
  onmessage: ((message: MessageEvent<TrainingEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private terminated = false;
  private readonly heartbeat = setInterval(() => this.emit({ type: 'alive' }), HEARTBEAT_MS);
  private readonly host = new TrainingHost(
    (event) => this.emit(event),
    {
      choose: (request) => chooseBackend({ ...request, candidates: ['reference'] }),
      fallBack: (choice, error) => fallBack(choice, error)
    }
  );

  postMessage(command: TrainingCommand): void {
    this.host.receive(command);
  }

  terminate(): void {
    this.terminated = true;
    clearInterval(this.heartbeat);
    this.host.stop();
  }

  private emit(event: TrainingEvent): void {
    const data = structuredClone(event);
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data } as MessageEvent<TrainingEvent>);
    }, 0);
  }
}

export const inProcessWorker: WorkerFactory = () => new InProcessWorker() as unknown as Worker;
