/**
 * The state of the MNIST lab (define → compile → fit → evaluate → predict, and a look
 * inside), as runes the stage components read. Training runs in the worker through a
 * WorkerRun, which also times a few steps before a fit and sends the model's answers on
 * the test digits when a run ends or pauses; the page itself only runs the trained model
 * on one digit at a time, on a copy of its weights.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Sequential } from '$lib/models/sequential';
import { buildModel } from '$lib/models/modelSpec';
import { configKey, type KeptWork } from './keep/KeptWork.svelte';
import { firstLayerFilters, layerViews, type Kernel, type LayerView } from './featureMaps';
import { LabDigits, type LoadDigits, type MnistData } from './labDigits.svelte';
import { evaluateOutputs, type ConfusionReport } from './mnistEvaluation';
import { addLayer, changeLayer, DIGIT_SHAPE, DIGIT_SIZE, moveLayer, removeLayer, type Edit, type LabLayer, type LayerKind, type LayerPatch } from './mnistLabLayers';
import { configProblems, labJob, labLimits, labMirror, labModelSpec, labStartingRates, labVariants, ownedJob, withPreset } from './mnistLabSpec';
import type { LabDataset, LabPreset, LabVariant, MnistLabConfig } from './mnistLabSpec';
import type { Snapshot, StepTiming } from './training/protocol';
import type { WorkerFactory } from './training/TrainingClient';
import { WorkerRun, type Diagnosis, type RunPhase } from './training/WorkerRun.svelte';

export type { MnistData };
/** A run's phase, or 'loading' while the digits are fetched before the worker has the job. */
export type FitPhase = RunPhase | 'loading';

export interface MnistLabOptions {
  seed?: number;
  /** a `?backend=` override for the worker */
  backend?: string;
  /** which layers the lab offers and where it starts (default 'mlp': Dense layers only) */
  variant?: LabVariant;
  /** fetches a set of digits (the panel passes the site's files under its base path) */
  loadData: LoadDigits;
  workerFactory?: WorkerFactory;
  config?: MnistLabConfig;
  /** keeps the trained network in the browser, and restores it when the lab is configured as it was trained */
  keep?: KeptWork;
}

/** The weights a fit left, with the configuration they belong to. */
export interface TrainedModel {
  config: MnistLabConfig;
  weights: Tensor[];
  /** epochs fully trained */
  epochs: number;
}

/** One digit seen through the model, and what it was seen with. */
export interface Inside {
  views: LayerView[];
  layers: LabLayer[];
  weights: Tensor[];
}

/** A step time measured for one configuration's model and batch size. */
export type Estimate = { key: string; timing: StepTiming } | { key: string; error: string };

export class MnistLab {
  readonly seed: number;
  readonly backend: string | undefined;
  readonly variant: LabVariant;
  readonly kinds: readonly LayerKind[];
  readonly presets: readonly LabPreset[];
  config = $state<MnistLabConfig>(structuredClone(labVariants.mlp.defaults));
  /** why the learner's last change to the layers was not made; '' when it was */
  refusal = $state('');
  /** the fit in the worker */
  readonly run: WorkerRun;
  readonly digits: LabDigits;
  trained = $state.raw<TrainedModel | null>(null);
  evaluation = $state.raw<ConfusionReport | null>(null);
  /** the curves of a network restored from the browser, until the next fit */
  restoredHistory = $state.raw<Snapshot['history'] | null>(null);
  /** the time of a step of the configured model, measured in the worker */
  estimate = $state.raw<Estimate | null>(null);

  readonly problems = $derived(configProblems(this.config));
  /** the Keras code, summary() and parameter count of the model as configured */
  readonly mirror = $derived.by(() => (this.problems.length ? null : labMirror(this.config, this.seed)));
  /** true when the layers or compile options changed since the weights were trained */
  readonly stale = $derived(this.trained !== null && JSON.stringify(this.trained.config) !== JSON.stringify(this.config));
  /**
   * Why the page cannot run the model on a digit now; '' when it can. Without trained
   * weights it runs the model the form describes, so the form must be one fit would
   * take: within its limits (a million units would be 795 million weights on the
   * page's own thread), with a learning rate the model compiles with.
   */
  readonly predictRefusal = $derived(this.trained || !this.problems.length ? '' : `No prediction until the model can be built: ${this.problems[0]}`);
  /** what estimate keys on: the model and the batch */
  readonly estimateKey = $derived.by(() => JSON.stringify([labModelSpec(this.config, this.seed), this.config.batchSize]));

  /** where a fit stands before the worker has it: fetching the digits, or stopped while fetching */
  private preparing = $state<'loading' | 'cancelled' | 'failed' | null>(null);
  /** the configuration and digits of the run in flight (or the last one) */
  private current = $state.raw<{ config: MnistLabConfig; data: MnistData } | null>(null);
  private predictor: { key: TrainedModel | string; model: Sequential } | null = null;
  /** the model a live look inside runs, rebuilt only when the run's layers change */
  private watcher: { key: string; model: Sequential } | null = null;
  private readonly keep?: KeptWork;
  /** the epochs of the fit last handed to keep */
  private keptEpoch = 0;

  constructor(options: MnistLabOptions) {
    this.seed = options.seed ?? 42;
    this.backend = options.backend;
    this.variant = options.variant ?? 'mlp';
    this.kinds = labVariants[this.variant].kinds;
    this.presets = labVariants[this.variant].presets;
    this.config = structuredClone(labVariants[this.variant].defaults);
    this.digits = new LabDigits(options.loadData);
    this.run = new WorkerRun({
      workerFactory: options.workerFactory,
      onsnapshot: (s) => {
        // a paused run's weights can be scored and tried on a digit, as a finished run's can
        if (s.paused && this.run.phase === 'paused') this.hold(s);
        if (s.history.loss.length !== this.keptEpoch || s.paused) this.save(s);
      },
      onend: (_end, s) => {
        this.hold(s);
        this.save(s);
      }
    });
    // a snapshot first: a config handed in from reactive state (a story's args) is a proxy, which cannot be cloned
    if (options.config) this.config = structuredClone($state.snapshot(options.config));
    this.keep = options.keep;
    if (this.keep) void this.restore(this.keep);
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

  /** every backend the chooser timed on this device for this model, and those it left out */
  get backends(): WorkerRun['backends'] {
    return this.run.backends;
  }

  get diagnosis(): Diagnosis | null {
    return this.preparing ? null : this.run.diagnosis;
  }

  /** why the run failed; a failed download says so through digits.failure */
  get error(): string {
    return this.preparing ? '' : this.run.error;
  }

  /** the digits the lab shows: those of the last fit, else those chosen, once loaded */
  get data(): MnistData | null {
    return this.current?.data ?? this.digits.get(this.config.dataset);
  }

  /** the configuration of the last fit (the one the live pictures belong to) */
  get fitted(): MnistLabConfig | null {
    return this.current?.config ?? null;
  }

  /** loss and accuracy per finished epoch: the fit's, or those of a network restored from the browser */
  get history(): Snapshot['history'] {
    return this.snapshot?.history ?? this.restoredHistory ?? { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
  }

  /** the first layer's filters as they are now: live while it trains, then as trained */
  get filters(): Kernel[] {
    const live = this.snapshot && this.current ? { config: this.current.config, weights: this.snapshot.weights } : this.trained;
    return live ? firstLayerFilters(live.config.layers, live.weights) : [];
  }

  // ---- define and compile ----

  private apply(edit: Edit): boolean {
    if ('refusal' in edit) {
      this.refusal = edit.refusal;
      return false;
    }
    this.refusal = '';
    this.config.layers = edit.layers;
    return true;
  }

  addLayer(kind: LayerKind): boolean {
    return this.kinds.includes(kind) && this.apply(addLayer(this.config.layers, kind));
  }

  removeLayer(index: number): boolean {
    return this.apply(removeLayer(this.config.layers, index));
  }

  moveLayer(index: number, by: -1 | 1): boolean {
    return this.apply(moveLayer(this.config.layers, index, by));
  }

  setLayer(index: number, patch: LayerPatch): boolean {
    return this.apply(changeLayer(this.config.layers, index, patch));
  }

  /** The variant may offer this layer's kind: it may be edited, moved and removed. */
  offers(kind: LayerKind): boolean {
    return this.kinds.includes(kind);
  }

  applyPreset(id: LabPreset['id']): void {
    const preset = this.presets.find((p) => p.id === id);
    if (!preset) return;
    this.refusal = '';
    this.config = withPreset($state.snapshot(this.config), preset);
  }

  setOptimizer(optimizer: MnistLabConfig['optimizer']): void {
    if (optimizer === this.config.optimizer) return;
    this.config.optimizer = optimizer;
    // each optimiser's own starting rate: Adam's steps are already scaled per weight
    this.config.learningRate = labStartingRates[optimizer];
  }

  /** Picks the digits; the training size becomes the new set's nearest choice. */
  setDataset(dataset: LabDataset): void {
    const sizes = labLimits.trainingSizes[dataset];
    this.config.dataset = dataset;
    if (!sizes.includes(this.config.trainingSize)) {
      this.config.trainingSize = sizes.reduce((best, n) => (Math.abs(n - this.config.trainingSize) < Math.abs(best - this.config.trainingSize) ? n : best));
    }
  }

  /** Times a few steps of the configured model in the worker, unless it is timed already or a fit runs. */
  async measure(): Promise<void> {
    const key = this.estimateKey;
    if (this.running || this.problems.length || this.estimate?.key === key) return;
    const config = $state.snapshot(this.config);
    try {
      const timing = await this.run.estimate({ model: labModelSpec(config, this.seed), batchSize: config.batchSize, backend: this.backend });
      if (key === this.estimateKey) this.estimate = { key, timing };
    } catch (error) {
      if (key === this.estimateKey) this.estimate = { key, error: error instanceof Error ? error.message : String(error) };
    }
  }

  // ---- fit ----

  async fit(): Promise<void> {
    if (this.running || this.problems.length) return;
    // a copy of its own: on the server, where these tests run, a snapshot is the object itself
    const config = structuredClone($state.snapshot(this.config));
    this.preparing = 'loading';
    let ready: { data: MnistData } & Awaited<ReturnType<typeof ownedJob>>;
    try {
      const data = await this.digits.fetch(config.dataset);
      // the worker gets digits of its own, copied while the page goes on drawing
      ready = { data, ...(await ownedJob(labJob(config, data, this.seed, this.backend), data)) };
    } catch {
      if (this.preparing === 'loading') this.preparing = 'failed';
      return;
    }
    if (this.preparing !== 'loading') return;
    const { data, job, transfer } = ready;
    this.current = { config, data };
    this.preparing = null;
    this.keep?.setAside();
    this.restoredHistory = null;
    // a new fit replaces the kept network once it has finished an epoch (or is paused), not at its first batch
    this.keptEpoch = 0;
    this.run.start(job, transfer);
  }

  pause(): void {
    if (this.run.phase !== 'training') return;
    this.run.pause();
    // the worker sends no snapshot when the pause finds it between batches: keep the last one
    if (this.run.snapshot) this.save(this.run.snapshot);
  }

  resume(): void {
    this.run.resume();
  }

  cancel(): void {
    if (this.preparing === 'loading') {
      this.preparing = 'cancelled';
      this.digits.cancel();
    } else this.run.cancel();
  }

  /** Forgets the network kept in the browser; the lab is untrained again (a fit in flight goes on). */
  startFresh(): void {
    if (!this.running) {
      this.trained = null;
      this.evaluation = null;
    }
    this.restoredHistory = null;
    void this.keep?.forget();
  }

  dispose(): void {
    // a fit still getting its digits ready starts no worker once the lab is gone
    if (this.preparing === 'loading') this.preparing = 'cancelled';
    this.digits.cancel();
    this.run.dispose();
  }

  /** Keeps a snapshot's weights (the last good ones, after a divergence) and counts its answers on the test digits. */
  private hold(s: Snapshot): void {
    const current = this.current;
    if (!current) return;
    this.trained = { config: current.config, weights: s.weights, epochs: s.history.loss.length };
    if (s.outputs) this.evaluation = evaluateOutputs(s.outputs, current.data.test.labels);
  }

  private save(s: Snapshot): void {
    const config = this.current?.config;
    if (!config || !this.keep) return;
    this.keptEpoch = s.history.loss.length;
    this.keep.save(configKey([config, this.seed]), labModelSpec(config, this.seed), { weights: s.weights, epoch: s.history.loss.length, curves: { ...s.history } });
  }

  /** Takes up the network kept for this configuration, unless the learner has fitted or changed it while it was read. */
  private async restore(keep: KeptWork): Promise<void> {
    if (this.problems.length) return;
    const config = structuredClone($state.snapshot(this.config));
    const key = configKey([config, this.seed]);
    const kept = await keep.load(key, labModelSpec(config, this.seed));
    if (!kept) return;
    if (this.trained || this.running || configKey([$state.snapshot(this.config), this.seed]) !== key) {
      keep.setAside();
      return;
    }
    const curve = (name: string) => kept.curves[name] ?? [];
    this.trained = { config, weights: kept.weights, epochs: kept.epoch };
    this.restoredHistory = { loss: curve('loss'), accuracy: curve('accuracy'), valLoss: curve('valLoss'), valAccuracy: curve('valAccuracy') };
  }

  // ---- predict and look inside ----

  /** A page-side model holding the trained weights, or the untrained one as configured; throws the refusal when there is one. */
  private model(): { model: Sequential; config: MnistLabConfig } {
    if (this.predictRefusal) throw new Error(this.predictRefusal);
    const trained = this.trained;
    const config = trained?.config ?? $state.snapshot(this.config);
    const key = trained ?? JSON.stringify(config);
    if (this.predictor?.key !== key) {
      const model = buildModel(labModelSpec(config, this.seed));
      if (trained) model.setWeights(trained.weights);
      this.predictor = { key, model };
    }
    return { model: this.predictor.model, config };
  }

  private digitTensor(digit: Float32Array): Tensor {
    if (digit.length !== DIGIT_SIZE) throw new Error(`predict: a digit has ${DIGIT_SIZE} pixels, got ${digit.length}`);
    return { data: digit, shape: [1, ...DIGIT_SHAPE] };
  }

  /** The ten class probabilities for one 28×28 digit (784 grey levels, 0..1). */
  async predict(digit: Float32Array): Promise<Float32Array> {
    return (await this.model().model.predict(this.digitTensor(digit))).data;
  }

  /**
   * What every layer makes of one digit: its maps, largest first, and the probabilities at
   * the end; with the layers and weights they come from, for a map's kernel. `live`: with
   * the weights of the run's latest snapshot, while it trains.
   */
  async inside(digit: Float32Array, live = false): Promise<Inside> {
    const run = live && this.snapshot && this.current ? { config: this.current.config, weights: this.snapshot.weights } : null;
    if (!run) {
      const { model, config } = this.model();
      const views = layerViews(config.layers, await model.layerOutputs(this.digitTensor(digit)));
      return { views, layers: config.layers, weights: this.trained?.weights ?? model.getWeights() };
    }
    const key = JSON.stringify(run.config);
    if (this.watcher?.key !== key) this.watcher = { key, model: buildModel(labModelSpec(run.config, this.seed)) };
    this.watcher.model.setWeights(run.weights);
    const views = layerViews(run.config.layers, await this.watcher.model.layerOutputs(this.digitTensor(digit)));
    return { views, layers: run.config.layers, weights: run.weights };
  }
}
