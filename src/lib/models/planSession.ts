/**
 * A Sequential model trained as a compiled step: the model described in the engine's
 * terms (engine/plan/compile.ts), and a session that keeps its weights in a PlanRunner
 * across steps and hands them back to the layers only when asked.
 *
 * Who holds the current weights: after a compiled step, the runner. `push` copies them
 * back into the layers (and the optimiser's state into the optimiser); `pull` loads the
 * layers' weights into the runner when they are not the ones it holds. Weights are
 * values, replaced and never written into, so "the ones it holds" is a check of identity:
 * setWeights, a per-op step or any assignment to a weight's value is seen.
 */
import type { Activation, Backend } from '$lib/engine/backend';
import type { LayerDescriptor, ModelDescriptor, OptimizerDescriptor } from '$lib/engine/plan/compile';
import { planReason } from '$lib/engine/plan/compile';
import { PlanDivergedError } from '$lib/engine/plan/divergence';
import { PlanRunner } from '$lib/engine/plan/runner';
import type { Tensor } from '$lib/engine/tensor';
import { Conv2D } from './layers/conv2d';
import { Dense } from './layers/dense';
import { Dropout } from './layers/dropout';
import { Flatten } from './layers/flatten';
import type { Layer } from './layers/layer';
import { MaxPooling2D } from './layers/maxPooling2d';
import type { Optimizer } from './optimizers';
import type { BatchResult, Compiled, Evaluation, StepPosition } from './sequentialTypes';
import { TrainingDivergedError } from './TrainingDivergedError';

type Described<T> = { readonly ok: T } | { readonly reason: string };

function describeLayer(layer: Layer): Described<LayerDescriptor> {
  const act = layer.activation ?? 'linear';
  if (typeof act !== 'string') return { reason: `a typed activation runs op by op (${layer.name}'s ${act.name})` };
  const activation: Activation = act;
  const name = layer.name;
  if (layer instanceof Dense) return { ok: { kind: 'dense', name, units: layer.units, activation } };
  if (layer instanceof Conv2D) {
    return { ok: { kind: 'conv2d', name, filters: layer.filters, kernel: layer.kernelSize, strides: layer.strides, padding: layer.padding, activation } };
  }
  if (layer instanceof MaxPooling2D) return { ok: { kind: 'maxPool2d', name, pool: layer.poolSize, strides: layer.strides, padding: layer.padding } };
  if (layer instanceof Flatten) return { ok: { kind: 'flatten', name } };
  if (layer instanceof Dropout) return { ok: { kind: 'dropout', name, rate: layer.rate } };
  return { reason: `a ${layer.className} layer runs op by op` };
}

function describeOptimizer(optimizer: Optimizer): Described<OptimizerDescriptor> {
  const config = optimizer.getConfig?.();
  if (!config) return { reason: `this ${optimizer.name} optimiser changes the gradient itself, so it runs op by op` };
  switch (config.name) {
    case 'sgd':
      return { ok: { kind: 'sgd', learningRate: config.learningRate, momentum: config.momentum } };
    case 'adam':
      return { ok: { kind: 'adam', learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon } };
    case 'adadelta':
      return { ok: { kind: 'adadelta', learningRate: config.learningRate, rho: config.rho, epsilon: config.epsilon } };
  }
}

/** The model in the engine's terms, or why it trains op by op. */
export function describeModel(layers: readonly Layer[], inputShape: readonly number[] | null, compiled: Compiled | null): Described<ModelDescriptor> {
  if (!compiled) return { reason: 'the model is not compiled yet' };
  if (!inputShape) return { reason: 'the model is not built yet' };
  const described: LayerDescriptor[] = [];
  for (const layer of layers) {
    const d = describeLayer(layer);
    if ('reason' in d) return d;
    described.push(d.ok);
  }
  const optimizer = describeOptimizer(compiled.optimizer);
  if ('reason' in optimizer) return optimizer;
  const model: ModelDescriptor = { inputShape, layers: described, loss: compiled.loss, optimizer: optimizer.ok };
  const reason = planReason(model);
  return reason ? { reason } : { ok: model };
}

function weightValues(layers: readonly Layer[]): Tensor[] {
  return layers.flatMap((l) => l.weights.map((w) => w.value));
}

export class PlanSession {
  private loaded: readonly Tensor[] = [];
  /** true once the runner has trained past the weights the layers hold */
  private ahead = false;

  constructor(
    readonly backend: Backend,
    readonly compiled: Compiled,
    readonly runner: PlanRunner,
    private readonly layers: readonly Layer[]
  ) {}

  static open(backend: Backend, compiled: Compiled, model: ModelDescriptor, layers: readonly Layer[], rows: number): PlanSession | null {
    const kernels = backend.planKernels?.();
    if (!kernels) return null;
    // each dropout layer draws from its own stream, on either path
    const dropouts = new Map(layers.flatMap((l) => (l instanceof Dropout ? [[l.name, l] as const] : [])));
    const fillMask = (layer: string, _rate: number, mask: Float32Array) => (dropouts.get(layer) as Dropout).fillMask(mask);
    return new PlanSession(backend, compiled, new PlanRunner(kernels, model, { rows, fillMask }), layers);
  }

  /** Makes the runner hold the layers' weights and the optimiser's state, unless it already does. */
  pull(): void {
    const values = weightValues(this.layers);
    if (values.length === this.loaded.length && values.every((v, i) => v === this.loaded[i])) return;
    this.runner.loadWeights(values);
    this.runner.loadOptimizerState(this.compiled.optimizer.getState());
    this.loaded = values;
    this.ahead = false;
  }

  /** Hands the runner's weights back to the layers, and its state to the optimiser, if it trained past them. */
  push(): void {
    if (!this.ahead) return;
    const values = this.runner.readWeights();
    let k = 0;
    for (const layer of this.layers) for (const w of layer.weights) w.value = values[k++];
    this.compiled.optimizer.setState(this.runner.readOptimizerState());
    this.loaded = values;
    this.ahead = false;
  }

  /** One compiled training step; a divergence becomes the models' TrainingDivergedError. */
  trainStep(x: Tensor, y: Tensor, at: StepPosition): BatchResult {
    this.pull();
    this.ahead = true;
    const { optimizer, metrics } = this.compiled;
    this.runner.learningRate = optimizer.learningRate;
    try {
      const r = this.runner.trainStep(x, y);
      const samples = x.shape[0];
      return { loss: r.loss, accuracy: metrics.includes('accuracy') ? r.correct / samples : NaN, samples };
    } catch (error) {
      if (!(error instanceof PlanDivergedError)) throw error;
      throw new TrainingDivergedError({ ...error.details, learningRate: optimizer.learningRate, ...at });
    }
  }

  evaluate(x: Tensor, y: Tensor, batchSize: number): Evaluation {
    this.pull();
    const r = this.runner.evaluate(x, y, batchSize);
    return { loss: r.loss, accuracy: this.compiled.metrics.includes('accuracy') ? r.correct / x.shape[0] : NaN };
  }

  predict(x: Tensor, batchSize: number): Tensor {
    this.pull();
    return this.runner.predict(x, batchSize);
  }
}
