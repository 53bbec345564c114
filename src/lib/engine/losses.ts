/**
 * Losses as Keras defines them, each with its gradient with respect to the
 * predictions. The value is averaged over the batch (Keras's default
 * 'sum_over_batch_size' reduction), so the gradient carries the same 1/n.
 * Computed in float64 on the host: a loss is one number per batch and costs
 * little next to the layers, and every backend then reports the same value.
 */
import { shapeToString as str, type Tensor } from './tensor';

export interface LossResult {
  /** mean over the batch */
  loss: number;
  /** d loss / d predictions, the predictions' shape */
  grad: Tensor;
}

export type LossFn = (predictions: Tensor, targets: Tensor) => LossResult;

/** Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before a log. */
export const EPSILON = 1e-7;

function checkPair(name: string, predictions: Tensor, targets: Tensor): void {
  const p = predictions.shape;
  const t = targets.shape;
  if (p.length !== t.length || p.some((d, i) => d !== t[i])) {
    throw new Error(`${name}: predictions ${str(p)} vs targets ${str(t)}: shapes differ`);
  }
  if (p.length === 0) throw new Error(`${name}: predictions must have at least one axis, got []`);
}

/** rows = everything but the last axis, as Keras reduces the last axis first */
function rowsOf(x: Tensor): number {
  const cols = x.shape[x.shape.length - 1];
  return cols === 0 ? 0 : x.data.length / cols;
}

/**
 * A loss that is the mean of one term per value: `term` gives the value's loss and
 * `slope` its derivative in p, both before the mean divides them by the size.
 */
function meanOfTerms(name: string, term: (p: number, y: number) => number, slope: (p: number, y: number) => number): LossFn {
  return (predictions, targets) => {
    checkPair(name, predictions, targets);
    const P = predictions.data;
    const Y = targets.data;
    const size = P.length;
    const grad = new Float32Array(size);
    let total = 0;
    for (let i = 0; i < size; i++) {
      total += term(P[i], Y[i]);
      grad[i] = slope(P[i], Y[i]) / size;
    }
    return { loss: total / size, grad: { data: grad, shape: [...predictions.shape] } };
  };
}

/** mean((p - y)^2) over all values; grad 2 (p - y) / size */
export const meanSquaredError: LossFn = meanOfTerms(
  'meanSquaredError',
  (p, y) => (p - y) * (p - y),
  (p, y) => 2 * (p - y)
);

const clip = (p: number) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);

/**
 * -mean(y log p + (1 - y) log(1 - p)) with p clipped to [1e-7, 1 - 1e-7]. As in
 * Keras, a prediction outside the clip range gets zero gradient: the clip is flat
 * there. (A sigmoid saturated to exactly 0 or 1 in float32 therefore stops learning,
 * which is why Keras offers from_logits; the models may fuse sigmoid and this loss.)
 */
export const binaryCrossentropy: LossFn = meanOfTerms(
  'binaryCrossentropy',
  (p, y) => -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p))),
  (p, y) => (p >= EPSILON && p <= 1 - EPSILON ? -y / p + (1 - y) / (1 - p) : 0)
);

/**
 * -sum(y log q) over the last axis, averaged over rows, where q = p / sum(p) per
 * row, clipped to [1e-7, 1 - 1e-7]: Keras renormalises the predictions first, so
 * the gradient includes that step. For rows of a softmax (sum 1) and one-hot
 * targets it is -y / p + 1, which the softmax Jacobian turns into p - y
 * (see softmaxCrossentropyGrad).
 */
export const categoricalCrossentropy: LossFn = (predictions, targets) => {
  checkPair('categoricalCrossentropy', predictions, targets);
  const P = predictions.data;
  const Y = targets.data;
  const cols = predictions.shape[predictions.shape.length - 1];
  const rows = rowsOf(predictions);
  const grad = new Float32Array(P.length);
  const g = new Float64Array(cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += P[start + j];
    // gq = d loss / d q (zero where q was clipped); then through q = p / s
    let gqDotP = 0;
    for (let j = 0; j < cols; j++) {
      const q = P[start + j] / s;
      const qc = Math.min(Math.max(q, EPSILON), 1 - EPSILON);
      const y = Y[start + j];
      if (y !== 0) total -= y * Math.log(qc);
      g[j] = q >= EPSILON && q <= 1 - EPSILON ? -y / qc : 0;
      gqDotP += g[j] * P[start + j];
    }
    for (let j = 0; j < cols; j++) grad[start + j] = (g[j] / s - gqDotP / (s * s)) / rows;
  }
  return { loss: rows === 0 ? 0 : total / rows, grad: { data: grad, shape: [...predictions.shape] } };
};

/**
 * d loss / d logits for softmax followed by categorical cross-entropy, fused:
 * (p - y) / rows, where p = softmax(logits). Equal to composing the two gradients
 * when each target row sums to 1, and free of the 1/p that blows up as p -> 0.
 */
export function softmaxCrossentropyGrad(probs: Tensor, yOneHot: Tensor): Tensor {
  checkPair('softmaxCrossentropyGrad', probs, yOneHot);
  const rows = rowsOf(probs);
  const P = probs.data;
  const Y = yOneHot.data;
  const grad = new Float32Array(P.length);
  for (let i = 0; i < P.length; i++) grad[i] = (P[i] - Y[i]) / rows;
  return { data: grad, shape: [...probs.shape] };
}

/** The losses by Keras's names: three that compare rows of the same shape, and the sparse form of categorical cross-entropy (integer labels instead of one-hot rows). */
export type LossName = 'meanSquaredError' | 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy';

export const lossNames: readonly LossName[] = ['meanSquaredError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'];

/** The losses whose targets have the predictions' shape, by name; the sparse form one-hots its labels into categorical cross-entropy. */
export const lossFunctions: Readonly<Record<Exclude<LossName, 'sparseCategoricalCrossentropy'>, LossFn>> = {
  meanSquaredError,
  binaryCrossentropy,
  categoricalCrossentropy
};
