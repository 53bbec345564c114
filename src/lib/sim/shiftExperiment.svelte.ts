/**
 * Why convolution, measured: chapter 4's MLP and the small CNN train on the same digits
 * with the same seed, in the worker one after the other, and each is then scored on the
 * test digits moved 0, 1, 2 and 3 pixels to the right. The moved copies travel as the
 * run's validation set, so the worker's own answers (sent with its last snapshot) are
 * counted here, shift by shift. The figures are whatever the run gives.
 */
import { argMax } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import type { Dataset } from '$lib/datasets/types';
import { shiftPlane } from './convolution/digits';
import type { LoadDigits, MnistData } from './labDigits.svelte';
import { DIGIT_SHAPE, DIGIT_SIZE } from './mnistLabLayers';
import { labJob, labMirror, labPresets, labTargets, labVariants, ownedJob, withPreset, type MnistLabConfig } from './mnistLabSpec';
import type { WorkerFactory } from './training/TrainingClient';
import { WorkerRun } from './training/WorkerRun.svelte';

export const SHIFTS = [0, 1, 2, 3] as const;
export type Contestant = 'mlp' | 'cnn';
export type ShiftGuess = Contestant | 'same';

/** The two networks, as the labs of chapters 4 and 5 start them, on the small set's 8,000 training digits for one epoch. */
export const contestants: Readonly<Record<Contestant, MnistLabConfig>> = {
  mlp: { ...labVariants.mlp.defaults, epochs: 1, dataset: 'small', trainingSize: 8000 },
  cnn: { ...withPreset(labVariants.cnn.defaults, labPresets[0]), epochs: 1, dataset: 'small', trainingSize: 8000 }
};

/** The test digits, each moved `shift` pixels right (ink pushed past the edge is lost), every shift in turn: [n · shifts, 28, 28, 1]. */
export function shiftedDigits(test: Dataset, shifts: readonly number[] = SHIFTS): Tensor {
  const n = test.n;
  const out = new Float32Array(n * shifts.length * DIGIT_SIZE);
  shifts.forEach((shift, s) => {
    for (let i = 0; i < n; i++) {
      const plane = { rows: 28, cols: 28, values: test.x.subarray(i * DIGIT_SIZE, (i + 1) * DIGIT_SIZE) };
      out.set(shiftPlane(plane, shift, 0).values, (s * n + i) * DIGIT_SIZE);
    }
  });
  return { data: out, shape: [n * shifts.length, ...DIGIT_SHAPE] };
}

/** The share right for each shift, from outputs [n · shifts, 10] in shiftedDigits' order. */
export function accuracyByShift(outputs: Tensor, labels: ArrayLike<number>, shifts: readonly number[] = SHIFTS): number[] {
  const said = argMax(outputs);
  const n = labels.length;
  if (said.length !== n * shifts.length) throw new Error(`accuracyByShift: ${said.length} outputs for ${n} labels at ${shifts.length} shifts`);
  return shifts.map((_, s) => {
    let right = 0;
    for (let i = 0; i < n; i++) if (said[s * n + i] === labels[i]) right++;
    return right / n;
  });
}

/** What the step asks: predict, then run the experiment to its end. */
export interface ShiftGoal {
  task: string;
  ranExperiment: true;
}

export interface ShiftResult {
  /** accuracy at each of SHIFTS */
  accuracy: number[];
  params: number;
  summary: string;
}

export interface ShiftExperimentOptions {
  seed?: number;
  backend?: string;
  loadData: LoadDigits;
  workerFactory?: WorkerFactory;
}

export class ShiftExperiment {
  readonly seed: number;
  readonly run: WorkerRun;
  /** each network's parameter count and Keras summary() table, before anything trains */
  readonly summaries: Readonly<Record<Contestant, { params: number; summary: string }>>;
  /** the learner's answer, locked before the run ('skipped': ran without one) */
  guess = $state<ShiftGuess | 'skipped' | null>(null);
  /** which network is being fetched for or trained, while the experiment runs */
  training = $state<Contestant | 'loading' | null>(null);
  results = $state.raw<Partial<Record<Contestant, ShiftResult>>>({});
  error = $state('');

  private readonly backend: string | undefined;
  private readonly loadData: LoadDigits;
  private data: MnistData | null = null;
  private finished: ((outputs: Tensor | null) => void) | null = null;
  private disposed = false;

  constructor(options: ShiftExperimentOptions) {
    this.seed = options.seed ?? 42;
    this.backend = options.backend;
    this.loadData = options.loadData;
    this.summaries = { mlp: labMirror(contestants.mlp, this.seed), cnn: labMirror(contestants.cnn, this.seed) };
    this.run = new WorkerRun({
      workerFactory: options.workerFactory,
      onend: (end, s) => this.finished?.(end === 'finished' ? (s.outputs ?? null) : null),
      onfail: () => this.finished?.(null)
    });
  }


  /** How far each network's accuracy fell from shift 0 to shift `to`, in points of the share right. */
  fall(who: Contestant, to = 2): number | null {
    const a = this.results[who]?.accuracy;
    return a ? a[0] - a[SHIFTS.indexOf(to as (typeof SHIFTS)[number])] : null;
  }

  /** Trains the MLP, then the CNN, and scores each on the moved digits. */
  async start(): Promise<void> {
    if (this.training || this.guess === null) return;
    this.results = {};
    this.error = '';
    try {
      this.training = 'loading';
      this.data ??= await this.loadData('small', {});
      for (const who of ['mlp', 'cnn'] as const) {
        this.training = who;
        const accuracy = await this.train(who, this.data);
        if (!accuracy) {
          this.error = this.run.error || this.run.diagnosis?.message || 'The run was stopped before it ended.';
          return;
        }
        this.results = { ...this.results, [who]: { accuracy, ...this.summaries[who] } };
      }
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.training = null;
    }
  }

  cancel(): void {
    this.run.cancel();
  }

  dispose(): void {
    this.disposed = true;
    this.finished?.(null);
    this.run.dispose();
  }

  private async train(who: Contestant, data: MnistData): Promise<number[] | null> {
    const plain = labJob(contestants[who], data, this.seed, this.backend);
    const x = shiftedDigits(data.test);
    plain.validation = { x, y: labTargets(Int32Array.from({ length: x.shape[0] }, (_, i) => data.test.labels[i % data.test.n]), x.shape[0], contestants[who].loss) };
    // the worker gets digits of its own, copied while the page goes on drawing
    const { job, transfer } = await ownedJob(plain, data);
    // an experiment closed while its digits were copied starts no worker
    if (this.disposed) return null;
    return new Promise((resolve) => {
      this.finished = (outputs) => {
        this.finished = null;
        resolve(outputs ? accuracyByShift(outputs, data.test.labels) : null);
      };
      this.run.start(job, transfer);
    });
  }
}
