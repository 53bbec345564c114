/**
 * The four activations the chapter compares (step, sigmoid, tanh, ReLU), sampled with
 * the engine's own kernels so the curves a learner reads are the functions the
 * networks use, and a learner's own activation sampled with its compiled closures.
 */
import { relu, reluGrad, sigmoid, sigmoidGrad, step, tanh, tanhGrad } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import type { ParsedActivation } from '$lib/models/customActivation';

export type ClassicActivation = 'step' | 'sigmoid' | 'tanh' | 'relu';

export interface ActivationInfo {
  readonly id: ClassicActivation;
  readonly title: string;
  /** f and f' as LaTeX */
  readonly tex: string;
  readonly derivativeTex: string;
  /** where f jumps, so f' does not exist there */
  readonly jumps: readonly number[];
  /** where f has a corner: f' jumps, and takes a conventional value */
  readonly corners: readonly number[];
  /** what its derivative means for learning, in one sentence */
  readonly lesson: string;
}

export const classicActivations: readonly ActivationInfo[] = [
  {
    id: 'step',
    title: 'Step (Heaviside)',
    tex: '\\text{step}(x) = \\begin{cases} 0 & x < 0 \\\\ 1 & x \\ge 0 \\end{cases}',
    derivativeTex: "\\text{step}'(x) = 0 \\text{ for } x \\ne 0 \\text{; none at } 0",
    jumps: [0],
    corners: [],
    lesson: 'Flat everywhere but the jump: its slope is 0, so a small change of a weight changes nothing, and gradient descent has no direction to follow.'
  },
  {
    id: 'sigmoid',
    title: 'Sigmoid',
    tex: '\\sigma(x) = \\frac{1}{1 + e^{-x}}',
    derivativeTex: "\\sigma'(x) = \\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr)",
    jumps: [],
    corners: [],
    lesson: 'A smoothed step: its slope is never 0, at most 0.25 (at x = 0), and fades as |x| grows.'
  },
  {
    id: 'tanh',
    title: 'tanh',
    tex: '\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
    derivativeTex: "\\tanh'(x) = 1 - \\tanh^2(x)",
    jumps: [],
    corners: [],
    lesson: 'A sigmoid stretched to run from −1 to 1: centred on 0, with a slope of up to 1.'
  },
  {
    id: 'relu',
    title: 'ReLU',
    tex: '\\text{relu}(x) = \\max(0, x)',
    derivativeTex: "\\text{relu}'(x) = \\begin{cases} 0 & x < 0 \\\\ 1 & x > 0 \\end{cases}",
    jumps: [],
    corners: [0],
    lesson: 'Slope 1 for every positive input, so the gradient does not fade; at the corner x = 0 it takes 0, as TensorFlow does.'
  }
];

/** Evenly spaced inputs on [lo, hi], `perUnit` to a unit, each computed from an integer so 0 is exact. */
export function sampleInputs(lo = -6, hi = 6, perUnit = 20): Float32Array {
  const n = Math.round((hi - lo) * perUnit) + 1;
  return Float32Array.from({ length: n }, (_, i) => (Math.round(lo * perUnit) + i) / perUnit);
}

export interface Curve {
  readonly xs: Float32Array;
  readonly f: Float32Array;
  readonly df: Float32Array;
}

/** f and f' of a classic activation at xs, by the engine's kernels (the step's slope is 0 off the jump). */
export async function classicCurve(id: ClassicActivation, xs: Float32Array): Promise<Curve> {
  const x: Tensor = { data: xs, shape: [xs.length] };
  switch (id) {
    case 'step': {
      const df = new Float32Array(xs.length).map((_, i) => (xs[i] === 0 ? NaN : 0));
      return { xs, f: (await step(x)).data, df };
    }
    case 'sigmoid':
      return { xs, f: (await sigmoid(x)).data, df: (await sigmoidGrad(x)).data };
    case 'tanh':
      return { xs, f: (await tanh(x)).data, df: (await tanhGrad(x)).data };
    case 'relu':
      return { xs, f: (await relu(x)).data, df: (await reluGrad(x)).data };
  }
}

/** f and f' of a learner's activation at xs, by the closures the training run uses. */
export function customCurve(activation: Pick<ParsedActivation, 'f' | 'df'>, xs: Float32Array): Curve {
  return { xs, f: xs.map(activation.f), df: xs.map(activation.df) };
}
