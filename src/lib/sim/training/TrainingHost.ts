/**
 * The worker's side of the protocol, apart from the Worker itself: the backend a job
 * trains on, then one TrainingRun at a time, driven by commands, its events posted
 * back. The worker hosts it with the engine's measured choice; tests host the same
 * class in the page with a chooser limited to plain JavaScript, so they drive the
 * real loop through the real commands.
 */
import type { BackendChoice } from '$lib/engine/select';
import { setBackend } from '$lib/engine/ops';
import { measureSteps } from './measureSteps';
import type { EstimateJob, TrainingCommand, TrainingEvent, TrainingJob } from './protocol';
import { TrainingRun } from './TrainingRun';

/** Picks a backend; `override` is a backend name the job asks for. */
export type ChooseBackend = (override: string | undefined) => Promise<BackendChoice>;

type RunCommand = Exclude<TrainingCommand, { type: 'start' } | { type: 'estimate' }>;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class TrainingHost {
  private readonly post: (event: TrainingEvent) => void;
  private readonly choose: ChooseBackend;
  private run: TrainingRun | null = null;
  /** commands that arrived while the next run was being set up, for it */
  private queued: RunCommand[] | null = null;
  private starts = 0;
  /** what the current backend was chosen for, so an unchanged request is not measured again */
  private chosenFor: string | null = null;
  private label = '';

  constructor(post: (event: TrainingEvent) => void, choose: ChooseBackend) {
    this.post = post;
    this.choose = choose;
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
      await this.useBackend(job);
      if (ticket !== this.starts) return;
      run = new TrainingRun(job, this.post);
    } finally {
      if (ticket === this.starts) this.queued = null;
    }
    for (const command of queued) apply(run, command);
    this.run = run;
    await run.run();
    if (this.run === run) this.run = null;
  }

  /** Times the job's model on the backend it would train on; refused while a run trains, which would share the time. */
  private async estimate(job: EstimateJob): Promise<void> {
    if (this.run || this.queued) throw new Error('a run is training: its steps would share the time');
    await this.useBackend(job);
    this.post({ type: 'estimate', timing: await measureSteps(job, this.label) });
  }

  /**
   * The `?backend=` override when the job carries one; else the backend its lab says
   * suits its model, with the lab's reason; else the chooser's measured pick.
   */
  private async useBackend(job: Pick<TrainingJob, 'backend' | 'suits'>): Promise<void> {
    const key = `${job.backend ?? ''}|${job.suits?.backend ?? ''}`;
    if (key === this.chosenFor) return;
    const choice = await this.choose(job.backend ?? job.suits?.backend);
    setBackend(choice.backend);
    this.chosenFor = key;
    this.label = choice.backend.label;
    const suited = !job.backend && job.suits?.backend === choice.backend.name;
    this.post({ type: 'backend', label: choice.backend.label, reason: suited && job.suits ? job.suits.reason : choice.reason });
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
