/**
 * The suite every set of plan kernels runs: a compiled training step must equal the per-op
 * path (the Sequential model on the reference backend) step for step, for an MLP and a CNN,
 * with SGD + momentum and with Adam, on random data and on real digits.
 *
 * Bound. The per-op path sums in float64 and stores float32; a float32 backend's sum of k
 * terms is off by at most k · 2^-24 · Σ|terms| (Higham 3.1), whatever its order. One step
 * moves a weight by an amount made of such sums, so its error is at most k · 2^-24 times
 * the size of the moves, and n steps add up at most n such errors while the learning rate
 * keeps the training stable. So each weight tensor must match within
 *   steps · k · 2^-24 · max|w_ref − w_start| + 4 ulps of |w_ref|,
 * with k the longest sum in the model, and each loss within (step + 1) · k · 2^-24 · (1 + loss).
 * Against updates of ~1e-2 that is ~1e-3 of the update: a wrong index, a missed padding
 * row or a transposed operand moves whole updates and fails it (see plan.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/lib/engine/ops';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import type { PlanKernels } from '../../src/lib/engine/plan/kernels';
import { PlanDivergedError } from '../../src/lib/engine/plan/divergence';
import { PlanRunner } from '../../src/lib/engine/plan/runner';
import type { Tensor } from '../../src/lib/engine/tensor';
import { loadMnistFile } from '../../src/lib/datasets/mnistNode';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { flatten } from '../../src/lib/models/layers/flatten';
import type { Layer } from '../../src/lib/models/layers/layer';
import { Dropout, dropout } from '../../src/lib/models/layers/dropout';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { adadelta, adam, sgd, type Optimizer } from '../../src/lib/models/optimizers';
import { describeModel } from '../../src/lib/models/planSession';
import { sequential, type Sequential } from '../../src/lib/models/sequential';
import { createRandom } from '../../src/lib/random';

const eps = 2 ** -24;

export type KernelsFactory = () => PlanKernels | Promise<PlanKernels>;

export interface PlanCase {
  readonly title: string;
  readonly layers: () => Layer[];
  readonly inputShape: readonly number[];
  readonly optimizer: () => Optimizer;
  readonly loss: 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy';
  readonly batchSize: number;
  /** the longest sum any kernel of the model makes (see the bound above) */
  readonly longestSum: number;
  readonly data: () => Promise<{ x: Tensor; y: Tensor }>;
}

/** Samples of uniform noise with labels 0..9 (or their one-hot rows). */
function randomData(n: number, shape: readonly number[], oneHot: boolean, seed: number): { x: Tensor; y: Tensor } {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: n * size }, () => random());
  const labels = Array.from({ length: n }, () => Math.floor(random() * 10));
  return { x: { data: x, shape: [n, ...shape] }, y: labelsAs(labels, oneHot) };
}

function labelsAs(labels: ArrayLike<number>, oneHot: boolean): Tensor {
  if (!oneHot) return { data: Float32Array.from(labels), shape: [labels.length] };
  const y = new Float32Array(labels.length * 10);
  for (let i = 0; i < labels.length; i++) y[i * 10 + labels[i]] = 1;
  return { data: y, shape: [labels.length, 10] };
}

async function mnistSlice(n: number, shape: readonly number[], oneHot: boolean): Promise<{ x: Tensor; y: Tensor }> {
  const { train } = await loadMnistFile();
  return { x: { data: train.x.slice(0, n * 784), shape: [n, ...shape] }, y: labelsAs(train.labels.subarray(0, n), oneHot) };
}

/** 90 samples in batches of 16: every sixth step is a partial batch of 10. Every layer, loss and optimiser a plan covers appears at least once. */
export const planCases: readonly PlanCase[] = [
  {
    title: 'MLP 784-64-32-10 (relu, tanh, softmax), SGD with momentum, random data, sparse labels',
    layers: () => [dense(64, 'relu', { inputShape: [784] }), dense(32, 'tanh'), dense(10, 'softmax')],
    inputShape: [784],
    optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 16,
    longestSum: 784,
    data: async () => randomData(90, [784], false, 1)
  },
  {
    title: 'MLP 784-64-32-10 (sigmoid, relu, softmax), Adam, MNIST digits, one-hot labels',
    layers: () => [dense(64, 'sigmoid', { inputShape: [784] }), dense(32, 'relu'), dense(10, 'softmax')],
    inputShape: [784],
    optimizer: () => adam({ learningRate: 0.002 }),
    loss: 'categoricalCrossentropy',
    batchSize: 16,
    longestSum: 784,
    data: () => mnistSlice(90, [784], true)
  },
  {
    title: "CNN 9×11×2: conv 3×3 'same' relu, overlapping max pool 3/2 'same', conv 3×3 'valid' stride 2 tanh, flatten, dense softmax; SGD with momentum",
    layers: () => [
      conv2d(4, 3, { padding: 'same', activation: 'relu', inputShape: [9, 11, 2] }),
      maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      conv2d(5, 3, { strides: 2, activation: 'tanh' }),
      flatten(),
      dense(10, 'softmax')
    ],
    inputShape: [9, 11, 2],
    optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 16,
    // conv dW sums over every output position of the batch: 16 · 9 · 11
    longestSum: 16 * 9 * 11,
    data: async () => randomData(90, [9, 11, 2], false, 2)
  },
  {
    title: "CNN 28×28×1 (MNIST): conv 3×3 'valid' stride 1 relu, max pool 2, conv 3×3 'same' stride 2 relu, flatten, dense softmax; Adam",
    layers: () => [
      conv2d(4, 3, { activation: 'relu', inputShape: [28, 28, 1] }),
      maxPooling2d({ poolSize: 2 }),
      conv2d(6, 3, { strides: 2, padding: 'same', activation: 'relu' }),
      flatten(),
      dense(10, 'softmax')
    ],
    inputShape: [28, 28, 1],
    optimizer: () => adam({ learningRate: 0.005 }),
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 16,
    longestSum: 16 * 26 * 26,
    data: () => mnistSlice(90, [28, 28, 1], false)
  },
  {
    title: 'MLP with dropout on the input (0.2) and after the first layer (0.5), Adadelta, MNIST digits',
    layers: () => [dropout(0.2, { inputShape: [784] }), dense(64, 'relu'), dropout(0.5), dense(32, 'tanh'), dense(10, 'softmax')],
    inputShape: [784],
    optimizer: () => adadelta({ learningRate: 1 }),
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 16,
    longestSum: 784,
    data: () => mnistSlice(90, [784], false)
  },
  {
    title: "CNN with dropout (0.25) after pooling, plain SGD: conv 3×3 'valid' relu, max pool 2, dropout, flatten, dense softmax",
    layers: () => [
      conv2d(3, 3, { activation: 'relu', inputShape: [8, 8, 1] }),
      maxPooling2d({ poolSize: 2 }),
      dropout(0.25),
      flatten(),
      dense(10, 'softmax')
    ],
    inputShape: [8, 8, 1],
    optimizer: () => sgd({ learningRate: 0.1 }),
    loss: 'sparseCategoricalCrossentropy',
    batchSize: 16,
    longestSum: 16 * 6 * 6,
    data: async () => randomData(90, [8, 8, 1], false, 4)
  }
];

function batchOf(t: Tensor, step: number, batchSize: number): Tensor {
  const n = t.shape[0];
  const perEpoch = Math.ceil(n / batchSize);
  const start = (step % perEpoch) * batchSize;
  const end = Math.min(n, start + batchSize);
  const row = t.data.length / n;
  return { data: t.data.slice(start * row, end * row), shape: [end - start, ...t.shape.slice(1)] };
}

/**
 * The same model, compiled per op (the reference) and as a plan on the given kernels, from
 * the same weights. The plan's dropout masks come from a twin built from the same seed, so
 * both paths drop the same values without sharing one stream.
 */
async function pair(c: PlanCase, kernels: PlanKernels): Promise<{ model: Sequential; runner: PlanRunner }> {
  setBackend(referenceBackend);
  const model = sequential(c.layers(), { seed: 3 });
  model.compile({ optimizer: c.optimizer(), loss: c.loss, metrics: ['accuracy'] });
  const d = describeModel(model.layers, model.inputShape, model.compileConfig);
  if (!('ok' in d)) throw new Error(`not plan-able: ${d.reason}`);
  const twin = sequential(c.layers(), { seed: 3 });
  const fillMask = (layer: string, _rate: number, mask: Float32Array) => (twin.layers.find((l) => l.name === layer) as Dropout).fillMask(mask);
  const runner = new PlanRunner(kernels, d.ok, { rows: c.batchSize, fillMask });
  runner.loadWeights(model.getWeights());
  runner.loadOptimizerState(model.compileConfig!.optimizer.getState());
  return { model, runner };
}

/** Fails on the first value off by more than its bound; returns the largest error / bound seen. */
function expectWithin(what: string, got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): number {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(got[i] - want[i]);
    if (!(error <= bound(i))) expect.fail(`${what} value ${i}: got ${got[i]}, want ${want[i]} (error ${error.toExponential(2)} > bound ${bound(i).toExponential(2)})`);
    worst = Math.max(worst, error / bound(i));
  }
  return worst;
}

/**
 * Trains c for `steps` steps both ways and checks every loss, every count of correct
 * answers and, at the end, every weight against the bound. Throws on the first mismatch;
 * returns the largest error / bound (how much room the kernels left).
 */
export async function expectPlanMatchesPerOp(c: PlanCase, kernels: PlanKernels, steps = 20): Promise<number> {
  const { model, runner } = await pair(c, kernels);
  const { x, y } = await c.data();
  const start = model.getWeights();
  let worst = 0;
  for (let step = 0; step < steps; step++) {
    const xb = batchOf(x, step, c.batchSize);
    const yb = batchOf(y, step, c.batchSize);
    const want = await model.trainOnBatch(xb, yb);
    const got = runner.trainStep(xb, yb);
    const lossBound = (step + 1) * c.longestSum * eps * (1 + want.loss);
    worst = Math.max(worst, expectWithin(`step ${step + 1} loss`, [got.loss], [want.loss], () => lossBound));
    expect(got.correct, `step ${step + 1} correct answers`).toBe(Math.round(want.accuracy * xb.shape[0]));
  }
  const wanted = model.getWeights();
  runner.readWeights().forEach((w, i) => {
    let moved = 0;
    for (let j = 0; j < w.data.length; j++) moved = Math.max(moved, Math.abs(wanted[i].data[j] - start[i].data[j]));
    const name = `${runner.parameters[i].buffer} after ${steps} steps`;
    const bound = (j: number) => steps * c.longestSum * eps * moved + 4 * eps * Math.abs(wanted[i].data[j]);
    worst = Math.max(worst, expectWithin(name, w.data, wanted[i].data, bound));
  });
  return worst;
}

export function planSuite(title: string, createKernels: KernelsFactory): void {
  describe(`plan suite: ${title}`, () => {
    for (const c of planCases) {
      it(`${c.title}: 20 steps equal the per-op path`, async () => {
        await expectPlanMatchesPerOp(c, await createKernels());
      });
    }

    it('evaluate and predict equal the per-op path, in batches with a partial last one', async () => {
      for (const c of [planCases[0], planCases[2], planCases[5]]) {
        const { model, runner } = await pair(c, await createKernels());
        const { x, y } = await c.data();
        const want = await model.evaluate(x, y, { batchSize: 7 });
        const got = runner.evaluate(x, y, 7);
        expectWithin('evaluate loss', [got.loss], [want.loss], () => c.longestSum * eps * (1 + want.loss));
        expect(got.correct / x.shape[0]).toBe(want.accuracy);
        const p = await model.predict(x, { batchSize: 7 });
        const q = runner.predict(x, 7);
        expect(q.shape).toEqual(p.shape);
        expectWithin('predict', q.data, p.data, () => c.longestSum * eps);
      }
    });

    it('a huge learning rate: the step that overflows throws naming the layer, and the last finite weights and state stay', async () => {
      const c = planCases[0];
      const { runner } = await pair(c, await createKernels());
      const { x, y } = await c.data();
      for (let step = 0; step < 3; step++) runner.trainStep(batchOf(x, step, 16), batchOf(y, step, 16));
      runner.learningRate = 1e38;
      let error: unknown = null;
      let step = 3;
      let good = runner.readWeights();
      let goodState = runner.readOptimizerState();
      for (; step < 10 && !error; step++) {
        good = runner.readWeights();
        goodState = runner.readOptimizerState();
        try {
          runner.trainStep(batchOf(x, step, 16), batchOf(y, step, 16));
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(PlanDivergedError);
      const details = (error as PlanDivergedError).details;
      expect(['dense', 'dense_1', 'dense_2', 'loss']).toContain(details.layer);
      expect(['NaN', 'Infinity', '-Infinity']).toContain(details.value);
      expect(runner.readWeights()).toEqual(good);
      expect(runner.readOptimizerState()).toEqual(goodState);
      expect(runner.iterations).toBe(step - 1);
      for (const w of good) expect(w.data.every(Number.isFinite)).toBe(true);
    });
  });
}
