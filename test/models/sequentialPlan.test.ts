/**
 * Sequential on a backend that runs compiled steps: fit, evaluate, predict and trainOnBatch
 * go through a PlanRunner and give what the per-op path gives; the weights live in the
 * runner and come back when read, at the end of fit, on abort and on divergence; a model
 * the plan cannot run trains op by op and says why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/lib/engine/backend';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { setBackend } from '../../src/lib/engine/ops';
import { jsKernels } from '../../src/lib/engine/plan/jsKernels';
import type { PlanKernels } from '../../src/lib/engine/plan/kernels';
import type { Tensor } from '../../src/lib/engine/tensor';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { dropout } from '../../src/lib/models/layers/dropout';
import { flatten } from '../../src/lib/models/layers/flatten';
import { withKernelRegularizer } from '../../src/lib/models/kernelRegularizer';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { adam, sgd, type Optimizer } from '../../src/lib/models/optimizers';
import { sequential } from '../../src/lib/models/sequential';
import { TrainingDivergedError } from '../../src/lib/models/TrainingDivergedError';
import { createRandom } from '../../src/lib/random';

/** The reference backend with compiled steps on the readable plan kernels, counting the heaps it hands out. */
function planBackend(): Backend & { heaps: PlanKernels[] } {
  const heaps: PlanKernels[] = [];
  return {
    ...referenceBackend,
    name: 'reference+plan',
    label: 'plain JavaScript, compiled steps',
    heaps,
    planKernels() {
      const k = jsKernels();
      heaps.push(k);
      return k;
    }
  };
}

afterEach(() => setBackend(referenceBackend));

function data(n: number, features: number, seed: number): { x: Tensor; y: Tensor } {
  const random = createRandom(seed);
  const x = Float32Array.from({ length: n * features }, () => random());
  // a learnable rule: the class is which quarter of the features has the largest sum
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const sums = [0, 0, 0, 0];
    for (let j = 0; j < features; j++) sums[Math.floor((4 * j) / features)] += x[i * features + j];
    y[i] = sums.indexOf(Math.max(...sums));
  }
  return { x: { data: x, shape: [n, features] }, y: { data: y, shape: [n] } };
}

const { x, y } = data(70, 16, 5);
const mlp = (optimizer: Optimizer = sgd({ learningRate: 0.1, momentum: 0.9 })) => {
  const m = sequential([dense(12, 'relu', { inputShape: [16] }), dense(8, 'tanh'), dense(4, 'softmax')], { seed: 4 });
  m.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
};

/** float32 rounding of a few steps of this small model; a wrong index is off by far more */
const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `value ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol);
};

async function perOp<T>(run: () => Promise<T>): Promise<T> {
  setBackend(referenceBackend);
  return run();
}

describe('Sequential on a backend with compiled steps', () => {
  it('fit, evaluate and predict run compiled and equal the per-op path (batches of 16, the last one short)', async () => {
    const backend = planBackend();
    for (const make of [() => mlp(), () => mlp(adam({ learningRate: 0.01 }))]) {
      const want = make();
      const wantHistory = await perOp(() => want.fit(x, y, { epochs: 3, batchSize: 16, validationData: [x, y] }));
      const got = make();
      setBackend(backend);
      expect(got.planReason).toBeNull();
      const history = await got.fit(x, y, { epochs: 3, batchSize: 16, validationData: [x, y] });
      close(history.loss, wantHistory.loss);
      expect(history.accuracy).toEqual(wantHistory.accuracy);
      close(history.valLoss, wantHistory.valLoss);
      got.getWeights().forEach((w, i) => close(w.data, want.getWeights()[i].data));
      const e = await got.evaluate(x, y, { batchSize: 9 });
      const f = await perOp(() => want.evaluate(x, y, { batchSize: 9 }));
      setBackend(backend);
      expect(e.loss).toBeCloseTo(f.loss, 5);
      expect(e.accuracy).toBe(f.accuracy);
      close((await got.predict(x, { batchSize: 9 })).data, (await perOp(() => want.predict(x))).data);
    }
    // one heap per model, laid out once for all its fits, evaluations and predictions
    expect(backend.heaps).toHaveLength(2);
  });

  it('a CNN fits compiled as it does op by op', async () => {
    const images = data(40, 6 * 6 * 2, 8);
    const xs = { data: images.x.data, shape: [40, 6, 6, 2] };
    const make = () => {
      const m = sequential(
        [conv2d(3, 3, { padding: 'same', activation: 'relu', inputShape: [6, 6, 2] }), maxPooling2d({ poolSize: 2 }), flatten(), dense(4, 'softmax')],
        { seed: 2 }
      );
      m.compile({ optimizer: 'adam', learningRate: 0.01, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return m;
    };
    const want = make();
    const wantHistory = await perOp(() => want.fit(xs, images.y, { epochs: 2, batchSize: 16 }));
    const got = make();
    setBackend(planBackend());
    expect(got.planReason).toBeNull();
    close((await got.fit(xs, images.y, { epochs: 2, batchSize: 16 })).loss, wantHistory.loss);
    got.getWeights().forEach((w, i) => close(w.data, want.getWeights()[i].data));
  });

  it('dropout and Adadelta fit compiled as op by op: each dropout layer draws the same masks on either path', async () => {
    const make = () => {
      const m = sequential([dropout(0.1, { inputShape: [16] }), dense(12, 'relu'), dropout(0.5), dense(4, 'softmax')], { seed: 6 });
      m.compile({ optimizer: 'adadelta', learningRate: 1, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return m;
    };
    const want = make();
    const wantHistory = await perOp(() => want.fit(x, y, { epochs: 3, batchSize: 16 }));
    const got = make();
    setBackend(planBackend());
    expect(got.planReason).toBeNull();
    close((await got.fit(x, y, { epochs: 3, batchSize: 16 })).loss, wantHistory.loss);
    got.getWeights().forEach((w, i) => close(w.data, want.getWeights()[i].data));
    close((await got.predict(x)).data, (await perOp(() => want.predict(x))).data);
  });

  it('getWeights during fit reads the runner; the optimiser gets its state back at the end, so per-op training carries on from it', async () => {
    const want = mlp();
    const perBatch: number[][] = [];
    await perOp(() => want.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, onBatchEnd: () => void perBatch.push(Array.from(want.getWeights()[4].data)) }));

    const got = mlp();
    setBackend(planBackend());
    let batch = 0;
    await got.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, onBatchEnd: () => close(got.getWeights()[4].data, perBatch[batch++]) });
    expect(batch).toBe(5);
    expect(got.compileConfig?.optimizer.getState().iterations).toBe(5);
    // the second epoch op by op, with the momentum the compiled epoch built up
    setBackend(referenceBackend);
    await got.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false });
    close(got.getWeights()[4].data, perBatch[9]);
  });

  it('trainOnBatch trains compiled; setWeights afterwards is what predict then uses', async () => {
    const want = mlp();
    const got = mlp();
    setBackend(planBackend());
    for (let i = 0; i < 3; i++) {
      const r = await got.trainOnBatch(x, y);
      const s = await perOp(() => want.trainOnBatch(x, y));
      setBackend(planBackend());
      expect(r.loss).toBeCloseTo(s.loss, 5);
    }
    got.getWeights().forEach((w, i) => close(w.data, want.getWeights()[i].data));
    const fresh = mlp().getWeights();
    got.setWeights(fresh);
    const p = await got.predict(x);
    const fromFresh = mlp();
    close(p.data, (await perOp(() => fromFresh.predict(x))).data);
  });

  it('an abort keeps what was learnt, in the layers', async () => {
    const m = mlp();
    setBackend(planBackend());
    const before = m.getWeights();
    const controller = new AbortController();
    let seen = 0;
    const run = m.fit(x, y, { epochs: 5, batchSize: 8, signal: controller.signal, onBatchEnd: () => void (++seen === 3 && controller.abort()) });
    await expect(run).rejects.toThrow(/abort/i);
    expect(m.layers[0].weights[0].value.data).not.toEqual(before[0].data);
    expect(m.compileConfig?.optimizer.getState().iterations).toBe(3);
  });

  it('a huge learning rate: TrainingDivergedError names the layer, and the layers keep the last finite weights', async () => {
    const m = sequential([dense(16, 'relu', { inputShape: [16] }), dense(4, 'softmax')], { seed: 1 });
    m.compile({ optimizer: sgd({ learningRate: 1e37, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy' });
    const backend = planBackend();
    setBackend(backend);
    let lastGood = m.getWeights();
    let batches = 0;
    const error = await m
      .fit(x, y, { epochs: 20, batchSize: 70, onBatchEnd: () => void (batches++, (lastGood = m.getWeights())) })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const e = error as TrainingDivergedError;
    expect(['dense', 'dense_1', 'loss']).toContain(e.details.layer);
    expect(e.details.epoch).toBe(batches + 1);
    expect(e.message).toContain('lower the learning rate from 1e+37 to 1e+36');
    expect(backend.heaps).toHaveLength(1);
    // read straight from the layers: fit handed them back before it threw
    m.layers.flatMap((l) => l.weights).forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(lastGood[i].data)));
  });
});

describe('what runs op by op, and why', () => {
  it('says why, and trains op by op on a backend that could compile', async () => {
    setBackend(planBackend());
    const leaky = { name: 'leaky', f: (z: number) => (z > 0 ? z : 0.1 * z), df: (z: number) => (z > 0 ? 1 : 0.1) };
    const typed = sequential([dense(4, leaky, { inputShape: [16] }), dense(4, 'softmax')]);
    typed.compile({ loss: 'sparseCategoricalCrossentropy' });
    expect(typed.planReason).toBe("a typed activation runs op by op (dense's leaky)");
    const before = typed.getWeights();
    await typed.fit(x, y, { epochs: 1 });
    expect(typed.getWeights()[0].data).not.toEqual(before[0].data);

    const mse = sequential([dense(4, 'softmax', { inputShape: [16] })]);
    mse.compile({ loss: 'meanSquaredError' });
    expect(mse.planReason).toMatch(/the loss meanSquaredError runs op by op/);
    const uncompiled = sequential([dense(4, 'softmax', { inputShape: [16] })]);
    expect(uncompiled.planReason).toBe('the model is not compiled yet');
    const regularised = sequential([dense(4, 'softmax', { inputShape: [16] })]);
    regularised.compile({ optimizer: withKernelRegularizer(sgd(), { l2: 0.01 }, [true, false]), loss: 'sparseCategoricalCrossentropy' });
    expect(regularised.planReason).toBe('this sgd optimiser changes the gradient itself, so it runs op by op');
    setBackend(referenceBackend);
    expect(mlp().planReason).toBe('plain JavaScript runs op by op');
  });
});

describe('compile and the optimiser', () => {
  it('uses a given optimiser as it is, makes a named one with the rate, and refuses two rates', () => {
    const m = sequential([dense(2, 'softmax', { inputShape: [2] })]);
    const given = sgd({ learningRate: 0.3, momentum: 0.5 });
    m.compile({ optimizer: given, loss: 'categoricalCrossentropy' });
    expect(m.compileConfig?.optimizer).toBe(given);
    m.compile({ optimizer: given, loss: 'categoricalCrossentropy', learningRate: 0.3 });
    expect(given.learningRate).toBe(0.3);
    expect(() => m.compile({ optimizer: given, loss: 'categoricalCrossentropy', learningRate: 0.1 })).toThrow(
      "this sgd optimiser was made with learningRate 0.3: give the rate once, to the optimiser (sgd({ learningRate: 0.1 })) or with its name ({ optimizer: 'sgd', learningRate: 0.1 })"
    );
    expect(given.learningRate).toBe(0.3);
    m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', learningRate: 0.02 });
    expect(m.compileConfig?.optimizer.getConfig?.()).toEqual({ name: 'adam', learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(() => m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', learningRate: -1 })).toThrow('sgd: The learning rate must be a number above 0. Got -1.');
  });
});
