/**
 * Bad input a model brings to a backend: a model too large for the backend's memory is
 * refused before training, with the bytes it needs; a backend whose compiled step fails
 * mid-fit leaves the model the weights of its last whole step; a resumed fit is the fit
 * that was interrupted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/lib/engine/backend';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { setBackend } from '../../src/lib/engine/ops';
import { jsKernels } from '../../src/lib/engine/plan/jsKernels';
import type { PlanKernels } from '../../src/lib/engine/plan/kernels';
import { planMemory } from '../../src/lib/engine/plan/memory';
import { PlanRunner } from '../../src/lib/engine/plan/runner';
import type { ModelDescriptor } from '../../src/lib/engine/plan/compile';
import type { Tensor } from '../../src/lib/engine/tensor';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { flatten } from '../../src/lib/models/layers/flatten';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { adam } from '../../src/lib/models/optimizers';
import { sequential, type History } from '../../src/lib/models/sequential';
import { formatBytes, ModelTooLargeError, trainingMemory } from '../../src/lib/models/trainingMemory';

afterEach(() => setBackend(referenceBackend));

/** The reference with compiled steps on the readable plan kernels; `fail` may break a heap's kernels. */
function planBackend(memoryLimit?: number, fail?: (k: PlanKernels) => PlanKernels): Backend {
  return { ...referenceBackend, name: 'js-plan', label: 'compiled JavaScript', memoryLimit, planKernels: () => (fail ?? ((k) => k))(jsKernels()) };
}

/** Plan kernels whose `adam` throws at its `at`-th call: a step that fails after updating some weights. */
function failingAt(at: number) {
  return (k: PlanKernels): PlanKernels => {
    let calls = 0;
    return {
      ...k,
      adam(...args) {
        if (++calls === at) throw new Error('the WebGL context was lost');
        k.adam(...args);
      }
    };
  };
}

const cnn = () => {
  const m = sequential([conv2d(4, 3, { activation: 'relu', inputShape: [8, 8, 1] }), maxPooling2d(), flatten(), dense(3, 'softmax')], { seed: 2 });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
};

function digits(n: number): { x: Tensor; y: Tensor } {
  const x = Float32Array.from({ length: n * 64 }, (_, i) => ((i * 37) % 17) / 17);
  const y = Float32Array.from({ length: n }, (_, i) => i % 3);
  return { x: { data: x, shape: [n, 8, 8, 1] }, y: { data: y, shape: [n] } };
}

describe('the bytes a compiled step takes', () => {
  it('are what the heap runner lays out: parameters, their copy, and the larger of the step and the forward pass', () => {
    const model: ModelDescriptor = {
      inputShape: [8, 8, 1],
      layers: [
        { kind: 'conv2d', name: 'conv2d', filters: 4, kernel: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
        { kind: 'maxPool2d', name: 'pool', pool: [2, 2], strides: [2, 2], padding: 'valid' },
        { kind: 'flatten', name: 'flatten' },
        { kind: 'dense', name: 'dense', units: 3, activation: 'softmax' }
      ],
      loss: 'sparseCategoricalCrossentropy',
      optimizer: { kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
    };
    let reserved = 0;
    const k = jsKernels();
    const counting: PlanKernels = { ...k, reserve: (cells) => ((reserved = Math.max(reserved, cells)), k.reserve(cells)) };
    const runner = new PlanRunner(counting, model, { rows: 10 });
    const { x, y } = digits(10);
    runner.trainStep(x, y);
    runner.evaluate(x, y, 10);
    const m = planMemory(model, 10);
    // conv2d 3·3·1·4 + 4, dense 36·3 + 3, each start aligned to 4 cells; Adam keeps two slots a weight
    expect(m.weights).toBe(4 * (36 + 4 + 108 + 4));
    expect(m.optimizerState).toBe(2 * m.weights);
    expect(m.backup).toBe(m.weights + m.optimizerState);
    expect(m.total).toBe(reserved * 4);
  });

  it('are counted op by op where the model runs op by op', () => {
    const model = cnn();
    const memory = trainingMemory(model.layers, [8, 8, 1], model.compileConfig!, 10, referenceBackend);
    const params = model.countParams();
    const outputs = 6 * 6 * 4 + 3 * 3 * 4 + 36 + 3;
    expect(memory).toEqual({ weights: params * 4, optimizerState: 2 * params * 4, backup: 0, step: (params + 10 * (64 + 2 * outputs)) * 4, total: expect.any(Number) });
    expect(memory.total).toBe(memory.weights + memory.optimizerState + memory.step);
  });

  it('read as a person would say them', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100 * 1024 ** 2)).toBe('100 MiB');
    expect(formatBytes(1.374 * 1024 ** 3)).toBe('1.37 GiB');
  });
});

describe('a model too large for its backend', () => {
  it('is refused before training, with the bytes it needs and what they hold', async () => {
    const backend = planBackend(64 * 1024);
    setBackend(backend);
    const model = cnn();
    const before = model.getWeights();
    const { x, y } = digits(300);
    const needs = trainingMemory(model.layers, [8, 8, 1], model.compileConfig!, 100, backend).total;
    expect(needs).toBeGreaterThan(64 * 1024);
    const refusal = await model.fit(x, y, { batchSize: 100 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ModelTooLargeError);
    expect((refusal as Error).message).toMatch(
      new RegExp(`^This model needs ${needs.toLocaleString('en')} bytes \\(.+\\) to train 100 samples at a time on compiled JavaScript: weights .+, optimizer state .+, a copy of both .+, one step's activations and gradients .+\\. compiled JavaScript can hold 64 KiB`)
    );
    expect(model.getWeights()).toEqual(before);
    // a smaller batch fits
    await model.fit(x, y, { batchSize: 10, epochs: 1 });
    await expect(model.trainOnBatch({ data: x.data, shape: x.shape }, y)).rejects.toBeInstanceOf(ModelTooLargeError);
  });

  it('is refused by our WebAssembly heap past 1 GiB, before a byte of it is taken', async () => {
    const { createWasmBackend } = await import('../../src/lib/engine/backends/wasm/index');
    const wasm = await createWasmBackend();
    setBackend(wasm);
    // 64 filters over 28x28 digits, 4,096 at a time: a step's activations and their gradients pass 1 GiB
    const model = sequential([conv2d(64, 3, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }), flatten(), dense(10, 'softmax')], { seed: 1 });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.01 });
    const x = { data: new Float32Array(4096 * 784), shape: [4096, 28, 28, 1] };
    const y = { data: new Float32Array(4096), shape: [4096] };
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(/^This model needs [\d,]+ bytes \(1\.\d+ GiB\) to train 4096 samples at a time on WebAssembly SIMD \(our kernels\).* can hold 1 GiB/);
  });
});

describe('a compiled step that fails mid-fit', () => {
  it('leaves the model the weights of its last whole step', async () => {
    const { x, y } = digits(40);
    const batch = (i: number) => ({ x: { data: x.data.subarray(i * 640, (i + 1) * 640), shape: [10, 8, 8, 1] }, y: { data: y.data.subarray(i * 10, (i + 1) * 10), shape: [10] } });
    const healthy = cnn();
    setBackend(planBackend());
    for (let i = 0; i < 3; i++) await healthy.trainOnBatch(batch(i).x, batch(i).y);

    // 4 weight arrays a step: the 14th update is the second of the fourth step
    const failing = cnn();
    setBackend(planBackend(undefined, failingAt(14)));
    const history: History = await failing.fit(x, y, { batchSize: 10, epochs: 1, shuffle: false }).catch((e: unknown) => {
      expect(e).toEqual(new Error('the WebGL context was lost'));
      return { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
    });
    expect(history.loss).toEqual([]);
    expect(failing.getWeights()).toEqual(healthy.getWeights());
  });
});

describe('a resumed fit', () => {
  it('is the fit that was interrupted: same shuffles, same weights, one history', async () => {
    const { x, y } = digits(60);
    const whole = cnn();
    const wholeHistory = await whole.fit(x, y, { batchSize: 10, epochs: 2, seed: 9 });

    const parts = cnn();
    const stop = new AbortController();
    let reached = { epoch: 0, batch: 0, samplesSeen: 0, lossSum: 0, correct: 0 };
    await parts
      .fit(x, y, {
        batchSize: 10,
        epochs: 2,
        seed: 9,
        signal: stop.signal,
        onBatchEnd: (b) => {
          const sums = b.batch === 1 ? { lossSum: 0, correct: 0 } : reached;
          reached = { epoch: b.epoch, batch: b.batch, samplesSeen: b.samplesSeen, lossSum: sums.lossSum + b.loss * 10, correct: sums.correct + (b.accuracy ?? 0) * 10 };
          if (b.epoch === 2 && b.batch === 2) stop.abort();
        }
      })
      .catch(() => {});
    const history = { loss: wholeHistory.loss.slice(0, 1), accuracy: wholeHistory.accuracy.slice(0, 1), valLoss: [], valAccuracy: [] };
    const resumedHistory = await parts.fit(x, y, { batchSize: 10, epochs: 2, seed: 9, resume: { ...reached, history } });
    expect(parts.getWeights()).toEqual(whole.getWeights());
    expect(resumedHistory.loss[1]).toBeCloseTo(wholeHistory.loss[1], 6);
    expect(resumedHistory.accuracy).toEqual(wholeHistory.accuracy);
  });
});
