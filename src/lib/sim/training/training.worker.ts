/// <reference lib="webworker" />
/**
 * The training worker: picks the engine backend (measured, or `?backend=`), then runs
 * one TrainingRun at a time, so training never blocks the page's picture.
 */
import { chooseBackend } from '$lib/engine/select';
import { setBackend } from '$lib/engine/ops';
import type { TrainingCommand, TrainingEvent } from './protocol';
import { snapshotTransferables, TrainingRun } from './TrainingRun';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let run: TrainingRun | null = null;
let backendFor: string | undefined | null = null;

function post(event: TrainingEvent): void {
  const transfer = 'snapshot' in event ? snapshotTransferables(event.snapshot) : [];
  scope.postMessage(event, transfer);
}

async function start(command: Extract<TrainingCommand, { type: 'start' }>): Promise<void> {
  run?.cancel();
  if (backendFor !== (command.job.backend ?? undefined)) {
    const choice = await chooseBackend({ override: command.job.backend });
    setBackend(choice.backend);
    backendFor = command.job.backend ?? undefined;
    post({ type: 'backend', label: choice.backend.label, reason: choice.reason });
  }
  const current = new TrainingRun(command.job, post);
  run = current;
  await current.run();
  if (run === current) run = null;
}

scope.onmessage = (message: MessageEvent<TrainingCommand>) => {
  const command = message.data;
  switch (command.type) {
    case 'start':
      start(command).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
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
    case 'cancel':
      run?.cancel();
      break;
  }
};
