/**
 * The linear threshold unit (Rosenblatt 1957): a weighted sum of real inputs plus a bias,
 * then a step. It is the rung between the McCulloch–Pitts unit (binary inputs, fixed
 * threshold) and the perceptron (a layer of LTUs that learns its weights).
 *
 * Plain numbers and Float64Array throughout: these models are tiny and the chapter shows
 * every update, so they must be exact rather than fast.
 */

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

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in feature space, e.g. the plotted range of two features. */
export interface Box {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * The decision line w0·x + w1·y + b = 0 of a two-input unit, clipped to `box`: its two
 * endpoints on the box's edges, or null when there is no line (w = 0) or it misses the
 * box. The endpoints coincide when the line only touches a corner. The side the normal
 * (w0, w1) points to is where z > 0.
 */
export function decisionLine(weights: ArrayLike<number>, bias: number, box: Box): [Point, Point] | null {
  if (weights.length !== 2) throw new Error(`decisionLine: needs 2 weights, got ${weights.length}`);
  const [a, b] = [weights[0], weights[1]];
  if (a === 0 && b === 0) return null;
  const { xMin, xMax, yMin, yMax } = box;
  const found: Point[] = [];
  const add = (p: Point) => {
    if (p.x < xMin || p.x > xMax || p.y < yMin || p.y > yMax) return;
    if (!found.some((q) => q.x === p.x && q.y === p.y)) found.push(p);
  };
  // Solve for the free coordinate on each edge; the other is pinned to the edge.
  if (b !== 0) {
    add({ x: xMin, y: -(a * xMin + bias) / b });
    add({ x: xMax, y: -(a * xMax + bias) / b });
  }
  if (a !== 0) {
    add({ x: -(b * yMin + bias) / a, y: yMin });
    add({ x: -(b * yMax + bias) / a, y: yMax });
  }
  if (found.length === 0) return null;
  // Through a corner, rounding can yield a third point next to another: keep the farthest pair.
  let best: [Point, Point] = [found[0], found[0]];
  let bestDistance = -1;
  for (let i = 0; i < found.length; i++) {
    for (let j = i + 1; j < found.length; j++) {
      const d = (found[i].x - found[j].x) ** 2 + (found[i].y - found[j].y) ** 2;
      if (d > bestDistance) {
        bestDistance = d;
        best = [found[i], found[j]];
      }
    }
  }
  return best;
}
