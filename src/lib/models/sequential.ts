/**
 * A Keras-shaped Sequential model: define -> compile -> fit -> predict, as the seed
 * teaches. `sequential([dense(128, 'relu'), dense(10, 'softmax')])`, then
 * `model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.1 })`,
 * `await model.fit(x, y, { epochs, batchSize, onBatchEnd })`, `await model.predict(x)`.
 *
 * Two ways to run, one behaviour. When the active backend offers compiled steps and the
 * model has a compiled form (planSession.ts), fit, trainOnBatch, evaluate and predict run
 * through a PlanRunner that keeps the weights where it computes; they come back to the
 * layers when read (getWeights, toJSON, anything op by op) and at the end of fit. Otherwise,
 * and for `gradients`, every layer runs op by op (perOpStep.ts); `planReason` says why.
 */
import { getBackend } from '$lib/engine/ops';
import { shapeToString as str, sizeOf, type Tensor } from '$lib/engine/tensor';
import { createRandom } from '$lib/random';
import { nameLayers, takeRows } from './batches';
import { fitLoop, fitSettings } from './fitLoop';
import { kerasCode, type KerasCodeOptions } from './kerasCode';
import type { Layer } from './layers/layer';
import { checkTargets, lossNames } from './losses';
import { checkLearningRate } from './learningRates';
import { createOptimizer, optimizerNames, type Optimizer } from './optimizers';
import { backprop, forward, lossOf, perOpStep } from './perOpStep';
import { describeModel, PlanSession } from './planSession';
import type { BatchResult, CompileOptions, Compiled, Evaluation, FitOptions, History, SequentialModel, StepPosition } from './sequentialTypes';
import { summary } from './summary';
import { checkTrainingMemory } from './trainingMemory';
import { firstNonFinite } from './TrainingDivergedError';
import { parseWeightsJson, weightsToJson, type WeightsJson } from './weightsJson';

export type { BatchEnd, BatchResult, CompileOptions, EpochEnd, Evaluation, FitOptions, FitResume, History } from './sequentialTypes';

export interface SequentialOptions {
  /** seeds the weight initialisers and, unless fit is given its own, the shuffling */
  seed?: number;
  name?: string;
}

/** The optimiser compile uses: one made with its rate as it is, or a new one by name. */
function resolveOptimizer(given: CompileOptions['optimizer'], learningRate: number | undefined): Optimizer {
  if (typeof given === 'string' && optimizerNames.includes(given)) return createOptimizer(given, learningRate);
  if (typeof given === 'object' && typeof given.step === 'function') {
    if (learningRate !== undefined && learningRate !== given.learningRate) {
      checkLearningRate('compile', learningRate);
      throw new Error(
        `compile: this ${given.name} optimiser was made with learningRate ${given.learningRate}: give the rate once, ` +
          `to the optimiser (${given.name}({ learningRate: ${learningRate} })) or with its name ({ optimizer: '${given.name}', learningRate: ${learningRate} })`
      );
    }
    return given;
  }
  const names = optimizerNames.map((n) => `'${n}'`).join(', ');
  throw new Error(`compile: unknown optimizer '${String(given)}' (use ${names}, or one made by ${optimizerNames.map((n) => `${n}({…})`).join(', ')})`);
}

export class Sequential implements SequentialModel {
  readonly layers: readonly Layer[];
  readonly seed: number;
  readonly name: string;
  /** per-sample input shape, once known */
  inputShape: readonly number[] | null = null;
  /** what the last fit used, for toKerasCode */
  lastFit: { epochs: number; batchSize: number; shuffle: boolean } | null = null;
  private compiled: Compiled | null = null;
  private session: PlanSession | null = null;
  /** the backend, compile and batch rows whose memory was last checked, so a run of trainOnBatch checks once */
  private memoryChecked: { backend: unknown; compiled: Compiled; rows: number } | null = null;

  constructor(layers: readonly Layer[], options: SequentialOptions = {}) {
    if (layers.length === 0) throw new Error('sequential: give it at least one layer');
    this.layers = [...layers];
    this.seed = options.seed ?? 0;
    this.name = options.name ?? 'sequential';
    nameLayers(this.layers);
    const declared = this.layers[0].inputShape;
    if (declared) this.build(declared);
  }

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** The compiled loss, optimiser and metrics; null before compile. */
  get compileConfig(): Readonly<Compiled> | null {
    return this.compiled;
  }

  /**
   * Why fit, evaluate and predict run op by op on the active backend (e.g. "a typed
   * activation runs op by op"), or null when they run as a compiled step.
   */
  get planReason(): string | null {
    const backend = getBackend();
    if (!backend.planKernels) return `${backend.label} runs op by op`;
    const d = describeModel(this.layers, this.inputShape, this.compiled);
    return 'reason' in d ? d.reason : null;
  }

  /** Allocates every layer's weights for samples shaped inputShape (e.g. [784] or [28, 28, 1]). */
  build(inputShape: readonly number[]): void {
    if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`sequential: the input shape must be positive integers, got ${str(inputShape)}`);
    }
    const random = createRandom(this.seed);
    let shape = inputShape;
    for (const layer of this.layers) shape = layer.build(shape, random);
    this.inputShape = [...inputShape];
    // a runner laid out for the old shapes has nothing left to give back
    this.session = null;
  }

  /** Sets the loss, the optimiser and the metrics. An optimiser given as an object is used as it is, never changed. */
  compile(options: CompileOptions): void {
    if (!lossNames.includes(options.loss)) {
      throw new Error(`compile: unknown loss '${options.loss}' (use one of ${lossNames.join(', ')})`);
    }
    const optimizer = resolveOptimizer(options.optimizer ?? 'sgd', options.learningRate);
    this.settle();
    this.session = null;
    this.compiled = { optimizer, loss: options.loss, metrics: options.metrics ?? [] };
  }

  /** The model's outputs for x [n, ...inputShape], computed batchSize rows at a time. */
  async predict(x: Tensor, options: { batchSize?: number } = {}): Promise<Tensor> {
    this.prepareInput(x, 'predict');
    const batchSize = options.batchSize ?? 32;
    const session = this.planSession(batchSize);
    if (session) return session.predict(x, batchSize);
    const n = x.shape[0];
    const outShape = this.layers[this.layers.length - 1].outputShape;
    const out = new Float32Array(n * sizeOf(outShape));
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const traces = await forward(this.layers, takeRows(x, null, start, end));
      out.set(traces[traces.length - 1].output.data, start * sizeOf(outShape));
    }
    return { data: out, shape: [n, ...outShape] };
  }

  /**
   * Every layer's output for x, in order (the last is predict's), as Keras gives them from
   * keras.Model(model.inputs, [layer.output for layer in model.layers]): what a picture of
   * the feature maps draws. Runs op by op, as at inference (dropout off).
   */
  async layerOutputs(x: Tensor): Promise<Tensor[]> {
    this.prepareInput(x, 'layerOutputs');
    this.settle();
    return (await forward(this.layers, x)).map((t) => t.output);
  }

  /** Loss and accuracy over x and y, without training. */
  async evaluate(x: Tensor, y: Tensor, options: { batchSize?: number } = {}): Promise<Evaluation> {
    const c = this.requireCompiled('evaluate');
    this.prepare(x, y, 'evaluate');
    const batchSize = options.batchSize ?? 32;
    const session = this.planSession(batchSize);
    if (session) return session.evaluate(x, y, batchSize);
    const n = x.shape[0];
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const r = await lossOf(this.layers, c, takeRows(x, null, start, end), takeRows(y, null, start, end));
      lossSum += r.loss * (end - start);
      correct += r.correct;
    }
    return { loss: lossSum / n, accuracy: c.metrics.includes('accuracy') ? correct / n : NaN };
  }

  /**
   * One gradient step on one batch; returns the batch's loss and accuracy before the step.
   * Throws TrainingDivergedError (weights unchanged) if anything stops being finite.
   */
  async trainOnBatch(x: Tensor, y: Tensor): Promise<BatchResult> {
    this.requireCompiled('trainOnBatch');
    this.prepare(x, y, 'trainOnBatch');
    this.checkMemory(x.shape[0]);
    return this.step(x, y, {});
  }

  /** Trains for `epochs` passes over x and y in shuffled batches; resolves with the History. */
  async fit(x: Tensor, y: Tensor, options: FitOptions = {}): Promise<History> {
    const c = this.requireCompiled('fit');
    this.prepare(x, y, 'fit');
    const s = fitSettings(options, this.seed, c.metrics.includes('accuracy'));
    if (options.validationData) this.prepare(options.validationData[0], options.validationData[1], 'fit (validationData)');
    this.lastFit = { epochs: s.epochs, batchSize: s.batchSize, shuffle: s.shuffle };
    this.checkMemory(Math.min(s.batchSize, x.shape[0]));
    // lay the heap out for this fit's batches before the first one
    this.planSession(s.batchSize);
    let history: History;
    try {
      history = await fitLoop(x, y, s, options, (xb, yb, at) => this.step(xb, yb, at), (vx, vy, batchSize) => this.evaluate(vx, vy, { batchSize }));
    } catch (error) {
      // the layers hold the last weights reached (the last finite ones after a divergence, the last whole
      // step's after a failed kernel), however fit ends; a runner that cannot give them back is let go
      try {
        this.settle();
      } catch {
        this.session = null;
      }
      throw error;
    }
    this.settle();
    return history;
  }

  /** Copies of every weight, layer by layer, kernel then bias (Keras's get_weights order and layouts). */
  getWeights(): Tensor[] {
    this.settle();
    return this.layers.flatMap((l) => l.weights.map((w) => ({ data: w.value.data.slice(), shape: [...w.value.shape] })));
  }

  /** Replaces every weight, in getWeights' order; checks count, shapes and finiteness first. */
  setWeights(weights: readonly Tensor[]): void {
    const slots = this.layers.flatMap((l) => l.weights.map((w) => ({ layer: l, w })));
    if (!this.built) throw new Error('setWeights: the model is not built yet (give the first layer an inputShape)');
    if (weights.length !== slots.length) {
      throw new Error(`setWeights: the model has ${slots.length} weight arrays, got ${weights.length}`);
    }
    slots.forEach(({ layer, w }, i) => {
      const t = weights[i];
      const same = t.shape.length === w.value.shape.length && t.shape.every((d, k) => d === w.value.shape[k]);
      if (!same) throw new Error(`setWeights: ${layer.name} ${w.name} must be ${str(w.value.shape)}, got ${str(t.shape)}`);
      if (t.data.length !== sizeOf(t.shape)) throw new Error(`setWeights: ${layer.name} ${w.name} has ${t.data.length} values for ${str(t.shape)}`);
      const bad = firstNonFinite(t.data);
      if (bad) throw new Error(`setWeights: ${layer.name} ${w.name} value ${bad.index} is ${bad.value}`);
    });
    // the optimiser's state goes with the weights it was reached with: bring it back from a runner first
    this.settle();
    slots.forEach(({ w }, i) => (w.value = { data: Float32Array.from(weights[i].data), shape: [...w.value.shape] }));
  }

  countParams(): number {
    return this.layers.reduce((total, l) => total + l.weights.reduce((s, w) => s + w.value.data.length, 0), 0);
  }

  /** The model as Keras's model.summary() prints it. */
  summary(): string {
    return summary(this);
  }

  /** Runnable Python Keras code for this model, its compile and its fit. */
  toKerasCode(options: KerasCodeOptions = {}): string {
    return kerasCode(this, options);
  }

  /** The weights as plain data (JSON.stringify(model) calls this). */
  toJSON(): WeightsJson {
    this.settle();
    return weightsToJson(this);
  }

  /** Loads weights saved by toJSON; rejects, with the reason, anything that does not fit this model. */
  fromJSON(json: string | unknown): void {
    this.setWeights(parseWeightsJson(this, json));
  }

  /**
   * The loss on one batch and d loss / d weight for every weight (getWeights' order),
   * without changing anything: what one training step computes before it updates.
   */
  async gradients(x: Tensor, y: Tensor): Promise<{ loss: number; grads: Tensor[] }> {
    const c = this.requireCompiled('gradients');
    this.prepare(x, y, 'gradients');
    this.settle();
    const { loss, grads } = await backprop(this.layers, c, x, y, {});
    return { loss, grads: grads.flat() };
  }

  /** Refuses, before any work, a batch of `rows` the active backend cannot hold (ModelTooLargeError). */
  private checkMemory(rows: number): void {
    const backend = getBackend();
    const compiled = this.requireCompiled('fit');
    const last = this.memoryChecked;
    if (last && last.backend === backend && last.compiled === compiled && last.rows === rows) return;
    checkTrainingMemory(this.layers, this.inputShape as readonly number[], compiled, rows, backend);
    this.memoryChecked = { backend, compiled, rows };
  }

  /** One training step, compiled where it can be, else op by op. */
  private async step(x: Tensor, y: Tensor, at: StepPosition): Promise<BatchResult> {
    const session = this.planSession(x.shape[0]);
    if (session) return session.trainStep(x, y, at);
    return perOpStep(this.layers, this.compiled as Compiled, x, y, at);
  }

  /**
   * The session that runs this model compiled on the active backend, opened (heap laid
   * out for `rows` rows) on first use; null when the model or the backend runs op by op.
   */
  private planSession(rows: number): PlanSession | null {
    const backend = getBackend();
    const compiled = this.compiled;
    if (this.session && this.session.backend === backend && this.session.compiled === compiled) return this.session;
    // another backend or compile: the layers take the weights back before anything else runs
    this.settle();
    this.session = null;
    if (!compiled || !backend.planKernels) return null;
    const d = describeModel(this.layers, this.inputShape, compiled);
    if ('reason' in d) return null;
    this.session = PlanSession.open(backend, compiled, d.ok, this.layers, rows);
    return this.session;
  }

  /** Brings the weights (and the optimiser's state) back from a runner that trained past the layers. */
  private settle(): void {
    this.session?.push();
  }

  private requireCompiled(where: string): Compiled {
    if (!this.compiled) throw new Error(`${where}: compile the model first, e.g. model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' })`);
    return this.compiled;
  }

  /** Builds from x if needed and checks that its samples fit the model. */
  private prepareInput(x: Tensor, where: string): void {
    if (x.shape.length < 2) throw new Error(`${where}: x must be [samples, ...features], got ${str(x.shape)}`);
    if (!this.built) this.build(x.shape.slice(1));
    const sample = x.shape.slice(1);
    const want = this.inputShape as readonly number[];
    if (sample.length !== want.length || sample.some((d, i) => d !== want[i])) {
      throw new Error(`${where}: the model takes samples shaped ${str(want)}, but x is ${str(x.shape)}`);
    }
    const bad = firstNonFinite(x.data);
    if (bad) throw new Error(`${where}: x holds ${bad.value} (sample ${Math.floor(bad.index / sizeOf(sample))}): clean the data first`);
  }

  private prepare(x: Tensor, y: Tensor, where: string): void {
    this.prepareInput(x, where);
    const c = this.requireCompiled(where);
    checkTargets(c.loss, [x.shape[0], ...this.layers[this.layers.length - 1].outputShape], y, where);
    const bad = firstNonFinite(y.data);
    if (bad) throw new Error(`${where}: y holds ${bad.value} at value ${bad.index}: clean the data first`);
  }
}

/** sequential([dense(128, 'relu', { inputShape: [784] }), dense(10, 'softmax')], { seed: 1 }) */
export function sequential(layers: readonly Layer[], options: SequentialOptions = {}): Sequential {
  return new Sequential(layers, options);
}
