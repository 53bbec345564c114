/**
 * The playground's network as the engine sees it and as the picture draws it: the
 * ModelSpec a view describes (hidden Dense layers with their own activations, one
 * sigmoid output unit, binary cross-entropy, plain SGD, optional L2), the model itself
 * holding a snapshot's weights, every unit's output over the input plane by the model's
 * own forward pass, dead ReLUs, the scores by the model's own loss, and the weight a
 * picked edge stands for.
 */
import type { Activation } from '$lib/engine/backend';
import type { Tensor } from '$lib/engine/tensor';
import { buildModel, type ModelSpec } from '$lib/models/modelSpec';
import { forward } from '$lib/models/perOpStep';
import type { Sequential } from '$lib/models/sequential';
import { gridPoints } from '$lib/geometry';
import type { GridSpec } from '../training/protocol';
import type { PlaygroundConfig } from './config';
import { featureMatrix, labelTensor, type PlaygroundPoint } from './data';

export function playgroundSpec(config: PlaygroundConfig, seed: number): ModelSpec {
  return {
    inputShape: [config.features.length],
    layers: [
      ...config.hidden.map((h) => ({ type: 'dense' as const, units: h.units, activation: h.activation })),
      { type: 'dense', units: 1, activation: 'sigmoid' }
    ],
    optimizer: 'sgd',
    loss: 'binaryCrossentropy',
    learningRate: config.learningRate,
    seed,
    ...(config.l2 > 0 ? { kernelRegularizer: { l2: config.l2 } } : {})
  };
}

/** The view's model holding the given weights (Keras layout, layer by layer), to compute what the pictures show. */
export function playgroundModel(config: PlaygroundConfig, weights: readonly Tensor[]): Sequential {
  // the seed only draws initial weights, which these replace
  const model = buildModel(playgroundSpec(config, 0));
  model.setWeights(weights);
  return model;
}

/** Units per layer, inputs first: [features, ...hidden, 1]. */
export function layerSizes(config: Pick<PlaygroundConfig, 'features' | 'hidden'>): number[] {
  return [config.features.length, ...config.hidden.map((h) => h.units), 1];
}

/** Every layer's activation, the output's sigmoid last. */
export function layerActivations(config: Pick<PlaygroundConfig, 'hidden'>): Activation[] {
  return [...config.hidden.map((h) => h.activation), 'sigmoid'];
}

/** Every layer's output for each row of x ([n, features]): the model's own forward pass, layer by layer. */
export async function layerOutputs(model: Sequential, x: Tensor): Promise<Tensor[]> {
  return (await forward(model.layers, x)).map((trace) => trace.output);
}

function column(t: Tensor, j: number): Float32Array {
  const [n, k] = t.shape;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = t.data[i * k + j];
  return out;
}

/**
 * Values as the heatmaps colour them, in [0, 1] with 0.5 white: a sigmoid as it is;
 * tanh from [-1, 1]; ReLU, linear units and input features scaled by their largest
 * magnitude over the plane, so their shape shows whatever their size.
 */
export function toShade(values: Float32Array, activation: Activation | 'feature'): Float32Array {
  if (activation === 'sigmoid') return values;
  if (activation === 'tanh') return values.map((v) => (v + 1) / 2);
  let max = 1e-9;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return values.map((v) => (v / max + 1) / 2);
}

export interface PlanePictures {
  readonly resolution: number;
  /** per layer (inputs first) and unit, shades in [0, 1] over the plane */
  readonly units: Float32Array[][];
  /** the network's output (a probability) over the plane, at the same resolution */
  readonly output: Float32Array;
}

/** Each unit's output over the grid's cells (top row first), from the model's weights. */
export async function planePictures(model: Sequential, config: PlaygroundConfig, grid: GridSpec): Promise<PlanePictures> {
  const x = featureMatrix(gridPoints(grid, grid.resolution), config.features);
  const activations = layerActivations(config);
  const outputs = await layerOutputs(model, x);
  const inputs = config.features.map((_, j) => toShade(column(x, j), 'feature'));
  const layers = outputs.map((out, l) => Array.from({ length: out.shape[1] }, (_, j) => toShade(column(out, j), activations[l])));
  return { resolution: grid.resolution, units: [inputs, ...layers], output: column(outputs[outputs.length - 1], 0) };
}

/** Per hidden layer, the ReLU units whose output is 0 on every training point: no gradient reaches them any more. */
export async function deadRelus(model: Sequential, config: PlaygroundConfig, train: readonly PlaygroundPoint[]): Promise<number[][]> {
  if (train.length === 0) return config.hidden.map(() => []);
  const outputs = await layerOutputs(model, featureMatrix(train, config.features));
  return config.hidden.map((h, l) => {
    if (h.activation !== 'relu') return [];
    const [n, k] = outputs[l].shape;
    const dead: number[] = [];
    for (let j = 0; j < k; j++) {
      let alive = false;
      for (let i = 0; i < n && !alive; i++) alive = outputs[l].data[i * k + j] > 0;
      if (!alive) dead.push(j);
    }
    return dead;
  });
}

/** The model's own loss (binary cross-entropy) and accuracy on some points, e.g. the test set before any epoch. */
export async function scorePoints(model: Sequential, config: PlaygroundConfig, points: readonly PlaygroundPoint[]): Promise<{ loss: number; accuracy: number }> {
  if (points.length === 0) return { loss: NaN, accuracy: NaN };
  return model.evaluate(featureMatrix(points, config.features), labelTensor(points), { batchSize: points.length });
}

/** Where the weight from unit `from` of layer `layer` to unit `to` of the next sits in getWeights' arrays. */
export function weightIndex(weights: readonly Tensor[], layer: number, from: number, to: number): { array: number; offset: number } {
  const kernel = weights[2 * layer];
  if (!kernel || kernel.shape.length !== 2 || from >= kernel.shape[0] || to >= kernel.shape[1] || from < 0 || to < 0) {
    throw new RangeError(`playground: no weight from unit ${from} of layer ${layer} to unit ${to}`);
  }
  return { array: 2 * layer, offset: from * kernel.shape[1] + to };
}

/** A copy of the weights with one changed. */
export function withWeight(weights: readonly Tensor[], layer: number, from: number, to: number, value: number): Tensor[] {
  if (!Number.isFinite(value)) throw new RangeError(`playground: a weight must be a finite number, got ${value}`);
  const { array, offset } = weightIndex(weights, layer, from, to);
  return weights.map((w, i) => {
    if (i !== array) return w;
    const data = w.data.slice();
    data[offset] = value;
    return { data, shape: [...w.shape] };
  });
}

/** Kernels as NetworkView wants them: weights[l][i][j] from unit i of layer l to unit j of layer l + 1. */
export function kernelRows(weights: readonly Tensor[]): number[][][] {
  const out: number[][][] = [];
  for (let l = 0; 2 * l < weights.length; l++) {
    const [inputs, units] = weights[2 * l].shape;
    out.push(Array.from({ length: inputs }, (_, i) => Array.from(weights[2 * l].data.subarray(i * units, (i + 1) * units))));
  }
  return out;
}

export function biasRows(weights: readonly Tensor[]): number[][] {
  const out: number[][] = [];
  for (let l = 0; 2 * l + 1 < weights.length; l++) out.push(Array.from(weights[2 * l + 1].data));
  return out;
}

