/**
 * The state of the MNIST lab (define → compile → fit → evaluate → predict), as runes
 * the panel reads. Training runs in the worker through TrainingClient; what the page
 * computes itself (the confusion matrix over 2,000 digits, one drawn digit) runs on a
 * copy of the trained weights, in chunks that leave frames in between.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Dataset } from '$lib/datasets/types';
import type { Sequential } from '$lib/models/sequential';
import { buildModel } from '$lib/models/modelSpec';
import type { Snapshot, TrainingEvent } from './training/protocol';
import { TrainingClient, type WorkerFactory } from './training/TrainingClient';
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
export type FitPhase = 'idle' | 'loading' | 'training' | 'paused' | 'finished' | 'cancelled' | 'diverged' | 'failed';

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
  phase = $state<FitPhase>('idle');
  snapshot = $state.raw<Snapshot | null>(null);
  /** "training on: WebAssembly SIMD (fastest of 2 measured)" */
  backendLine = $state('');
  diagnosis = $state.raw<{ message: string; suggestion: string; layer: string } | null>(null);
  error = $state('');
  data = $state.raw<MnistData | null>(null);
  trained = $state.raw<TrainedModel | null>(null);
  evaluation = $state.raw<Evaluation | null>(null);
  evaluating = $state(false);

  readonly problems = $derived(configProblems(this.config));
  /** the Keras code, summary() and parameter count of the model as configured */
  readonly mirror = $derived.by(() => (this.problems.length ? null : labMirror(this.config, this.seed)));
  readonly running = $derived(this.phase === 'loading' || this.phase === 'training' || this.phase === 'paused');
  /** true when the layers or compile options changed since the weights were trained */
  readonly stale = $derived(this.trained !== null && JSON.stringify(this.trained.config) !== JSON.stringify(this.config));

  private readonly loadData: () => Promise<MnistData>;
  private readonly workerFactory?: WorkerFactory;
  private client: TrainingClient | null = null;
  private loading: Promise<MnistData> | null = null;
  /** the configuration of the run in flight; a new fit starts only once the last one ended */
  private current: MnistLabConfig | null = null;
  private predictor: { key: TrainedModel | string; model: Sequential } | null = null;
  private evaluationRun = 0;

  constructor(options: MnistLabOptions) {
    this.seed = options.seed ?? 42;
    this.backend = options.backend;
    this.loadData = options.loadData;
    this.workerFactory = options.workerFactory;
    // a snapshot first: a config handed in from reactive state (a story's args) is a proxy, which cannot be cloned
    if (options.config) this.config = structuredClone($state.snapshot(options.config));
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
    this.phase = 'loading';
    this.error = '';
    this.diagnosis = null;
    this.snapshot = null;
    let data: MnistData;
    try {
      data = await this.ensureData();
    } catch (error) {
      this.phase = 'failed';
      this.error = `The digits could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (this.phase !== 'loading') return;
    this.client ??= new TrainingClient((event) => this.onEvent(event), this.workerFactory);
    this.current = config;
    this.phase = 'training';
    const job = labJob(config, data, this.seed, this.backend);
    this.client.start(job, jobBuffers(job));
  }

  pause(): void {
    if (this.phase !== 'training') return;
    this.client?.pause();
    this.phase = 'paused';
  }

  resume(): void {
    if (this.phase !== 'paused') return;
    this.client?.resume();
    this.phase = 'training';
  }

  cancel(): void {
    if (this.phase === 'loading') this.phase = 'cancelled';
    else if (this.running) this.client?.cancel();
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
    this.evaluationRun++;
  }

  private onEvent(event: TrainingEvent): void {
    const config = this.current;
    if (!config) return;
    switch (event.type) {
      case 'backend':
        this.backendLine = `training on: ${event.label} (${event.reason})`;
        return;
      case 'snapshot':
        this.snapshot = event.snapshot;
        if (event.snapshot.paused && this.phase === 'paused') this.keep(config, event.snapshot);
        return;
      case 'done':
        this.snapshot = event.snapshot;
        this.phase = event.reason;
        this.keep(config, event.snapshot);
        return;
      case 'diverged':
        this.snapshot = event.snapshot;
        this.phase = 'diverged';
        this.diagnosis = { message: event.message, suggestion: event.suggestion, layer: event.layer };
        this.keep(config, event.snapshot);
        return;
      case 'error':
        this.phase = 'failed';
        this.error = event.message;
    }
  }

  /** Keeps a snapshot's weights (the last good ones, after a divergence) and scores them. */
  private keep(config: MnistLabConfig, s: Snapshot): void {
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
