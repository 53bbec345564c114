/**
 * The playground's state (Svelte runes): the view the learner set up (its link), the
 * points, the weights, and a training run in the worker that never blocks the page.
 *
 * What a change does follows TensorFlow Playground: a new dataset, split, input or
 * layer shape starts again from fresh weights; a new learning rate, batch size or L2
 * rate carries on from the current weights (the run in the worker is replaced, the
 * epoch count and loss curves go on). An edited weight is kept and trained from.
 * Divergence keeps the last good weights and says why.
 */
import type { Tensor } from '$lib/engine/tensor';
import { buildModel } from '$lib/models/modelSpec';
import { challengeById, type Challenge, type RunFacts } from './challenges';
import {
  DEFAULT_CONFIG,
  MAX_HIDDEN_LAYERS,
  MAX_UNITS,
  playgroundSearch,
  type Feature,
  type HiddenActivation,
  type PlaygroundConfig
} from './config';
import { featureMatrix, gridSpec, labelTensor, playgroundData, type PlaygroundData } from './data';
import { deadRelus, planePictures, playgroundSpec, scorePoints, withWeight } from './network';
import type { Snapshot, TrainingEvent, TrainingJob } from '../training/protocol';
import { TrainingClient, type WorkerFactory } from '../training/TrainingClient';

/** Epochs per job in the worker; at the end a playing run simply starts the next from where it is. */
export const EPOCHS_PER_RUN = 500;
export const OUTPUT_RESOLUTION = 32;
/** TensorFlow Playground's unit pictures are as coarse; every cell is a rectangle the scene draws */
export const UNIT_RESOLUTION = 12;
/** at most this often the pictures are recomputed while training, so drawing never queues up behind snapshots */
const REFRESH_MS = 250;

export type PlaygroundStatus = 'ready' | 'running' | 'paused' | 'diverged' | 'error';

export interface PlaygroundOptions {
  seed: number;
  config?: PlaygroundConfig;
  /** a `?backend=` override for the worker */
  backend?: string;
  workerFactory?: WorkerFactory;
  /** called with the view's query string whenever the view changes */
  onlink?: (config: PlaygroundConfig) => void;
}

export interface PlaygroundPictures {
  /** the network's output (a probability) over the plane, top row first */
  readonly output: Float32Array;
  readonly outputResolution: number;
  /** per layer (inputs first) and unit, shades in [0, 1] over the plane */
  readonly units: Float32Array[][];
  readonly unitResolution: number;
}

export interface Guess {
  readonly challenge: Challenge;
  readonly answer: 'yes' | 'no';
}

export class Playground {
  readonly seed: number;
  config = $state.raw<PlaygroundConfig>(DEFAULT_CONFIG);
  data: PlaygroundData = $derived.by(() => playgroundData(this.config, this.seed));
  /** the last good weights (Keras layout, layer by layer) */
  weights = $state.raw<Tensor[]>([]);
  status = $state<PlaygroundStatus>('ready');
  /** finished epochs since the weights were last reset */
  epoch = $state(0);
  trainLoss = $state.raw<number[]>([]);
  testLoss = $state.raw<number[]>([]);
  /** loss and accuracy of the current weights on the test points */
  testScore = $state.raw({ loss: NaN, accuracy: NaN });
  trainScore = $state.raw({ loss: NaN, accuracy: NaN });
  samplesPerSecond = $state(0);
  backendLabel = $state('');
  diagnosis = $state.raw<{ message: string; suggestion: string } | null>(null);
  error = $state('');
  pictures = $state.raw<PlaygroundPictures | null>(null);
  /** the weights the pictures were computed from: what the network picture draws, so edges and units agree */
  shownWeights = $state.raw<Tensor[]>([]);
  /** per hidden layer, the indices of dead ReLU units */
  dead = $state.raw<number[][]>([]);
  guess = $state.raw<Guess | null>(null);
  /** what the guessed run did, once it has run its epochs */
  outcome = $state.raw<RunFacts | null>(null);

  private readonly backend?: string;
  private readonly workerFactory?: WorkerFactory;
  private readonly onlink?: (config: PlaygroundConfig) => void;
  private client: TrainingClient | null = null;
  private runId = 0;
  /** a job lives in the worker (running or paused) and may be resumed or stepped */
  private alive = false;
  /** epochs and curves of the runs before the current one */
  private base = { epoch: 0, train: [] as number[], test: [] as number[] };
  private lastSnapshot: Snapshot | null = null;
  private refreshCount = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private lastRefresh = 0;

  constructor(options: PlaygroundOptions) {
    this.seed = options.seed;
    this.backend = options.backend;
    this.workerFactory = options.workerFactory;
    this.onlink = options.onlink;
    this.config = options.config ?? DEFAULT_CONFIG;
    this.freshWeights();
  }

  get deadCount(): number {
    return this.dead.reduce((s, layer) => s + layer.length, 0);
  }

  get link(): string {
    return playgroundSearch(this.config);
  }

  // ------------------------------------------------------------ the view

  /** Any change of what is learned or of the network's shape: fresh weights, epoch 0. */
  private reshape(config: PlaygroundConfig): void {
    this.endPrediction();
    this.config = config;
    this.onlink?.(config);
    this.reset();
  }

  /** A change of how it learns: keep the weights and the curves, replace the run. */
  private retune(config: PlaygroundConfig): void {
    this.endPrediction();
    this.config = config;
    this.onlink?.(config);
    this.replaceRun();
  }

  setDataset(dataset: PlaygroundConfig['dataset']): void {
    this.reshape({ ...this.config, dataset });
  }

  setNoise(noise: number): void {
    this.reshape({ ...this.config, noise: Math.min(0.5, Math.max(0, Math.round(noise * 20) / 20)) });
  }

  setTrainRatio(ratio: number): void {
    this.reshape({ ...this.config, trainRatio: Math.min(0.9, Math.max(0.1, Math.round(ratio * 10) / 10)) });
  }

  /** Switches an input feature on or off; the last one stays on. */
  toggleFeature(feature: Feature): void {
    const on = this.config.features.includes(feature);
    if (on && this.config.features.length === 1) return;
    const features = on ? this.config.features.filter((f) => f !== feature) : [...this.config.features, feature];
    const order = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2'] as const;
    this.reshape({ ...this.config, features: order.filter((f) => features.includes(f)) });
  }

  addLayer(): void {
    if (this.config.hidden.length >= MAX_HIDDEN_LAYERS) return;
    const last = this.config.hidden[this.config.hidden.length - 1];
    this.reshape({ ...this.config, hidden: [...this.config.hidden, { units: 2, activation: last?.activation ?? 'tanh' }] });
  }

  removeLayer(): void {
    if (this.config.hidden.length === 0) return;
    this.reshape({ ...this.config, hidden: this.config.hidden.slice(0, -1) });
  }

  setUnits(layer: number, units: number): void {
    const u = Math.min(MAX_UNITS, Math.max(1, Math.round(units)));
    if (!this.config.hidden[layer] || this.config.hidden[layer].units === u) return;
    this.reshape({ ...this.config, hidden: this.config.hidden.map((h, l) => (l === layer ? { ...h, units: u } : h)) });
  }

  setActivation(layer: number, activation: HiddenActivation): void {
    if (!this.config.hidden[layer]) return;
    this.reshape({ ...this.config, hidden: this.config.hidden.map((h, l) => (l === layer ? { ...h, activation } : h)) });
  }

  setLearningRate(learningRate: number): void {
    this.retune({ ...this.config, learningRate });
  }

  setBatchSize(batchSize: number): void {
    this.retune({ ...this.config, batchSize: Math.max(1, Math.round(batchSize)) });
  }

  setL2(l2: number): void {
    this.retune({ ...this.config, l2 });
  }

  /** One weight, set by hand; training continues from it. */
  setWeight(layer: number, from: number, to: number, value: number): void {
    this.endPrediction();
    this.weights = withWeight(this.weights, layer, from, to, value);
    this.diagnosis = null;
    if (this.status === 'diverged') this.status = 'paused';
    this.replaceRun();
    void this.refresh();
  }

  // ------------------------------------------------------------ training

  /** Fresh weights from the seed, epoch 0, empty curves. */
  reset(): void {
    this.cancelRun();
    this.freshWeights();
    this.base = { epoch: 0, train: [], test: [] };
    this.epoch = 0;
    this.trainLoss = [];
    this.testLoss = [];
    this.diagnosis = null;
    this.error = '';
    this.outcome = null;
    this.status = 'ready';
  }

  play(): void {
    if (this.status === 'running' || this.finishedChallenge()) return;
    this.diagnosis = null;
    this.error = '';
    this.status = 'running';
    if (this.alive) this.client?.resume();
    else this.startRun(false);
  }

  pause(): void {
    if (this.status !== 'running') return;
    this.client?.pause();
    this.status = 'paused';
  }

  toggle(): void {
    if (this.status === 'running') this.pause();
    else this.play();
  }

  /** Trains to the end of the current epoch (one whole epoch from a boundary), then pauses. */
  step(): void {
    if (this.status === 'running' || this.finishedChallenge()) return;
    this.diagnosis = null;
    this.status = 'paused';
    const batches = Math.ceil(this.data.train.length / this.config.batchSize);
    if (!this.alive) this.startRun(true);
    const s = this.lastSnapshot;
    const left = s && s.runId === this.runId && s.batch < s.batches ? s.batches - s.batch : batches;
    this.client?.step(left);
  }

  /** Sets up a question's view and records the learner's answer; the run then stops at the question's epochs. */
  predict(challengeId: string, answer: 'yes' | 'no'): void {
    const challenge = challengeById(challengeId);
    if (!challenge) return;
    this.config = challenge.config;
    this.onlink?.(challenge.config);
    this.reset();
    this.guess = { challenge, answer };
  }

  /** Leaves the question; the view stays as it is. */
  endPrediction(): void {
    this.guess = null;
    this.outcome = null;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.client?.dispose();
    this.client = null;
    this.alive = false;
  }

  private finishedChallenge(): boolean {
    return this.guess !== null && this.outcome !== null;
  }

  private freshWeights(): void {
    this.weights = buildModel(playgroundSpec(this.config, this.seed)).getWeights();
    this.lastSnapshot = null;
    void this.refresh();
  }

  private job(startPaused: boolean): TrainingJob {
    const { train, test } = this.data;
    const left = this.guess ? Math.max(1, this.guess.challenge.epochs - this.base.epoch) : EPOCHS_PER_RUN;
    return {
      id: this.runId,
      model: playgroundSpec(this.config, this.seed),
      x: featureMatrix(train, this.config.features),
      y: labelTensor(train),
      validation: { x: featureMatrix(test, this.config.features), y: labelTensor(test) },
      epochs: left,
      batchSize: Math.min(this.config.batchSize, train.length),
      shuffle: true,
      // a new run after a change shuffles differently from the last, but the same way every replay
      seed: this.seed + this.base.epoch,
      snapshotIntervalMs: 150,
      backend: this.backend,
      startPaused,
      initialWeights: this.weights
    };
  }

  private startRun(startPaused: boolean): void {
    this.runId++;
    this.alive = true;
    this.lastSnapshot = null;
    this.client ??= new TrainingClient((e) => this.onEvent(e), this.workerFactory);
    this.client.start(this.job(startPaused));
  }

  /** Ends the worker's run; its late events are dropped by id. */
  private cancelRun(): void {
    if (this.alive) this.client?.cancel();
    this.alive = false;
    this.runId++;
    this.foldHistory();
  }

  /** The current run's finished epochs become the base the next run counts on from. */
  private foldHistory(): void {
    this.base = { epoch: this.epoch, train: [...this.trainLoss], test: [...this.testLoss] };
  }

  private replaceRun(): void {
    const running = this.status === 'running';
    this.cancelRun();
    if (running) this.startRun(false);
  }

  private onEvent(event: TrainingEvent): void {
    if (event.type === 'backend') {
      this.backendLabel = event.label;
      return;
    }
    if (event.type === 'error') {
      this.alive = false;
      this.status = 'error';
      this.error = event.message;
      return;
    }
    const s = event.snapshot;
    if (s.runId !== this.runId) return;
    this.take(s);
    if (event.type === 'diverged') {
      this.alive = false;
      this.status = 'diverged';
      this.diagnosis = { message: event.message, suggestion: event.suggestion };
      this.judge();
    } else if (event.type === 'done') {
      this.alive = false;
      this.foldHistory();
      if (this.guess) {
        this.status = 'paused';
        this.judge();
      } else if (this.status === 'running' && event.reason === 'finished') this.startRun(false);
    }
  }

  private take(s: Snapshot): void {
    this.lastSnapshot = s;
    this.weights = s.weights;
    this.epoch = this.base.epoch + s.history.loss.length;
    this.trainLoss = [...this.base.train, ...s.history.loss];
    this.testLoss = [...this.base.test, ...s.history.valLoss];
    this.samplesPerSecond = s.samplesPerSecond;
    if (s.paused && this.status === 'running') this.status = 'paused';
    this.scheduleRefresh();
  }

  /** Coalesces the snapshots' redraws: one right away, then at most one per REFRESH_MS. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.lastRefresh = Date.now();
      void this.refresh();
    }, wait);
  }

  private judge(): void {
    if (!this.guess) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    void this.refresh().then(() => {
      this.outcome = {
        epochs: this.epoch,
        testAccuracy: this.testScore.accuracy,
        testLoss: this.testScore.loss,
        diverged: this.status === 'diverged',
        deadRelus: this.deadCount
      };
    });
  }

  /** Recomputes what the picture shows from the current weights; a newer call wins. */
  async refresh(): Promise<void> {
    const ticket = ++this.refreshCount;
    const { config, data } = this;
    const weights = this.weights;
    const pictures = await planePictures(weights, config, gridSpec(data.box, OUTPUT_RESOLUTION));
    const units = await planePictures(weights, config, gridSpec(data.box, UNIT_RESOLUTION));
    const dead = await deadRelus(weights, config, data.train);
    const test = await scorePoints(weights, config, data.test);
    const train = await scorePoints(weights, config, data.train);
    if (ticket !== this.refreshCount) return;
    this.pictures = { output: pictures.output, outputResolution: OUTPUT_RESOLUTION, units: units.units, unitResolution: UNIT_RESOLUTION };
    this.shownWeights = weights;
    this.dead = dead;
    this.testScore = test;
    this.trainScore = train;
  }
}
