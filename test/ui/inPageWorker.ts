/**
 * A stand-in for the training worker that runs TrainingRun in the page itself, so
 * component tests exercise the real training loop through TrainingClient without a
 * Worker (jsdom has none).
 */
import type { TrainingCommand, TrainingEvent } from '../../src/lib/sim/training/protocol';
import type { WorkerFactory } from '../../src/lib/sim/training/TrainingClient';
import { TrainingRun } from '../../src/lib/sim/training/TrainingRun';

export const inPageWorker: WorkerFactory = () => {
  let run: TrainingRun | null = null;
  const fake = {
    onmessage: null as ((message: MessageEvent<TrainingEvent>) => void) | null,
    onerror: null,
    onmessageerror: null,
    postMessage(command: TrainingCommand) {
      const emit = (event: TrainingEvent) => fake.onmessage?.({ data: event } as MessageEvent<TrainingEvent>);
      switch (command.type) {
        case 'start':
          run?.cancel();
          try {
            run = new TrainingRun(command.job, emit);
          } catch (error) {
            emit({ type: 'error', message: (error as Error).message });
            return;
          }
          emit({ type: 'backend', label: 'plain JavaScript', reason: 'test' });
          void run.run();
          break;
        case 'cancel':
          run?.cancel();
          break;
        case 'pause':
          run?.pause();
          break;
        case 'resume':
          run?.resume();
          break;
        case 'step':
          run?.step(command.batches);
          break;
      }
    },
    terminate() {
      run?.cancel();
    }
  };
  return fake as unknown as Worker;
};
