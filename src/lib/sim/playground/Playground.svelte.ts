/**
 * The playground's state (Svelte runes): the view the learner set up (its link), the
 * points, the weights, and a training run in the worker that never blocks the page.
 *
 * What a change does follows TensorFlow Playground: a new dataset, split, input or
 * layer shape starts again from fresh weights; a new learning rate, batch size or L2
 * rate carries on from the current weights (the run in the worker is replaced, the
 * epoch count and loss curves go on). An edited weight is kept and trained from.
 * Divergence keeps the last good weights and says why; so does a run that collapses on
 * one answer, with the weights it reached.
 */
import type { Tensor } from '$lib/engine/tensor';
import { buildModel } from '$lib/models/modelSpec';
import { configKey, type KeptWork } from '../keep/KeptWork.svelte';
import type { Snapshot, TrainingJob } from '../training/protocol';
import type { WorkerFactory } from '../training/TrainingClient';
import { WorkerRun, type Diagnosis, type RunEnd, type RunPhase } from '../training/WorkerRun.svelte';
import { challengeById, type Challenge, type RunFacts } from './challenges';
import { DEFAULT_CONFIG, playgroundSearch, type Feature, type HiddenActivation, type PlaygroundConfig } from './config';
import { withActivation, withFeatureToggled, withLayerAdded, withLayerRemoved, withUnits } from './shapeEdits';
import { featureMatrix, labelTensor, playgroundData, type PlaygroundData } from './data';
import { playgroundSpec, withWeight } from './network';
import { PlaygroundPictures, type PlanePicture } from './PlaygroundPictures.svelte';

/** Epochs per job in the worker; at the end a playing run simply starts the next from where it is. */
const EPOCHS_PER_RUN = 500;

export type PlaygroundStatus = 'ready' | 'running' | 'paused' | 'diverged' | 'error';
/** what the learner reads for the run's phase; any other phase is 'ready' before the first epoch, else 'paused' */
const statusOfPhase: Partial<Record<RunPhase, PlaygroundStatus>> = { training: 'running', paused: 'paused', diverged: 'diverged', failed: 'error' };

export interface PlaygroundOptions {
  seed: number;
  config?: PlaygroundConfig;
  /** a `?backend=` override for the worker */
  backend?: string;
  workerFactory?: WorkerFactory;
  /** called with the view's query string whenever the view changes */
  onlink?: (config: PlaygroundConfig) => void;
  /** keeps the trained network in the browser, and restores it when the view is the one it was trained in */
  keep?: KeptWork;
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
  /** finished epochs since the weights were last reset */
  epoch = $state(0);
  trainLoss = $state.raw<number[]>([]);
  testLoss = $state.raw<number[]>([]);
  guess = $state.raw<Guess | null>(null);
  /** what the guessed run did, once it has run its epochs */
  outcome = $state.raw<RunFacts | null>(null);
  /** the run in the worker; one job covers EPOCHS_PER_RUN epochs or a question's epochs */
  readonly run: WorkerRun;
  /** the pictures, the dead units and the scores of the weights */
  readonly shown = new PlaygroundPictures();

  private readonly backend?: string;
  private readonly onlink?: (config: PlaygroundConfig) => void;
  /** epochs and curves of the runs before the current one */
  private base = { epoch: 0, train: [] as number[], test: [] as number[] };
  private readonly keep?: KeptWork;
  /** the epoch count last handed to keep: fresh weights are kept once they have trained an epoch (or are paused) */
  private keptEpoch = 0;

  constructor(options: PlaygroundOptions) {
    this.seed = options.seed;
    this.backend = options.backend;
    this.onlink = options.onlink;
    this.config = options.config ?? DEFAULT_CONFIG;
    this.run = new WorkerRun({
      workerFactory: options.workerFactory,
      onsnapshot: (s) => this.take(s),
      onend: (end, _s, paused) => this.ended(end, paused)
    });
    this.freshWeights();
    this.keep = options.keep;
    if (this.keep) void this.restore(this.keep);
  }

  get status(): PlaygroundStatus {
    return statusOfPhase[this.run.phase] ?? (this.epoch === 0 ? 'ready' : 'paused');
  }

  get diagnosis(): Diagnosis | null {
    return this.run.diagnosis;
  }

  get error(): string {
    return this.run.error;
  }

  /** "training on: plain JavaScript, op by op — fastest of 2 measured": what the worker chose, and why */
  get backendLine(): string {
    return this.run.backendLine;
  }

  get samplesPerSecond(): number {
    return this.run.snapshot?.samplesPerSecond ?? 0;
  }

  get pictures(): PlanePicture | null {
    return this.shown.picture;
  }

  /** the weights the pictures were computed from: what the network picture draws, so edges and units agree */
  get shownWeights(): Tensor[] {
    return this.shown.weights;
  }

  get dead(): number[][] {
    return this.shown.dead;
  }

  get deadCount(): number {
    return this.shown.deadCount;
  }

  get testScore(): { loss: number; accuracy: number } {
    return this.shown.testScore;
  }

  get trainScore(): { loss: number; accuracy: number } {
    return this.shown.trainScore;
  }

  get link(): string {
    return playgroundSearch(this.config);
  }

  // ------------------------------------------------------------ the view

  /** Any change of what is learned or of the network's shape: fresh weights, epoch 0 (null: no change). */
  private reshape(config: PlaygroundConfig | null): void {
    if (!config) return;
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
    this.reshape(withFeatureToggled(this.config, feature));
  }

  addLayer(): void {
    this.reshape(withLayerAdded(this.config));
  }

  removeLayer(): void {
    this.reshape(withLayerRemoved(this.config));
  }

  setUnits(layer: number, units: number): void {
    this.reshape(withUnits(this.config, layer, units));
  }

  setActivation(layer: number, activation: HiddenActivation): void {
    this.reshape(withActivation(this.config, layer, activation));
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
    this.replaceRun();
    void this.refresh();
  }

  // ------------------------------------------------------------ training

  /** Fresh weights from the seed, epoch 0, empty curves. */
  reset(): void {
    this.keep?.setAside();
    this.run.discard();
    this.freshWeights();
    this.base = { epoch: 0, train: [], test: [] };
    this.epoch = this.keptEpoch = 0;
    this.trainLoss = [];
    this.testLoss = [];
    this.outcome = null;
  }

  play(): void {
    if (this.run.phase === 'training' || this.finishedChallenge()) return;
    if (this.run.phase === 'paused') this.run.resume();
    else this.startRun(false);
  }

  pause(): void {
    if (this.run.phase !== 'training') return;
    this.run.pause();
    // the worker sends no snapshot when the pause finds it between batches: keep what the page has
    this.save();
  }

  toggle(): void {
    if (this.run.phase === 'training') this.pause();
    else this.play();
  }

  /** Trains to the end of the current epoch (one whole epoch from a boundary), then pauses. */
  step(): void {
    if (this.run.phase === 'training' || this.finishedChallenge()) return;
    if (!this.run.alive) this.startRun(true);
    const s = this.run.snapshot;
    const left = s && s.batch < s.batches ? s.batches - s.batch : Math.ceil(this.data.train.length / this.batchSize());
    this.run.step(left);
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

  /** Forgets the network kept in the browser and starts again from fresh weights. */
  startFresh(): void {
    this.endPrediction();
    this.reset();
    void this.keep?.forget();
  }

  dispose(): void {
    this.shown.cancel();
    this.run.dispose();
  }

  /** Recomputes what the pictures show from the current weights; a newer call wins. */
  refresh(): Promise<void> {
    return this.shown.refresh(this);
  }

  private finishedChallenge(): boolean {
    return this.guess !== null && this.outcome !== null;
  }

  private freshWeights(): void {
    this.weights = buildModel(playgroundSpec(this.config, this.seed)).getWeights();
    void this.refresh();
  }

  private batchSize(): number {
    return Math.min(this.config.batchSize, this.data.train.length);
  }

  private job(startPaused: boolean): TrainingJob {
    const { train, test } = this.data;
    const left = this.guess ? Math.max(1, this.guess.challenge.epochs - this.base.epoch) : EPOCHS_PER_RUN;
    return {
      model: playgroundSpec(this.config, this.seed),
      x: featureMatrix(train, this.config.features),
      y: labelTensor(train),
      validation: { x: featureMatrix(test, this.config.features), y: labelTensor(test) },
      epochs: left,
      batchSize: this.batchSize(),
      shuffle: true,
      // a new run after a change shuffles differently from the last, but the same way every replay
      seed: this.seed + this.base.epoch,
      snapshotIntervalMs: 150,
      backend: this.backend,
      startPaused,
      initialWeights: this.weights,
      // a question's run shows what its epochs do, whatever they do; its verdict says it
      watchCollapse: this.guess ? undefined : { samples: 'test points', classNames: this.data.classNames }
    };
  }

  private startRun(startPaused: boolean): void {
    this.run.start(this.job(startPaused));
  }

  /** The run's finished epochs become the base the next run counts on from. */
  private foldHistory(): void {
    this.base = { epoch: this.epoch, train: [...this.trainLoss], test: [...this.testLoss] };
  }

  /** Ends the worker's run and, if it was playing, goes on playing with the view as it is now. */
  private replaceRun(): void {
    const playing = this.run.phase === 'training';
    this.run.discard();
    this.foldHistory();
    if (playing) this.startRun(false);
  }

  private take(s: Snapshot): void {
    this.weights = s.weights;
    this.epoch = this.base.epoch + s.history.loss.length;
    this.trainLoss = [...this.base.train, ...s.history.loss];
    this.testLoss = [...this.base.test, ...s.history.valLoss];
    this.shown.schedule(() => this);
    if (this.epoch !== this.keptEpoch || s.paused) this.save();
  }

  private ended(end: RunEnd, paused: boolean): void {
    this.save();
    this.foldHistory();
    if (this.guess) this.judge();
    else if (end === 'finished' && !paused) this.startRun(false);
  }

  private keyOf(config: PlaygroundConfig): string {
    return configKey([config, this.seed]);
  }

  private save(): void {
    this.keptEpoch = this.epoch;
    this.keep?.save(this.keyOf(this.config), playgroundSpec(this.config, this.seed), {
      weights: this.weights,
      epoch: this.epoch,
      curves: { train: this.trainLoss, test: this.testLoss }
    });
  }

  /** Takes up the network kept for this view, unless the learner has moved on while it was read. */
  private async restore(keep: KeptWork): Promise<void> {
    const config = this.config;
    const kept = await keep.load(this.keyOf(config), playgroundSpec(config, this.seed));
    if (!kept) return;
    if (config !== this.config || this.epoch !== 0 || this.run.phase !== 'idle') {
      keep.setAside();
      return;
    }
    this.weights = kept.weights;
    this.epoch = this.keptEpoch = kept.epoch;
    this.trainLoss = kept.curves.train ?? [];
    this.testLoss = kept.curves.test ?? [];
    this.foldHistory();
    void this.refresh();
  }

  /** Scores the weights the question's run ended with, and records what happened. */
  private judge(): void {
    this.shown.cancel();
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
}
