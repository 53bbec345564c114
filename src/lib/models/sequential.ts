/**
 * A Keras-shaped Sequential model: define -> compile -> fit -> predict, as the seed
 * teaches. `sequential([dense(128, 'relu'), dense(10, 'softmax')])`, then
 * `model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.1 })`,
 * `await model.fit(x, y, { epochs, batchSize, onBatchEnd })`, `await model.predict(x)`.
 */
import { shapeToString as str, sizeOf, type Tensor } from '$lib/engine/tensor';
import { createRandom, permutation } from '$lib/random';
import { nameLayers, takeRows } from './batches';
import { kerasCode, type KerasCodeOptions } from './kerasCode';
import type { ForwardOptions, Layer, Trace } from './layers/layer';
import { checkTargets, countCorrect, lossNames, modelLoss, type LossName } from './losses';
import { adadelta, adam, sgd, type Optimizer } from './optimizers';
import { summary } from './summary';
import { firstNonFinite, TrainingDivergedError, type DivergenceStage } from './TrainingDivergedError';
import { parseWeightsJson, weightsToJson, type WeightsJson } from './weightsJson';

export interface SequentialOptions {
  /** seeds the weight initialisers and, unless fit is given its own, the shuffling */
  seed?: number;
  name?: string;
}

export interface CompileOptions {
  /** an optimiser, or its name with Keras's defaults; default 'sgd' */
  optimizer?: Optimizer | 'sgd' | 'adam' | 'adadelta';
  loss: LossName;
  /** overrides the optimiser's learning rate */
  learningRate?: number;
  metrics?: readonly 'accuracy'[];
}

export interface BatchEnd {
  /** 1-based */
  epoch: number;
  /** 1-based within the epoch */
  batch: number;
  batches: number;
  /** this batch's loss, before its update (as Keras reports it) */
  loss: number;
  /** this batch's accuracy, when compiled with metrics: ['accuracy'] */
  accuracy?: number;
  /** samples trained on so far in this fit */
  samplesSeen: number;
}

export interface History {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
}

export interface EpochEnd {
  /** 1-based */
  epoch: number;
  epochs: number;
  history: History;
}

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  /** reshuffle the samples every epoch; default true */
  shuffle?: boolean;
  /** seeds the shuffling; default the model's seed */
  seed?: number;
  validationData?: readonly [Tensor, Tensor];
  /** awaited, so a caller can pace training or yield to the page */
  onBatchEnd?: (info: BatchEnd) => void | Promise<void>;
  onEpochEnd?: (info: EpochEnd) => void | Promise<void>;
  /** aborting stops fit between batches: it rejects with the signal's reason, keeping the weights learned so far */
  signal?: AbortSignal;
}

export interface Evaluation {
  loss: number;
  /** NaN unless compiled with metrics: ['accuracy'] */
  accuracy: number;
}

export interface BatchResult extends Evaluation {
  samples: number;
}

interface Compiled {
  optimizer: Optimizer;
  loss: LossName;
  metrics: readonly 'accuracy'[];
}

export class Sequential {
  readonly layers: readonly Layer[];
  readonly seed: number;
  readonly name: string;
  /** per-sample input shape, once known */
  inputShape: readonly number[] | null = null;
  /** what the last fit used, for toKerasCode */
  lastFit: { epochs: number; batchSize: number; shuffle: boolean } | null = null;
  private compiled: Compiled | null = null;

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

  /** Allocates every layer's weights for samples shaped inputShape (e.g. [784] or [28, 28, 1]). */
  build(inputShape: readonly number[]): void {
    if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`sequential: the input shape must be positive integers, got ${str(inputShape)}`);
    }
    const random = createRandom(this.seed);
    let shape = inputShape;
    for (const layer of this.layers) shape = layer.build(shape, random);
    this.inputShape = [...inputShape];
  }

  compile(options: CompileOptions): void {
    if (!lossNames.includes(options.loss)) {
      throw new Error(`compile: unknown loss '${options.loss}' (use one of ${lossNames.join(', ')})`);
    }
    const given = options.optimizer ?? 'sgd';
    let optimizer: Optimizer;
    if (given === 'sgd') optimizer = sgd({ learningRate: options.learningRate });
    else if (given === 'adam') optimizer = adam({ learningRate: options.learningRate });
    else if (given === 'adadelta') optimizer = adadelta({ learningRate: options.learningRate });
    else if (typeof given === 'object' && typeof given.step === 'function') optimizer = given;
    else throw new Error(`compile: unknown optimizer '${String(given)}' (use 'sgd', 'adam', 'adadelta' or one of sgd({…}), adam({…}), adadelta({…}))`);
    if (options.learningRate !== undefined) {
      if (!(options.learningRate > 0) || !Number.isFinite(options.learningRate)) {
        throw new Error(`compile: learningRate must be a positive number, got ${options.learningRate}`);
      }
      optimizer.learningRate = options.learningRate;
    }
    this.compiled = { optimizer, loss: options.loss, metrics: options.metrics ?? [] };
  }

  /** The model's outputs for x [n, ...inputShape], computed batchSize rows at a time. */
  async predict(x: Tensor, options: { batchSize?: number } = {}): Promise<Tensor> {
    this.prepareInput(x, 'predict');
    const n = x.shape[0];
    const batchSize = options.batchSize ?? 32;
    const outShape = this.layers[this.layers.length - 1].outputShape;
    const out = new Float32Array(n * sizeOf(outShape));
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const traces = await this.forward(takeRows(x, null, start, end));
      out.set(traces[traces.length - 1].output.data, start * sizeOf(outShape));
    }
    return { data: out, shape: [n, ...outShape] };
  }

  /** Loss and accuracy over x and y, without training. */
  async evaluate(x: Tensor, y: Tensor, options: { batchSize?: number } = {}): Promise<Evaluation> {
    const c = this.requireCompiled('evaluate');
    this.prepare(x, y, 'evaluate');
    const n = x.shape[0];
    const batchSize = options.batchSize ?? 32;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const traces = await this.forward(takeRows(x, null, start, end));
      const yb = takeRows(y, null, start, end);
      const out = traces[traces.length - 1].output;
      lossSum += modelLoss(c.loss, this.lastActivation(), out, yb).loss * (end - start);
      correct += countCorrect(c.loss, out, yb);
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
    return this.step(x, y, {});
  }

  /** Trains for `epochs` passes over x and y in shuffled batches; resolves with the History. */
  async fit(x: Tensor, y: Tensor, options: FitOptions = {}): Promise<History> {
    const c = this.requireCompiled('fit');
    this.prepare(x, y, 'fit');
    const epochs = options.epochs ?? 1;
    const batchSize = options.batchSize ?? 32;
    const shuffle = options.shuffle ?? true;
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`fit: epochs must be a positive integer, got ${epochs}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`fit: batchSize must be a positive integer, got ${batchSize}`);
    if (options.validationData) this.prepare(options.validationData[0], options.validationData[1], 'fit (validationData)');
    this.lastFit = { epochs, batchSize, shuffle };

    const n = x.shape[0];
    const batches = Math.ceil(n / batchSize);
    const random = createRandom(options.seed ?? this.seed);
    const history: History = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
    const withAccuracy = c.metrics.includes('accuracy');
    let samplesSeen = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffle ? permutation(n, random) : null;
      let lossSum = 0;
      let correct = 0;
      for (let batch = 1; batch <= batches; batch++) {
        options.signal?.throwIfAborted();
        const start = (batch - 1) * batchSize;
        const end = Math.min(n, start + batchSize);
        const r = await this.step(takeRows(x, order, start, end), takeRows(y, order, start, end), { epoch, batch });
        lossSum += r.loss * r.samples;
        correct += r.accuracy * r.samples;
        samplesSeen += r.samples;
        await options.onBatchEnd?.({
          epoch,
          batch,
          batches,
          loss: r.loss,
          accuracy: withAccuracy ? r.accuracy : undefined,
          samplesSeen
        });
      }
      history.loss.push(lossSum / n);
      if (withAccuracy) history.accuracy.push(correct / n);
      if (options.validationData) {
        const v = await this.evaluate(options.validationData[0], options.validationData[1], { batchSize });
        history.valLoss.push(v.loss);
        if (withAccuracy) history.valAccuracy.push(v.accuracy);
      }
      await options.onEpochEnd?.({ epoch, epochs, history });
    }
    return history;
  }

  /** Copies of every weight, layer by layer, kernel then bias (Keras's get_weights order and layouts). */
  getWeights(): Tensor[] {
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
    return weightsToJson(this);
  }

  /** Loads weights saved by toJSON; rejects, with the reason, anything that does not fit this model. */
  fromJSON(json: string | unknown): void {
    this.setWeights(parseWeightsJson(this, json));
  }

  private requireCompiled(where: string): Compiled {
    if (!this.compiled) throw new Error(`${where}: compile the model first, e.g. model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' })`);
    return this.compiled;
  }

  private lastActivation() {
    return this.layers[this.layers.length - 1].activation ?? 'linear';
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

  private async forward(x: Tensor, diverged?: (layer: Layer, trace: Trace) => void, options: ForwardOptions = {}): Promise<Trace[]> {
    const traces: Trace[] = [];
    let a = x;
    for (const layer of this.layers) {
      const trace = await layer.forward(a, options);
      diverged?.(layer, trace);
      traces.push(trace);
      a = trace.output;
    }
    return traces;
  }

  /**
   * The loss on one batch and d loss / d weight for every weight (getWeights' order),
   * without changing anything: what one training step computes before it updates.
   */
  async gradients(x: Tensor, y: Tensor): Promise<{ loss: number; grads: Tensor[] }> {
    this.requireCompiled('gradients');
    this.prepare(x, y, 'gradients');
    const { loss, grads } = await this.backprop(x, y, {});
    return { loss, grads: grads.flat() };
  }

  /** Forward, loss and backward, each checked for NaN and Infinity. */
  private async backprop(x: Tensor, y: Tensor, at: { epoch?: number; batch?: number }) {
    const c = this.compiled as Compiled;
    const fail = this.failure(at);
    const traces = await this.forward(x, (layer, trace) => {
      const bad = firstNonFinite(trace.output.data);
      if (!bad) return;
      const act = layer.activation;
      const input = trace.z?.data[bad.index];
      // a learner's activation undefined at a finite input is a formula problem, not a step size one
      if (act && typeof act !== 'string' && input !== undefined && Number.isFinite(input)) {
        throw fail(layer.name, 'forward', bad.value, { name: act.name, input });
      }
      throw fail(layer.name, 'forward', bad.value);
    }, { training: true });
    const output = traces[traces.length - 1].output;
    const { loss, grad, gradIsDz } = modelLoss(c.loss, this.lastActivation(), output, y);
    if (!Number.isFinite(loss)) throw fail('loss', 'loss', Number.isNaN(loss) ? 'NaN' : 'Infinity');

    const grads: Tensor[][] = [];
    let dy: Tensor | null = grad;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      const b = await layer.backward(dy as Tensor, traces[i], { dyIsDz: gradIsDz && i === this.layers.length - 1, skipDx: i === 0 });
      for (const g of b.grads) {
        const bad = firstNonFinite(g.data);
        if (bad) throw fail(layer.name, 'gradient', bad.value);
      }
      grads[i] = [...b.grads];
      dy = b.dx;
    }
    return { loss, grads, output };
  }

  private failure(at: { epoch?: number; batch?: number }) {
    const c = this.compiled as Compiled;
    return (layer: string, stage: DivergenceStage, value: 'NaN' | 'Infinity' | '-Infinity', activation?: { name: string; input: number }) =>
      new TrainingDivergedError({ layer, stage, value, learningRate: c.optimizer.learningRate, ...at, activation });
  }

  /** One training step; the weights change only if every new value is finite. */
  private async step(x: Tensor, y: Tensor, at: { epoch?: number; batch?: number }): Promise<BatchResult> {
    const c = this.compiled as Compiled;
    const { loss, grads, output } = await this.backprop(x, y, at);
    const fail = this.failure(at);
    const before = c.optimizer.getState();
    const next = c.optimizer.step(this.layers.flatMap((l) => l.weights.map((w) => w.value)), grads.flat());
    let k = 0;
    for (const layer of this.layers) {
      for (let j = 0; j < layer.weights.length; j++) {
        const bad = firstNonFinite(next[k + j].data);
        if (bad) {
          c.optimizer.setState(before);
          throw fail(layer.name, 'update', bad.value);
        }
      }
      k += layer.weights.length;
    }
    k = 0;
    for (const layer of this.layers) for (const w of layer.weights) w.value = next[k++];

    const samples = x.shape[0];
    const accuracy = c.metrics.includes('accuracy') ? countCorrect(c.loss, output, y) / samples : NaN;
    return { loss, accuracy, samples };
  }
}

/** sequential([dense(128, 'relu', { inputShape: [784] }), dense(10, 'softmax')], { seed: 1 }) */
export function sequential(layers: readonly Layer[], options: SequentialOptions = {}): Sequential {
  return new Sequential(layers, options);
}
