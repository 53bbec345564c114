/**
 * What every layer of a Sequential model is: it is built once for a per-sample input
 * shape (allocating its weights), runs forward on a batch keeping what its backward
 * pass needs, and turns d loss / d output into d loss / d input and its weights' gradients.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Random } from '$lib/random';
import type { ActivationSpec } from '../activations';

export type LayerClass = 'Dense' | 'Conv2D' | 'MaxPooling2D' | 'Flatten' | 'Dropout';

/** One trainable array, named as Keras names it. */
export interface Weight {
  readonly name: 'kernel' | 'bias';
  /** replaced, never written into, by an optimiser step: tensors are values */
  value: Tensor;
}

/** What a forward pass keeps for the backward pass. */
export interface Trace {
  readonly input: Tensor;
  /** the activation's input, where there is an activation */
  readonly z?: Tensor;
  readonly output: Tensor;
}

export interface ForwardOptions {
  /**
   * true in a training step (fit, trainOnBatch, gradients), false or absent in predict and
   * evaluate: the few layers that act differently when training (dropout) read it
   */
  training?: boolean;
}

export interface BackwardOptions {
  /** dy is already d loss / d z, the activation's input (a loss fused with the last activation) */
  dyIsDz?: boolean;
  /** the first layer's dx is never used: skip its matmul or convolution */
  skipDx?: boolean;
}

export interface Backward {
  /** d loss / d input; null when skipped */
  readonly dx: Tensor | null;
  /** one per weight, in the order of `weights` */
  readonly grads: readonly Tensor[];
}

export interface Layer {
  readonly className: LayerClass;
  /** Keras-style, unique within its model: dense, dense_1, conv2d, … (set by sequential) */
  name: string;
  /** the per-sample input shape the learner declared, if any */
  readonly inputShape?: readonly number[];
  /** per-sample output shape, known once built */
  readonly outputShape: readonly number[];
  readonly built: boolean;
  /** Keras order: kernel then bias; empty for layers without weights */
  readonly weights: readonly Weight[];
  /** Allocates and initialises the weights; returns the per-sample output shape. */
  build(inputShape: readonly number[], random: Random): readonly number[];
  forward(x: Tensor, options?: ForwardOptions): Promise<Trace>;
  /** Turns dy = d loss / d output into d loss / d input and the weights' gradients. */
  backward(dy: Tensor, trace: Trace, options?: BackwardOptions): Promise<Backward>;
  /** the activation, for layers that have one */
  readonly activation?: ActivationSpec;
  /** the layer as Python Keras code, e.g. `layers.Dense(10, activation="softmax")` */
  kerasCode(): string;
}

export function checkPositiveInt(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${where}: ${name} must be a positive integer, got ${v}`);
}

/** Accepts 3 or [3, 3], as Keras does. */
export function toPair(where: string, name: string, v: number | readonly [number, number]): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  checkPositiveInt(where, name, p[0]);
  checkPositiveInt(where, name, p[1]);
  return p;
}

export function pythonTuple(p: readonly number[]): string {
  return p.length === 1 ? `(${p[0]},)` : `(${p.join(', ')})`;
}

export function notBuilt(layer: Layer): Error {
  return new Error(`${layer.name}: the layer is not built yet (give the first layer an inputShape, or fit/predict first)`);
}
