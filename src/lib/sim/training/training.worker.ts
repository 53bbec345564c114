/// <reference lib="webworker" />
/**
 * The training worker: a TrainingHost with the engine's measured backend choice, so
 * training never blocks the page's picture.
 */
import { chooseBackend } from '$lib/engine/select';
import type { TrainingCommand, TrainingEvent } from './protocol';
import { TrainingHost } from './TrainingHost';
import { snapshotTransferables } from './TrainingRun';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = new TrainingHost(
  (event: TrainingEvent) => scope.postMessage(event, 'snapshot' in event ? snapshotTransferables(event.snapshot) : []),
  (override) => chooseBackend({ override })
);

scope.onmessage = (message: MessageEvent<TrainingCommand>) => host.receive(message.data);
