/**
 * Adadelta in Keras's form, step by step against the formula computed here in float64,
 * and against the numbers Keras's own tests pin (keras/src/optimizers/adadelta_test.py).
 * TensorFlow.js is no oracle here: its Adadelta divides by the running mean of g² from
 * before the step's update, so it differs from Keras from the first step on (checked below).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/lib/engine/tensor';
import { dense } from '../../src/lib/models/layers/dense';
import { adadelta } from '../../src/lib/models/optimizers';
import { sequential } from '../../src/lib/models/sequential';

const t = (values: number[]): Tensor => ({ data: Float32Array.from(values), shape: [values.length] });

/** Keras's update rule, in float64, for one weight array over a list of gradients. */
function byHand(w0: number[], gradients: number[][], lr: number, rho: number, eps: number): number[][] {
  const w = [...w0];
  const accG = w.map(() => 0);
  const accD = w.map(() => 0);
  return gradients.map((g) => {
    for (let j = 0; j < w.length; j++) {
      accG[j] = rho * accG[j] + (1 - rho) * g[j] ** 2;
      const delta = (Math.sqrt(accD[j] + eps) / Math.sqrt(accG[j] + eps)) * g[j];
      accD[j] = rho * accD[j] + (1 - rho) * delta ** 2;
      w[j] -= lr * delta;
    }
    return [...w];
  });
}

function run(opt: ReturnType<typeof adadelta>, w0: number[], gradients: number[][]): number[][] {
  let w = [t(w0)];
  return gradients.map((g) => {
    w = opt.step(w, [t(g)]);
    return Array.from(w[0].data);
  });
}

function expectNear(actual: number[][], expected: number[][], rtol: number, atol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const e = expected[i][j];
      if (!(Math.abs(v - e) <= atol + rtol * Math.abs(e))) expect.fail(`step ${i + 1}, weight ${j}: got ${v}, expected ${e}`);
    })
  );
}

describe('adadelta()', () => {
  const w0 = [0.5, -1.5, 2, 0, 3];
  const gradients = [
    [0.2, -0.7, 1.5, 0.001, -30],
    [0.1, 0.4, -2, 0, -25],
    [-0.3, 0.5, 1, 0.002, 10],
    [0.05, -0.6, 0.8, -0.001, 0.5]
  ];

  it('follows the formula step by step, with Keras defaults (lr 0.001, rho 0.95, epsilon 1e-7)', () => {
    const opt = adadelta();
    expect([opt.name, opt.learningRate]).toEqual(['adadelta', 0.001]);
    // float32 state and weights: the float64 formula to a few ulps of the weights' size
    expectNear(run(opt, w0, gradients), byHand(w0, gradients, 0.001, 0.95, 1e-7), 1e-6, 1e-7);
  });

  it('and with other settings: lr 1 (Zeiler\'s), rho 0.8, epsilon 1e-4', () => {
    const opt = adadelta({ learningRate: 1, rho: 0.8, epsilon: 1e-4 });
    expectNear(run(opt, w0, gradients), byHand(w0, gradients, 1, 0.8, 1e-4), 1e-6, 1e-6);
  });

  it('lands on the numbers Keras\'s own tests pin', () => {
    // test_single_step
    const single = run(adadelta({ learningRate: 0.5 }), [1, 2, 3, 4], [[1, 6, 7, 2]]);
    expectNear(single, [[0.9993, 1.9993, 2.9993, 3.9993]], 1e-4, 1e-4);
    // test_correctness_with_golden: one step of 0.01s, then five of 0.1, 0.2, …, 1.0
    const grads = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
    const steps = run(adadelta({ learningRate: 1, rho: 0.8, epsilon: 1e-6 }), new Array(10).fill(1), [
      new Array(10).fill(0.01),
      grads,
      grads,
      grads,
      grads
    ]);
    const golden = [0.9978, 0.9947, 0.9915, 0.9882, 0.9849].map((v) => new Array(10).fill(v));
    expectNear(steps, golden, 5e-4, 5e-4);
  });

  it('is not what TensorFlow.js computes: its first step is plain lr·g', () => {
    const ours = run(adadelta({ learningRate: 0.5 }), [1], [[1]])[0][0];
    const v = tf.variable(tf.tensor1d([1]));
    tf.train.adadelta(0.5, 0.95, 1e-7).applyGradients([{ name: v.name, tensor: tf.tensor1d([1]) }]);
    expect(v.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(ours).toBeCloseTo(1 - 0.5 * Math.sqrt(1e-7 / (0.05 + 1e-7)), 6);
    v.dispose();
  });

  it('refuses bad settings and undoes a step through setState', () => {
    expect(() => adadelta({ rho: 1.5 })).toThrow('adadelta: rho must be a number in [0, 1], got 1.5');
    expect(() => adadelta({ epsilon: -1 })).toThrow(/epsilon/);
    const opt = adadelta({ learningRate: 1 });
    const w = [t([1, 2])];
    const first = opt.step(w, [t([0.5, -0.5])]);
    const saved = opt.getState();
    const second = opt.step(first, [t([0.1, 0.1])]);
    opt.setState(saved);
    expect(opt.step(first, [t([0.1, 0.1])])).toEqual(second);
    expect(saved.iterations).toBe(1);
  });

  it('compiles by name, takes compile\'s learning rate, and prints as Keras code', () => {
    const m = sequential([dense(1, 'linear', { inputShape: [2] })]);
    m.compile({ optimizer: 'adadelta', loss: 'meanSquaredError', learningRate: 1 });
    expect(m.compileConfig?.optimizer.name).toBe('adadelta');
    expect(m.toKerasCode()).toContain('optimizer=keras.optimizers.Adadelta(learning_rate=1.0),');
    expect(adadelta().kerasCode()).toBe('keras.optimizers.Adadelta(learning_rate=0.001)');
    expect(adadelta({ rho: 0.9, epsilon: 1e-8 }).kerasCode()).toBe('keras.optimizers.Adadelta(learning_rate=0.001, rho=0.9, epsilon=1e-08)');
  });
});
