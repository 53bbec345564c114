/**
 * A stand-in for the training worker in Node: the same TrainingRun, driven by the same
 * commands, answering through onmessage on a later tick as a real worker would.
 */
import type { TrainingCommand, TrainingEvent } from '../../src/lib/sim/training/protocol';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { TrainingRun } from '../../src/lib/sim/training/TrainingRun';

export class InProcessWorker {
  onmessage: ((message: MessageEvent<TrainingEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly commands: TrainingCommand['type'][] = [];
  private run: TrainingRun | null = null;
  private terminated = false;

  postMessage(command: TrainingCommand): void {
    this.commands.push(command.type);
    switch (command.type) {
      case 'start': {
        this.run?.cancel();
        const run = new TrainingRun(command.job, (event) => this.emit(event));
        this.run = run;
        this.emit({ type: 'backend', label: referenceBackend.label, reason: 'in-process test worker' });
        void run.run();
        break;
      }
      case 'pause':
        this.run?.pause();
        break;
      case 'resume':
        this.run?.resume();
        break;
      case 'step':
        this.run?.step(command.batches);
        break;
      case 'cancel':
        this.run?.cancel();
        break;
    }
  }

  terminate(): void {
    this.terminated = true;
    this.run?.cancel();
  }

  private emit(event: TrainingEvent): void {
    // a structured clone, as postMessage makes one
    const data = structuredClone(event);
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data } as MessageEvent<TrainingEvent>);
    }, 0);
  }
}

export const inProcessWorker = () => new InProcessWorker() as unknown as Worker;
