/**
 * Optimisers with Keras's update rules and defaults, so a learner's numbers carry over
 * to Keras. An update is elementwise and cheap, so it runs as a plain loop on every
 * backend (no kernel round trip). Values and state are replaced, never written into:
 * keeping the old arrays is then enough to undo a step that diverged.
 */
import type { Tensor } from '$lib/engine/tensor';
import { checkLearningRate, defaultLearningRates } from './learningRates';

export type OptimizerName = 'sgd' | 'adam' | 'adadelta';

export const optimizerNames: readonly OptimizerName[] = ['sgd', 'adam', 'adadelta'];

/**
 * An optimiser's kind and hyper-parameters, as Keras's get_config() lists them: what a
 * compiled training step needs to run the same update itself.
 */
export type OptimizerConfig =
  | { readonly name: 'sgd'; readonly learningRate: number; readonly momentum: number }
  | { readonly name: 'adam'; readonly learningRate: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number }
  | { readonly name: 'adadelta'; readonly learningRate: number; readonly rho: number; readonly epsilon: number };

/** What an optimiser carries from step to step; opaque to callers. */
export interface OptimizerState {
  readonly iterations: number;
  readonly slots: readonly (readonly Float32Array[])[];
}

export interface Optimizer {
  readonly name: OptimizerName;
  learningRate: number;
  /**
   * The update as data, for a compiled step to run it. An optimiser that changes the
   * gradient before its update (an L2 wrapper) must not forward its inner one's: without
   * getConfig the model trains op by op, through step.
   */
  getConfig?(): OptimizerConfig;
  /** New values for weights[i] given grads[i] (d loss / d weight); advances the state. */
  step(weights: readonly Tensor[], grads: readonly Tensor[]): Tensor[];
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
  /** e.g. `keras.optimizers.SGD(learning_rate=0.1)` */
  kerasCode(): string;
}

export interface SgdOptions {
  /** default defaultLearningRates.sgd (0.01, as Keras) */
  learningRate?: number;
  /** default 0 (plain gradient descent) */
  momentum?: number;
}

export interface AdamOptions {
  /** default defaultLearningRates.adam (0.001, as Keras) */
  learningRate?: number;
  /** default 0.9 */
  beta1?: number;
  /** default 0.999 */
  beta2?: number;
  /** default 1e-7 (Keras; PyTorch uses 1e-8) */
  epsilon?: number;
}

function checkRate(where: string, name: string, v: number, max = Infinity): void {
  if (!Number.isFinite(v) || v < 0 || v > max) {
    throw new Error(`${where}: ${name} must be a number in [0, ${max}], got ${v}`);
  }
}

/** Python's repr of a float, close enough for code a learner reads: 0.1, 1e-07, 2.0 */
export function pythonNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  const s = String(v);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** One zero-filled state array per weight, made on the first step. */
function slotsFor(slots: Float32Array[][], k: number, weights: readonly Tensor[]): Float32Array[] {
  if (!slots[k] || slots[k].length !== weights.length) slots[k] = weights.map((w) => new Float32Array(w.data.length));
  return slots[k];
}

/**
 * Stochastic gradient descent. Without momentum: w ← w − lr·g. With momentum (Keras's form):
 * v ← momentum·v − lr·g, then w ← w + v.
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  const momentum = options.momentum ?? 0;
  checkRate('sgd', 'momentum', momentum, 1);
  const learningRate = options.learningRate ?? defaultLearningRates.sgd;
  checkLearningRate('sgd', learningRate);
  let slots: Float32Array[][] = [];
  let iterations = 0;
  const opt: Optimizer = {
    name: 'sgd',
    learningRate,
    getConfig: () => ({ name: 'sgd', learningRate: opt.learningRate, momentum }),
    step(weights, grads) {
      checkLearningRate('sgd', opt.learningRate);
      const lr = opt.learningRate;
      iterations++;
      if (momentum === 0) {
        return weights.map((w, i) => {
          const g = grads[i].data;
          const out = new Float32Array(w.data.length);
          for (let j = 0; j < out.length; j++) out[j] = w.data[j] - lr * g[j];
          return { data: out, shape: w.shape };
        });
      }
      const velocity = slotsFor(slots, 0, weights);
      const next = velocity.map((v) => new Float32Array(v.length));
      const out = weights.map((w, i) => {
        const g = grads[i].data;
        const v = velocity[i];
        const nv = next[i];
        const values = new Float32Array(w.data.length);
        for (let j = 0; j < values.length; j++) {
          nv[j] = momentum * v[j] - lr * g[j];
          values[j] = w.data[j] + nv[j];
        }
        return { data: values, shape: w.shape };
      });
      slots = [next];
      return out;
    },
    getState: () => ({ iterations, slots }),
    setState(state) {
      ({ iterations, slots } = copyState(state));
    },
    kerasCode: () => kerasCall('SGD', opt.learningRate, [['momentum', momentum, 0]])
  };
  return opt;
}

/**
 * Adam (Kingma & Ba 2014) in Keras's form: m and v are running means of g and g²;
 * w ← w − α·m / (√v + ε) with α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ) folding in the bias correction.
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-7;
  checkRate('adam', 'beta1', beta1, 1);
  checkRate('adam', 'beta2', beta2, 1);
  checkRate('adam', 'epsilon', epsilon);
  const learningRate = options.learningRate ?? defaultLearningRates.adam;
  checkLearningRate('adam', learningRate);
  let slots: Float32Array[][] = [];
  let iterations = 0;
  const opt: Optimizer = {
    name: 'adam',
    learningRate,
    getConfig: () => ({ name: 'adam', learningRate: opt.learningRate, beta1, beta2, epsilon }),
    step(weights, grads) {
      checkLearningRate('adam', opt.learningRate);
      const t = iterations + 1;
      const alpha = (opt.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const [ms, vs] = [slotsFor(slots, 0, weights), slotsFor(slots, 1, weights)];
      const nextM = ms.map((m) => new Float32Array(m.length));
      const nextV = vs.map((v) => new Float32Array(v.length));
      const out = weights.map((w, i) => {
        const g = grads[i].data;
        const values = new Float32Array(w.data.length);
        for (let j = 0; j < values.length; j++) {
          const m = ms[i][j] + (g[j] - ms[i][j]) * (1 - beta1);
          const v = vs[i][j] + (g[j] * g[j] - vs[i][j]) * (1 - beta2);
          nextM[i][j] = m;
          nextV[i][j] = v;
          values[j] = w.data[j] - (alpha * m) / (Math.sqrt(v) + epsilon);
        }
        return { data: values, shape: w.shape };
      });
      slots = [nextM, nextV];
      iterations = t;
      return out;
    },
    getState: () => ({ iterations, slots }),
    setState(state) {
      ({ iterations, slots } = copyState(state));
    },
    kerasCode: () =>
      kerasCall('Adam', opt.learningRate, [
        ['beta_1', beta1, 0.9],
        ['beta_2', beta2, 0.999],
        ['epsilon', epsilon, 1e-7]
      ])
  };
  return opt;
}

/** Keras's constructor call: the rate, then each option whose value is not Keras's default. */
function kerasCall(name: string, learningRate: number, options: readonly (readonly [string, number, number])[]): string {
  const args = [`learning_rate=${pythonNumber(learningRate)}`, ...options.filter(([, value, keras]) => value !== keras).map(([key, value]) => `${key}=${pythonNumber(value)}`)];
  return `keras.optimizers.${name}(${args.join(', ')})`;
}

/** An optimiser's state as set from outside: its own arrays of slots, so later steps never write into the caller's. */
function copyState(state: OptimizerState): { iterations: number; slots: Float32Array[][] } {
  return { iterations: state.iterations, slots: state.slots.map((s) => [...s]) };
}

export interface AdadeltaOptions {
  /** default defaultLearningRates.adadelta (0.001, as Keras; Zeiler's paper has no rate, i.e. 1.0: Keras's old mnist_cnn ran with that) */
  learningRate?: number;
  /** default 0.95, the decay of both running means */
  rho?: number;
  /** default 1e-7 */
  epsilon?: number;
}

/**
 * Adadelta (Zeiler 2012) in Keras's form: a ← ρ·a + (1 − ρ)·g²; δ = √(d + ε) / √(a + ε) · g;
 * d ← ρ·d + (1 − ρ)·δ²; w ← w − lr·δ. The step is scaled by the running size of past steps
 * over that of past gradients, so it carries the weights' own units. (tfjs divides by the
 * mean of g² before this step's update, so its numbers differ from Keras's.)
 */
export function adadelta(options: AdadeltaOptions = {}): Optimizer {
  const rho = options.rho ?? 0.95;
  const epsilon = options.epsilon ?? 1e-7;
  checkRate('adadelta', 'rho', rho, 1);
  checkRate('adadelta', 'epsilon', epsilon);
  const learningRate = options.learningRate ?? defaultLearningRates.adadelta;
  checkLearningRate('adadelta', learningRate);
  let slots: Float32Array[][] = [];
  let iterations = 0;
  const opt: Optimizer = {
    name: 'adadelta',
    learningRate,
    getConfig: () => ({ name: 'adadelta', learningRate: opt.learningRate, rho, epsilon }),
    step(weights, grads) {
      checkLearningRate('adadelta', opt.learningRate);
      const lr = opt.learningRate;
      const [gs, ds] = [slotsFor(slots, 0, weights), slotsFor(slots, 1, weights)];
      const nextG = gs.map((a) => new Float32Array(a.length));
      const nextD = ds.map((d) => new Float32Array(d.length));
      const out = weights.map((w, i) => {
        const g = grads[i].data;
        const values = new Float32Array(w.data.length);
        for (let j = 0; j < values.length; j++) {
          const a = rho * gs[i][j] + (1 - rho) * g[j] * g[j];
          const delta = (Math.sqrt(ds[i][j] + epsilon) / Math.sqrt(a + epsilon)) * g[j];
          nextG[i][j] = a;
          nextD[i][j] = rho * ds[i][j] + (1 - rho) * delta * delta;
          values[j] = w.data[j] - lr * delta;
        }
        return { data: values, shape: w.shape };
      });
      slots = [nextG, nextD];
      iterations++;
      return out;
    },
    getState: () => ({ iterations, slots }),
    setState(state) {
      ({ iterations, slots } = copyState(state));
    },
    kerasCode: () =>
      kerasCall('Adadelta', opt.learningRate, [
        ['rho', rho, 0.95],
        ['epsilon', epsilon, 1e-7]
      ])
  };
  return opt;
}

/** An optimiser by name with Keras's defaults and, if given, its learning rate. */
export function createOptimizer(name: OptimizerName, learningRate?: number): Optimizer {
  switch (name) {
    case 'sgd':
      return sgd({ learningRate });
    case 'adam':
      return adam({ learningRate });
    case 'adadelta':
      return adadelta({ learningRate });
  }
}
