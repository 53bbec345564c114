/**
 * The linear threshold unit (Rosenblatt 1957): a weighted sum of real inputs plus a bias,
 * then a step. It is the rung between the McCulloch–Pitts unit (binary inputs, fixed
 * threshold) and the perceptron (a layer of LTUs that learns its weights).
 *
 * Plain numbers and Float64Array throughout: these models are tiny and the chapter shows
 * every update, so they must be exact rather than fast.
 */
import { lineInBox, type Box, type Point } from '$lib/geometry';

export type { Box, Point };

/** The two steps the seed talk defines. */
export type StepName = 'heaviside' | 'sign';

/** heaviside(z) = 0 if z < 0, else 1 (so z = 0 fires). */
export function heaviside(z: number): 0 | 1 {
  return z < 0 ? 0 : 1;
}

/** sgn(z) = -1 if z < 0, 0 if z = 0, +1 if z > 0. */
export function sign(z: number): -1 | 0 | 1 {
  return z < 0 ? -1 : z > 0 ? 1 : 0;
}

export function applyStep(step: StepName, z: number): number {
  return step === 'heaviside' ? heaviside(z) : sign(z);
}

/**
 * z = w·x + b. The dot product is summed first, in input order, and the bias added last,
 * as scikit-learn's SGD does, so the sklearn mode matches it to the last bit.
 */
export function weightedSum(weights: ArrayLike<number>, bias: number, x: ArrayLike<number>): number {
  if (x.length !== weights.length) {
    throw new Error(`weightedSum: ${x.length} inputs for ${weights.length} weights`);
  }
  let dot = 0;
  for (let i = 0; i < weights.length; i++) dot += weights[i] * x[i];
  return dot + bias;
}

/** What an LTU learns: one weight per input and a bias. */
export interface LtuParameters {
  readonly weights: Float64Array;
  readonly bias: number;
}

export interface LtuOptions {
  step?: StepName;
  /** starting weights (copied); zeros when absent */
  weights?: ArrayLike<number>;
  bias?: number;
}

/**
 * One linear threshold unit. `weights` and `bias` are public and mutable: the perceptron
 * rule writes them in place, one instance at a time.
 */
export class LTU {
  readonly step: StepName;
  readonly weights: Float64Array;
  bias: number;

  constructor(nInputs: number, options: LtuOptions = {}) {
    if (!Number.isInteger(nInputs) || nInputs < 1) throw new Error(`LTU: nInputs must be a positive integer, got ${nInputs}`);
    this.step = options.step ?? 'heaviside';
    this.weights = new Float64Array(nInputs);
    if (options.weights) {
      if (options.weights.length !== nInputs) {
        throw new Error(`LTU: ${options.weights.length} starting weights for ${nInputs} inputs`);
      }
      this.weights.set(options.weights);
    }
    this.bias = options.bias ?? 0;
  }

  get nInputs(): number {
    return this.weights.length;
  }

  /** The weighted sum z = w·x + b, before the step. */
  forward(x: ArrayLike<number>): number {
    return weightedSum(this.weights, this.bias, x);
  }

  /** The unit's output: step(w·x + b). */
  predict(x: ArrayLike<number>): number {
    return applyStep(this.step, this.forward(x));
  }

  /** A copy of the weights and bias, safe to keep while training goes on. */
  parameters(): LtuParameters {
    return { weights: Float64Array.from(this.weights), bias: this.bias };
  }
}

/**
 * The decision line w0·x + w1·y + b = 0 of a two-input unit, clipped to `box`: its two
 * ends on the box's edges, or null when there is no line (w = 0), it misses the box or
 * only touches a corner. The side the normal (w0, w1) points to is where z > 0.
 */
export function decisionLine(weights: ArrayLike<number>, bias: number, box: Box): [Point, Point] | null {
  if (weights.length !== 2) throw new Error(`decisionLine: needs 2 weights, got ${weights.length}`);
  return lineInBox(weights[0], weights[1], bias, box);
}
