/// <reference lib="webworker" />
/**
 * The training worker: a TrainingHost with the engine's measured backend choice, so
 * training never blocks the page's picture, and a heartbeat.
 */
import { BackendPool, chooseBackend, fallBack } from '$lib/engine/select';
import { HEARTBEAT_MS, type TrainingCommand, type TrainingEvent } from './protocol';
import { TrainingHost } from './TrainingHost';
import { snapshotTransferables } from './TrainingRun';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// each backend is built once per worker: measuring the next model does not compile gpu.js or our kernels again
const pool = new BackendPool();

const host = new TrainingHost(
  (event: TrainingEvent) => scope.postMessage(event, 'snapshot' in event ? snapshotTransferables(event.snapshot) : []),
  {
    choose: (request) => chooseBackend({ ...request, pool }),
    fallBack: (choice, error) => fallBack(choice, error, { pool })
  }
);

scope.onmessage = (message: MessageEvent<TrainingCommand>) => host.receive(message.data);

// as long as this worker lives; a worker the browser stops fires no error, so the page listens for this instead
setInterval(() => scope.postMessage({ type: 'alive' } satisfies TrainingEvent), HEARTBEAT_MS);
