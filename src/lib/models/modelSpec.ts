/**
 * A model as plain data, so it can cross into a Web Worker, live in a URL and be
 * rebuilt the same anywhere: the layers, the compile options and the seed.
 */
import type { Activation, Padding } from '$lib/engine/backend';
import type { ActivationSpec } from './activations';
import { customActivation } from './customActivation';
import { withKernelRegularizer, type L2Regularizer } from './kernelRegularizer';
import { conv2d } from './layers/conv2d';
import { dense } from './layers/dense';
import { dropout } from './layers/dropout';
import { flatten } from './layers/flatten';
import type { Layer } from './layers/layer';
import { maxPooling2d } from './layers/maxPooling2d';
import { learningRateProblem } from './learningRates';
import type { LossName } from './losses';
import { adadelta, adam, sgd, type Optimizer, type OptimizerName } from './optimizers';
import { sequential, type Sequential } from './sequential';

/**
 * A Keras activation name, or a learner's own activation as an expression in x
 * ("log(1 + exp(x))"): text, so it can cross into the worker, which differentiates
 * and compiles it there (see customActivation.ts).
 */
export type ActivationChoice = Activation | { expression: string; name?: string };

export type LayerSpec =
  | { type: 'dense'; units: number; activation?: ActivationChoice }
  | { type: 'conv2d'; filters: number; kernelSize: number; strides?: number; padding?: Padding; activation?: ActivationChoice }
  | { type: 'maxPooling2d'; poolSize?: number; strides?: number; padding?: Padding }
  | { type: 'flatten' }
  /** inverted dropout while training, the identity when predicting; its masks come from the model's seed */
  | { type: 'dropout'; rate: number };

export interface ModelSpec {
  /** per-sample input shape: [2] for points, [784] or [28, 28, 1] for digits */
  inputShape: number[];
  layers: LayerSpec[];
  optimizer: OptimizerName;
  /** SGD's momentum, as Keras's SGD(momentum=…); 0 or absent: plain SGD. Adam and Adadelta ignore it. */
  momentum?: number;
  loss: LossName;
  learningRate: number;
  seed: number;
  /** the penalty l2·Σw² on every kernel, as Keras's kernel_regularizer=L2(l2); absent: none (see kernelRegularizer.ts) */
  kernelRegularizer?: L2Regularizer;
}

function resolveActivation(choice: ActivationChoice | undefined): ActivationSpec {
  if (choice === undefined || typeof choice === 'string') return choice ?? 'linear';
  return customActivation(choice.expression, choice.name);
}

function buildLayer(spec: LayerSpec, inputShape?: readonly number[]): Layer {
  const first = inputShape ? { inputShape } : {};
  switch (spec.type) {
    case 'dense':
      return dense(spec.units, resolveActivation(spec.activation), first);
    case 'conv2d':
      return conv2d(spec.filters, spec.kernelSize, {
        strides: spec.strides,
        padding: spec.padding,
        activation: resolveActivation(spec.activation),
        ...first
      });
    case 'maxPooling2d':
      return maxPooling2d({ poolSize: spec.poolSize, strides: spec.strides, padding: spec.padding, ...first });
    case 'flatten':
      return flatten(first);
    case 'dropout':
      return dropout(spec.rate, first);
  }
}

/** The spec's optimiser, made once with its learning rate (and its kernel regulariser, which needs the built layers). */
function buildOptimizer(spec: ModelSpec, model: Sequential): Optimizer {
  const problem = learningRateProblem(spec.learningRate);
  if (problem) throw new Error(`${problem} Got ${spec.learningRate}.`);
  const learningRate = spec.learningRate;
  const optimizer =
    spec.optimizer === 'adam' ? adam({ learningRate }) : spec.optimizer === 'adadelta' ? adadelta({ learningRate }) : sgd({ learningRate, momentum: spec.momentum ?? 0 });
  if (!spec.kernelRegularizer) return optimizer;
  const isKernel = model.layers.flatMap((layer) => layer.weights.map((w) => w.name === 'kernel'));
  return withKernelRegularizer(optimizer, spec.kernelRegularizer, isKernel);
}

/** Builds and compiles the model a spec describes. */
export function buildModel(spec: ModelSpec): Sequential {
  if (spec.layers.length === 0) throw new Error('model: add at least one layer');
  const layers = spec.layers.map((layer, i) => buildLayer(layer, i === 0 ? spec.inputShape : undefined));
  const model = sequential(layers, { seed: spec.seed });
  model.compile({ optimizer: buildOptimizer(spec, model), loss: spec.loss, metrics: ['accuracy'] });
  return model;
}
