/**
 * The losses a model compiles with, by Keras's names: the engine's three plus the sparse
 * form of categorical cross-entropy (integer labels instead of one-hot rows), and the
 * accuracy metric that Keras picks to match them.
 */
import { categoricalCrossentropy, lossFunctions, softmaxCrossentropyGrad, type LossName, type LossResult } from '$lib/engine/losses';
import { argMax, oneHot } from '$lib/engine/ops';
import { shapeToString as str, type Tensor } from '$lib/engine/tensor';
import type { ActivationSpec } from './activations';

export { lossNames, type LossName } from '$lib/engine/losses';

/** The name Keras code passes to compile(loss=…). */
export const kerasLossNames: Readonly<Record<LossName, string>> = {
  meanSquaredError: 'mean_squared_error',
  binaryCrossentropy: 'binary_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy'
};

/** Class labels [n] or [n, 1] -> one-hot rows [n, classes], naming the first bad label. */
export function labelsToOneHot(labels: Tensor, classes: number): Tensor {
  const n = labels.shape[0];
  if (labels.data.length !== n) {
    throw new Error(`sparseCategoricalCrossentropy: labels must be [n] or [n, 1], got ${str(labels.shape)}`);
  }
  return oneHot(labels.data, classes);
}

/** Cross-entropy against integer labels y [n] (or [n, 1]) for predictions [n, classes]. */
export function sparseCategoricalCrossentropy(predictions: Tensor, labels: Tensor): LossResult {
  const classes = predictions.shape[predictions.shape.length - 1];
  return categoricalCrossentropy(predictions, labelsToOneHot(labels, classes));
}

export interface ModelLoss extends LossResult {
  /**
   * true when grad is already d loss / d z of the last layer (its activation's input):
   * softmax then cross-entropy, and sigmoid then binary cross-entropy, fuse to
   * (p − y) / count, as TensorFlow's Keras does, avoiding the 1/p that explodes as p → 0
   * and the flat clip of a saturated sigmoid.
   */
  gradIsDz: boolean;
}

/** The loss of predictions against targets y, with its gradient for the backward pass. */
export function modelLoss(name: LossName, lastActivation: ActivationSpec, predictions: Tensor, y: Tensor): ModelLoss {
  const classes = predictions.shape[predictions.shape.length - 1];
  const targets = name === 'sparseCategoricalCrossentropy' ? labelsToOneHot(y, classes) : y;
  const crossentropy = name === 'sparseCategoricalCrossentropy' ? 'categoricalCrossentropy' : name;
  const { loss, grad } = lossFunctions[crossentropy](predictions, targets);
  if (crossentropy === 'categoricalCrossentropy' && lastActivation === 'softmax') {
    return { loss, grad: softmaxCrossentropyGrad(predictions, targets), gradIsDz: true };
  }
  if (crossentropy === 'binaryCrossentropy' && lastActivation === 'sigmoid') {
    const g = new Float32Array(predictions.data.length);
    for (let i = 0; i < g.length; i++) g[i] = (predictions.data[i] - targets.data[i]) / g.length;
    return { loss, grad: { data: g, shape: [...predictions.shape] }, gradIsDz: true };
  }
  return { loss, grad, gradIsDz: false };
}

/** Checks y against the model's output shape [n, ...out] before training starts. */
export function checkTargets(name: LossName, outputShape: readonly number[], y: Tensor, where: string): void {
  const n = outputShape[0];
  if (y.shape[0] !== n) throw new Error(`${where}: ${n} samples in x but ${y.shape[0]} in y`);
  if (name === 'sparseCategoricalCrossentropy') {
    const classes = outputShape[outputShape.length - 1];
    if (y.data.length !== n) {
      throw new Error(`${where}: sparseCategoricalCrossentropy takes one class label per sample, y [${n}], got ${str(y.shape)}`);
    }
    for (let i = 0; i < n; i++) {
      const label = y.data[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new Error(`${where}: label ${label} of sample ${i} is not a class in 0..${classes - 1}`);
      }
    }
    return;
  }
  const want = str(outputShape);
  if (y.shape.length !== outputShape.length || y.shape.some((d, i) => d !== outputShape[i])) {
    const hint = name === 'categoricalCrossentropy' && y.data.length === n ? ' (for class labels use sparseCategoricalCrossentropy, or one-hot encode y)' : '';
    throw new Error(`${where}: ${name} needs y shaped like the model's output ${want}, got ${str(y.shape)}${hint}`);
  }
}

/**
 * How many predictions are right, as Keras reads metrics: ['accuracy'] for this loss:
 * one output -> binary (p > 0.5 vs y); integer labels -> argmax vs label; else argmax vs argmax.
 */
export function countCorrect(name: LossName, predictions: Tensor, y: Tensor): number {
  const outputs = predictions.shape[predictions.shape.length - 1];
  let correct = 0;
  if (name === 'sparseCategoricalCrossentropy') {
    const predicted = argMax(predictions);
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y.data[i]) correct++;
  } else if (outputs === 1) {
    for (let i = 0; i < predictions.data.length; i++) if ((predictions.data[i] > 0.5 ? 1 : 0) === y.data[i]) correct++;
  } else {
    const predicted = argMax(predictions);
    const truth = argMax(y);
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) correct++;
  }
  return correct;
}
