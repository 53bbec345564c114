/**
 * The state of the MNIST lab (define → compile → fit → evaluate → predict), as runes
 * the panel reads. Training runs in the worker through a WorkerRun; what the page
 * computes itself (the confusion matrix over 2,000 digits, one drawn digit) runs on a
 * copy of the trained weights, in chunks that leave frames in between.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Dataset } from '$lib/datasets/types';
import type { Sequential } from '$lib/models/sequential';
import { buildModel } from '$lib/models/modelSpec';
import type { Snapshot } from './training/protocol';
import type { WorkerFactory } from './training/TrainingClient';
import { WorkerRun, type Diagnosis, type RunPhase } from './training/WorkerRun.svelte';
import {
  configProblems,
  defaultLabConfig,
  DIGIT_SHAPE,
  DIGIT_SIZE,
  digitsTensor,
  evaluateOutputs,
  jobBuffers,
  labStartingRates,
  labJob,
  labLimits,
  labMirror,
  labModelSpec,
  type DenseChoice,
  type Evaluation,
  type MnistLabConfig
} from './mnistLabSpec';

export type MnistData = { train: Dataset; test: Dataset };
/** A run's phase, or 'loading' while the digits are fetched before the worker has the job. */
export type FitPhase = RunPhase | 'loading';

export interface MnistLabOptions {
  seed?: number;
  /** a `?backend=` override for the worker */
  backend?: string;
  /** fetches the 8,000/2,000 split (the panel passes fetchMnist with the site's base path) */
  loadData: () => Promise<MnistData>;
  workerFactory?: WorkerFactory;
  config?: MnistLabConfig;
}

/** The weights a fit left, with the configuration they belong to. */
export interface TrainedModel {
  config: MnistLabConfig;
  weights: Tensor[];
  /** epochs fully trained */
  epochs: number;
}

/** Rows a chunk of page-side prediction covers: ~5 ms of plain JavaScript for 784-128-10. */
const CHUNK = 64;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class MnistLab {
  readonly seed: number;
  readonly backend: string | undefined;
  config = $state<MnistLabConfig>(structuredClone(defaultLabConfig));
  /** the fit in the worker */
  readonly run: WorkerRun;
  data = $state.raw<MnistData | null>(null);
  trained = $state.raw<TrainedModel | null>(null);
  evaluation = $state.raw<Evaluation | null>(null);
  evaluating = $state(false);

  readonly problems = $derived(configProblems(this.config));
  /** the Keras code, summary() and parameter count of the model as configured */
  readonly mirror = $derived.by(() => (this.problems.length ? null : labMirror(this.config, this.seed)));
  /** true when the layers or compile options changed since the weights were trained */
  readonly stale = $derived(this.trained !== null && JSON.stringify(this.trained.config) !== JSON.stringify(this.config));

  private readonly loadData: () => Promise<MnistData>;
  private loading: Promise<MnistData> | null = null;
  /** where a fit stands before the worker has it: fetching the digits, or stopped while fetching */
  private preparing = $state<'loading' | 'cancelled' | 'failed' | null>(null);
  private loadError = $state('');
  /** the configuration of the run in flight; a new fit starts only once the last one ended */
  private current: MnistLabConfig | null = null;
  private predictor: { key: TrainedModel | string; model: Sequential } | null = null;
  private evaluationRun = 0;

  constructor(options: MnistLabOptions) {
    this.seed = options.seed ?? 42;
    this.backend = options.backend;
    this.loadData = options.loadData;
    this.run = new WorkerRun({
      workerFactory: options.workerFactory,
      // a paused run's weights can be scored and tried on a digit, as a finished run's can
      onsnapshot: (s) => {
        if (s.paused && this.run.phase === 'paused') this.keep(s);
      },
      onend: (_end, s) => this.keep(s)
    });
    // a snapshot first: a config handed in from reactive state (a story's args) is a proxy, which cannot be cloned
    if (options.config) this.config = structuredClone($state.snapshot(options.config));
  }

  get phase(): FitPhase {
    return this.preparing ?? this.run.phase;
  }

  /** a fit is under way: fetching its digits, training or paused */
  get running(): boolean {
    return this.phase === 'loading' || this.run.alive;
  }

  /** the latest snapshot of the fit; none while the next fit fetches its digits */
  get snapshot(): Snapshot | null {
    return this.preparing ? null : this.run.snapshot;
  }

  /** "training on: WebAssembly SIMD (fastest of 2 measured)" */
  get backendLine(): string {
    return this.run.backendLine;
  }

  get diagnosis(): Diagnosis | null {
    return this.preparing ? null : this.run.diagnosis;
  }

  get error(): string {
    return this.preparing ? this.loadError : this.run.error;
  }

  // ---- define and compile ----

  addLayer(): void {
    if (this.config.hidden.length >= labLimits.maxHidden) return;
    this.config.hidden.push({ ...labLimits.newLayer });
  }

  removeLayer(index: number): void {
    this.config.hidden.splice(index, 1);
  }

  setLayer(index: number, patch: Partial<DenseChoice>): void {
    Object.assign(this.config.hidden[index], patch);
  }

  setOptimizer(optimizer: MnistLabConfig['optimizer']): void {
    if (optimizer === this.config.optimizer) return;
    this.config.optimizer = optimizer;
    // each optimiser's own starting rate: Adam's steps are already scaled per weight
    this.config.learningRate = labStartingRates[optimizer];
  }

  // ---- fit ----

  /** The data, fetched once. */
  ensureData(): Promise<MnistData> {
    this.loading ??= this.loadData().then(
      (data) => (this.data = data),
      (error: unknown) => {
        this.loading = null;
        throw error;
      }
    );
    return this.loading;
  }

  async fit(): Promise<void> {
    if (this.running || this.problems.length) return;
    // a copy of its own: on the server, where these tests run, a snapshot is the object itself
    const config = structuredClone($state.snapshot(this.config));
    this.preparing = 'loading';
    this.loadError = '';
    let data: MnistData;
    try {
      data = await this.ensureData();
    } catch (error) {
      this.preparing = 'failed';
      this.loadError = `The digits could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (this.preparing !== 'loading') return;
    this.current = config;
    this.preparing = null;
    const job = labJob(config, data, this.seed, this.backend);
    this.run.start(job, jobBuffers(job));
  }

  pause(): void {
    this.run.pause();
  }

  resume(): void {
    this.run.resume();
  }

  cancel(): void {
    if (this.preparing === 'loading') this.preparing = 'cancelled';
    else this.run.cancel();
  }

  dispose(): void {
    this.run.dispose();
    this.evaluationRun++;
  }

  /** Keeps a snapshot's weights (the last good ones, after a divergence) and scores them. */
  private keep(s: Snapshot): void {
    const config = this.current;
    if (!config) return;
    const epochs = s.history.loss.length;
    this.trained = { config, weights: s.weights, epochs };
    void this.evaluate();
  }

  // ---- evaluate and predict ----

  /** A page-side model holding the trained weights, or the untrained one as configured. */
  private model(): Sequential {
    const trained = this.trained;
    const config = trained?.config ?? $state.snapshot(this.config);
    const key = trained ?? JSON.stringify(config);
    if (this.predictor?.key === key) return this.predictor.model;
    const model = buildModel(labModelSpec(config, this.seed));
    if (trained) model.setWeights(trained.weights);
    this.predictor = { key, model };
    return model;
  }

  /** Scores the trained weights on every test digit, a chunk per task. */
  async evaluate(): Promise<void> {
    const run = ++this.evaluationRun;
    const data = this.data ?? (await this.ensureData());
    if (!this.trained || run !== this.evaluationRun) return;
    this.evaluating = true;
    const model = this.model();
    const x = digitsTensor(data.test);
    const out = new Float32Array(data.test.n * 10);
    for (let start = 0; start < data.test.n; start += CHUNK) {
      const end = Math.min(data.test.n, start + CHUNK);
      const rows = { data: x.data.subarray(start * DIGIT_SIZE, end * DIGIT_SIZE), shape: [end - start, ...DIGIT_SHAPE] };
      out.set((await model.predict(rows, { batchSize: CHUNK })).data, start * 10);
      await nextTask();
      if (run !== this.evaluationRun) return;
    }
    this.evaluation = evaluateOutputs({ data: out, shape: [data.test.n, 10] }, data.test.labels);
    this.evaluating = false;
  }

  /** The ten class probabilities for one 28×28 digit (784 grey levels, 0..1). */
  async predict(digit: Float32Array): Promise<Float32Array> {
    if (digit.length !== DIGIT_SIZE) throw new Error(`predict: a digit has ${DIGIT_SIZE} pixels, got ${digit.length}`);
    const out = await this.model().predict({ data: digit, shape: [1, ...DIGIT_SHAPE] });
    return out.data;
  }
}
