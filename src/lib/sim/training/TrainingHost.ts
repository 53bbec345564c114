/**
 * The worker's side of the protocol, apart from the Worker itself: the backend a job
 * trains on, then one TrainingRun at a time, driven by commands, its events posted
 * back. The backend is chosen by timing one real step of the job's model on each
 * candidate (or taken from `?backend=`), and again only when the job's architecture or
 * batch size changes. If it fails mid-fit, the run goes on from the weights it reached
 * on the next backend. The worker hosts it with the engine's chooser; tests host the same
 * class in the page with a chooser limited to plain JavaScript, so they drive the real
 * loop through the real commands.
 */
import { setBackend } from '$lib/engine/ops';
import { describeChoice, type BackendChoice, type StepTrial } from '$lib/engine/select';
import { buildModel } from '$lib/models/modelSpec';
import { measureSteps, randomBatch } from './measureSteps';
import type { EstimateJob, TrainingCommand, TrainingEvent, TrainingJob } from './protocol';
import { stepTrial } from './stepTrial';
import { TrainingRun } from './TrainingRun';

/** Where a job's backend comes from. */
export interface Chooser {
  /** `override`: the backend a link names; `trial`: one real step of the job's model, to time */
  choose(request: { override?: string; trial: StepTrial }): Promise<BackendChoice>;
  /** the next backend after `choice.backend` failed mid-fit; null when none is left */
  fallBack(choice: BackendChoice, error: unknown): Promise<BackendChoice | null>;
}

type RunCommand = Exclude<TrainingCommand, { type: 'start' } | { type: 'estimate' }>;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a measurement depends on: the architecture and batch size, not the learning rate or seed. */
function measuredFor(job: TrainingJob): string {
  const { inputShape, layers, optimizer, momentum, loss, kernelRegularizer } = job.model;
  return JSON.stringify([job.backend ?? '', inputShape, layers, optimizer, momentum ?? 0, loss, kernelRegularizer ?? null, job.batchSize]);
}

export class TrainingHost {
  private readonly post: (event: TrainingEvent) => void;
  private readonly chooser: Chooser;
  private run: TrainingRun | null = null;
  /** commands that arrived while the next run was being set up, for it */
  private queued: RunCommand[] | null = null;
  private starts = 0;
  private choice: BackendChoice | null = null;
  /** what the current choice was measured for, so an unchanged request is not measured again */
  private chosenFor: string | null = null;

  constructor(post: (event: TrainingEvent) => void, chooser: Chooser) {
    this.post = post;
    this.chooser = chooser;
  }

  receive(command: TrainingCommand): void {
    if (command.type === 'start') {
      this.start(command.job).catch((error: unknown) => this.post({ type: 'error', message: messageOf(error) }));
    } else if (command.type === 'estimate') {
      const id = command.job.id;
      this.estimate(command.job).catch((error: unknown) => this.post({ type: 'estimate-failed', id, message: messageOf(error) }));
    } else if (this.queued) this.queued.push(command);
    else if (this.run) apply(this.run, command);
  }

  /** Ends the current run, as a terminated worker would. */
  stop(): void {
    this.starts++;
    this.queued = null;
    this.run?.cancel();
    this.run = null;
  }

  private async start(job: TrainingJob): Promise<void> {
    this.run?.cancel();
    this.run = null;
    const ticket = ++this.starts;
    const queued: RunCommand[] = [];
    this.queued = queued;
    let run: TrainingRun;
    try {
      const chosen = await this.useBackend(job);
      if (ticket !== this.starts) return;
      run = new TrainingRun(job, this.post, undefined, (error) => this.recover(run, error));
      if (chosen) this.announceChoice(run.model.planReason);
    } finally {
      if (ticket === this.starts) this.queued = null;
    }
    for (const command of queued) apply(run, command);
    this.run = run;
    await run.run();
    if (this.run === run) this.run = null;
  }

  /**
   * Times the job's model on the backend it would train on: chosen (measured on random
   * samples of its shapes) as a fit of the same model and batch size would choose it, so
   * that fit starts on it without measuring again. Refused while a run trains, which
   * would share the time.
   */
  private async estimate(job: EstimateJob): Promise<void> {
    if (this.run || this.queued) throw new Error('a run is training: its steps would share the time');
    const { x, y } = randomBatch(job.model, job.batchSize);
    const trial: TrainingJob = { model: job.model, x, y, epochs: 1, batchSize: job.batchSize, shuffle: false, seed: job.model.seed, backend: job.backend };
    if (await this.useBackend(trial)) this.announceChoice(buildModel(job.model).planReason);
    this.post({ type: 'estimate', timing: await measureSteps(job, (this.choice as BackendChoice).backend.label) });
  }

  /** Chooses (measures) unless the last choice was made for the same request; true when it chose. */
  private async useBackend(job: TrainingJob): Promise<boolean> {
    const key = measuredFor(job);
    if (this.choice && key === this.chosenFor) {
      setBackend(this.choice.backend);
      return false;
    }
    const choice = await this.chooser.choose({ override: job.backend, trial: stepTrial(job) });
    setBackend(choice.backend);
    this.choice = choice;
    this.chosenFor = key;
    return true;
  }

  /** Says which backend trains, why, and what else was measured or left out. */
  private announceChoice(planReason: string | null): void {
    const choice = this.choice as BackendChoice;
    const { name, label } = choice.backend;
    this.post({ type: 'backend', name, label, line: describeChoice(choice, planReason), reason: choice.reason, measured: choice.measured, rejected: choice.rejected });
  }

  /** After the backend failed mid-fit: the next one, if any, for the run to go on on. */
  private async recover(run: TrainingRun, error: unknown): Promise<boolean> {
    if (this.run !== run || !this.choice) return false;
    const next = await this.chooser.fallBack(this.choice, error);
    if (!next || this.run !== run) return false;
    this.choice = next;
    setBackend(next.backend);
    this.announceChoice(run.model.planReason);
    return true;
  }
}

function apply(run: TrainingRun, command: RunCommand): void {
  switch (command.type) {
    case 'pause':
      return run.pause();
    case 'resume':
      return run.resume();
    case 'step':
      return run.step(command.batches);
    case 'cancel':
      return run.cancel();
  }
}
