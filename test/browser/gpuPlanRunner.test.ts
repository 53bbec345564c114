/**
 * Compiled training steps on the GPU (GpuPlanRunner) against the per-op path (the same
 * Sequential model on the reference backend), step for step, on WebGL2 and, in the
 * chromium-webgpu instance, on WebGPU; and what crosses between the page and the GPU per
 * step, counted by wrapping the WebGL2 and WebGPU entry points: one readback, the batch's
 * uploads, no fence polled.
 *
 * The bound is the plan suite's (test/engine/planSuite.ts, which reads MNIST from disk and
 * so runs in Node only): each weight within steps · k · 2^-24 · (how far it moved) + 4 ulps,
 * each loss within (step + 1) · k · 2^-24 · (1 + loss), k the longest sum in the model.
 */
import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import type { Backend, DevicePlanRunner } from '../../src/lib/engine/backend';
import { createGpuBackend } from '../../src/lib/engine/backends/gpu/index';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { setBackend } from '../../src/lib/engine/ops';
import { PlanDivergedError } from '../../src/lib/engine/plan/divergence';
import type { Tensor } from '../../src/lib/engine/tensor';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { Dropout, dropout } from '../../src/lib/models/layers/dropout';
import { flatten } from '../../src/lib/models/layers/flatten';
import type { Layer } from '../../src/lib/models/layers/layer';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { adadelta, adam, sgd, type Optimizer } from '../../src/lib/models/optimizers';
import { describeModel } from '../../src/lib/models/planSession';
import { sequential, type Sequential } from '../../src/lib/models/sequential';
import { createRandom } from '../../src/lib/random';
import { installTransferCounters, transferCounts, transfersBetween } from '../../scripts/gpuTransfers';

const eps = 2 ** -24;

interface Case {
  title: string;
  layers: () => Layer[];
  shape: number[];
  optimizer: () => Optimizer;
  batchSize: number;
  longestSum: number;
}

const cases: Case[] = [
  {
    title: 'MLP 784-64-32-10 (relu, tanh, softmax), SGD with momentum',
    layers: () => [dense(64, 'relu', { inputShape: [784] }), dense(32, 'tanh'), dense(10, 'softmax')],
    shape: [784],
    optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    batchSize: 16,
    longestSum: 784
  },
  {
    title: 'MLP with dropout (0.2 on the input, 0.5 after the first layer), sigmoid, Adadelta',
    layers: () => [dropout(0.2, { inputShape: [784] }), dense(64, 'sigmoid'), dropout(0.5), dense(10, 'softmax')],
    shape: [784],
    optimizer: () => adadelta({ learningRate: 1 }),
    batchSize: 16,
    longestSum: 784
  },
  {
    title: "CNN 9×11×2: conv 3×3 'same' relu, max pool 3/2 'same', conv 3×3 'valid' stride 2 tanh, flatten, dense softmax; SGD with momentum",
    layers: () => [
      conv2d(4, 3, { padding: 'same', activation: 'relu', inputShape: [9, 11, 2] }),
      maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      conv2d(5, 3, { strides: 2, activation: 'tanh' }),
      flatten(),
      dense(10, 'softmax')
    ],
    shape: [9, 11, 2],
    optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    batchSize: 16,
    longestSum: 16 * 9 * 11
  },
  {
    title: "CNN 28×28×1: conv 5×5 'same' relu, max pool 2, conv 3×3 'same' relu, max pool 3/3 'valid', flatten, dense softmax; Adam",
    layers: () => [
      conv2d(4, 5, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
      maxPooling2d({ poolSize: 2 }),
      conv2d(6, 3, { padding: 'same', activation: 'relu' }),
      maxPooling2d({ poolSize: 3, strides: 3 }),
      flatten(),
      dense(10, 'softmax')
    ],
    shape: [28, 28, 1],
    optimizer: () => adam({ learningRate: 0.005 }),
    batchSize: 8,
    longestSum: 8 * 28 * 28
  }
];

/** Uniform noise with labels 0..9. */
function randomBatch(rows: number, shape: readonly number[], seed: number): { x: Tensor; y: Tensor } {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    x: { data: Float32Array.from({ length: rows * size }, () => random()), shape: [rows, ...shape] },
    y: { data: Float32Array.from({ length: rows }, () => Math.floor(random() * 10)), shape: [rows] }
  };
}

/** The model per op on the reference backend, and the same model compiled on the GPU, from the same weights and masks. */
async function pair(c: Case, backend: Backend): Promise<{ model: Sequential; runner: DevicePlanRunner }> {
  setBackend(referenceBackend);
  const model = sequential(c.layers(), { seed: 3 });
  model.compile({ optimizer: c.optimizer(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const d = describeModel(model.layers, model.inputShape, model.compileConfig);
  if (!('ok' in d)) throw new Error(`not plan-able: ${d.reason}`);
  // a twin from the same seed draws the masks, so both paths drop the same values without sharing one stream
  const twin = sequential(c.layers(), { seed: 3 });
  const fillMask = (layer: string, _rate: number, mask: Float32Array) => (twin.layers.find((l) => l.name === layer) as Dropout).fillMask(mask);
  const runner = backend.planRunner?.(d.ok, { rows: c.batchSize, fillMask });
  if (!runner) throw new Error(`${backend.name} offers no plan runner`);
  await runner.loadWeights(model.getWeights());
  await runner.loadOptimizerState(model.compileConfig!.optimizer.getState());
  return { model, runner };
}

function expectWithin(what: string, got: ArrayLike<number>, want: ArrayLike<number>, bound: (i: number) => number): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const error = Math.abs(got[i] - want[i]);
    if (!(error <= bound(i))) expect.fail(`${what} value ${i}: got ${got[i]}, want ${want[i]} (error ${error.toExponential(2)} > bound ${bound(i).toExponential(2)})`);
  }
}

const STEPS = 6;

for (const mode of ['webgl2', 'webgpu'] as const) {
  describe(`compiled steps on gpu:${mode}`, async () => {
    const available = mode === 'webgl2' ? GPU.isWebGL2Supported : await GPU.isWebGPUAvailable();
    if (!available) {
      it.skip(`${mode} is not available in this browser`, () => {});
      return;
    }

    for (const c of cases) {
      it(`${c.title}: ${STEPS} steps equal the per-op path`, async () => {
        const backend = await createGpuBackend({ mode });
        try {
          const { model, runner } = await pair(c, backend);
          const start = model.getWeights();
          for (let step = 0; step < STEPS; step++) {
            const { x, y } = randomBatch(c.batchSize, c.shape, 100 + step);
            const want = await model.trainOnBatch(x, y);
            const got = await runner.trainStep(x, y);
            const lossBound = (step + 1) * c.longestSum * eps * (1 + want.loss);
            expectWithin(`step ${step + 1} loss`, [got.loss], [want.loss], () => lossBound);
            expect(got.correct, `step ${step + 1} correct answers`).toBe(Math.round(want.accuracy * c.batchSize));
          }
          const wanted = model.getWeights();
          (await runner.readWeights()).forEach((w, i) => {
            let moved = 0;
            for (let j = 0; j < w.data.length; j++) moved = Math.max(moved, Math.abs(wanted[i].data[j] - start[i].data[j]));
            const bound = (j: number) => STEPS * c.longestSum * eps * moved + 4 * eps * Math.abs(wanted[i].data[j]);
            expectWithin(`${runner.parameters[i].buffer} after ${STEPS} steps`, w.data, wanted[i].data, bound);
          });
          runner.dispose();
        } finally {
          backend.dispose();
        }
      });
    }

    it('evaluate and predict equal the per-op path, in batches with a partial last one', async () => {
      const backend = await createGpuBackend({ mode });
      try {
        const c = cases[2];
        const { model, runner } = await pair(c, backend);
        const { x, y } = randomBatch(19, c.shape, 7);
        const want = await model.evaluate(x, y, { batchSize: 8 });
        const got = await runner.evaluate(x, y, 8);
        expectWithin('evaluate loss', [got.loss], [want.loss], () => c.longestSum * eps * (1 + want.loss));
        expect(got.correct / 19).toBe(want.accuracy);
        const p = await model.predict(x, { batchSize: 8 });
        const q = await runner.predict(x, 8);
        expect(q.shape).toEqual(p.shape);
        expectWithin('predict', q.data, p.data, () => c.longestSum * eps);
        runner.dispose();
      } finally {
        backend.dispose();
      }
    });

    it('a huge learning rate: the step that overflows throws naming the layer, and the last finite weights and state stay', async () => {
      const backend = await createGpuBackend({ mode });
      try {
        const c = cases[0];
        const { runner } = await pair(c, backend);
        for (let step = 0; step < 2; step++) {
          const { x, y } = randomBatch(16, c.shape, step);
          await runner.trainStep(x, y);
        }
        runner.learningRate = 1e38;
        let error: unknown = null;
        let good = await runner.readWeights();
        let goodState = await runner.readOptimizerState();
        let step = 2;
        for (; step < 8 && !error; step++) {
          good = await runner.readWeights();
          goodState = await runner.readOptimizerState();
          const { x, y } = randomBatch(16, c.shape, step);
          await runner.trainStep(x, y).catch((e: unknown) => (error = e));
        }
        expect(error).toBeInstanceOf(PlanDivergedError);
        expect(['dense', 'dense_1', 'dense_2', 'loss']).toContain((error as PlanDivergedError).details.layer);
        expect(await runner.readWeights()).toEqual(good);
        expect(await runner.readOptimizerState()).toEqual(goodState);
        expect(runner.iterations).toBe(step - 1);
        runner.dispose();
      } finally {
        backend.dispose();
      }
    });

    describe('transfers per training step', () => {
      const models: [string, () => Layer[], number[], number][] = [
        ['MLP 784-128-10, batch 32', () => [dense(128, 'relu', { inputShape: [784] }), dense(10, 'softmax')], [784], 32],
        [
          'the ConvNetJS MNIST CNN, batch 16',
          () => [
            conv2d(8, 5, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
            maxPooling2d({ poolSize: 2 }),
            conv2d(16, 5, { padding: 'same', activation: 'relu' }),
            maxPooling2d({ poolSize: 3, strides: 3 }),
            flatten(),
            dense(10, 'softmax')
          ],
          [28, 28, 1],
          16
        ]
      ];
      for (const [title, layers, shape, rows] of models) {
        it(`${title}: one readback, two uploads (the batch), no fence polled`, async () => {
          installTransferCounters();
          const backend = await createGpuBackend({ mode });
          try {
            const c: Case = { title, layers, shape, optimizer: () => sgd({ learningRate: 0.05 }), batchSize: rows, longestSum: 0 };
            const { model, runner } = await pair(c, backend);
            // the first step compiles the kernels, the second the twins of those that update in place: count from the third
            for (let s = 0; s < 2; s++) await runner.trainStep(randomBatch(rows, shape, s).x, randomBatch(rows, shape, s).y);
            const steps = 3;
            const counted = transferCounts();
            for (let s = 0; s < steps; s++) {
              const { x, y } = randomBatch(rows, shape, 2 + s);
              await runner.trainStep(x, y);
            }
            const compiled = transfersBetween(counted, transferCounts(), steps);
            expect(compiled.readbacks).toBe(1);
            expect(compiled.uploads).toBe(2);
            expect(compiled.polls).toBe(0);

            // the per-op path of the same backend, for the record
            setBackend(backend);
            await model.trainOnBatch(randomBatch(rows, shape, 1).x, randomBatch(rows, shape, 1).y);
            const before = transferCounts();
            for (let s = 0; s < steps; s++) {
              const { x, y } = randomBatch(rows, shape, 2 + s);
              await model.trainOnBatch(x, y);
            }
            const perOp = transfersBetween(before, transferCounts(), steps);
            setBackend(referenceBackend);
            console.log(`gpu:${mode} ${title} per step: compiled ${JSON.stringify(compiled)}; per op ${JSON.stringify(perOp)}`);
            expect(perOp.readbacks).toBeGreaterThan(1);
            runner.dispose();
          } finally {
            setBackend(referenceBackend);
            backend.dispose();
          }
        });
      }
    });
  });
}
