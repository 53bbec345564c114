import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/lib/engine/tensor';
import { sgd } from '../../src/lib/models/optimizers';
import { addL2Gradient, withKernelRegularizer } from '../../src/lib/models/kernelRegularizer';
import { buildModel, type ModelSpec } from '../../src/lib/models/modelSpec';

const t = (values: number[], shape = [values.length]): Tensor => ({ data: Float32Array.from(values), shape });

const spec = (l2?: number): ModelSpec => ({
  inputShape: [2],
  layers: [
    { type: 'dense', units: 3, activation: 'tanh' },
    { type: 'dense', units: 1, activation: 'sigmoid' }
  ],
  optimizer: 'sgd',
  loss: 'binaryCrossentropy',
  learningRate: 0.5,
  seed: 7,
  ...(l2 === undefined ? {} : { kernelRegularizer: { l2 } })
});

const x = t([0.5, -1, -0.25, 0.75, 1, 1, -1, 0.3], [4, 2]);
const y = t([1, 0, 1, 0], [4, 1]);

describe('addL2Gradient', () => {
  it('adds 2·l2·w to kernels only', () => {
    const weights = [t([1, -2]), t([3])];
    const grads = [t([0.1, 0.1]), t([0.5])];
    const out = addL2Gradient(weights, grads, 0.25, [true, false]);
    expect(Array.from(out[0].data)).toEqual([0.1 + 0.5, 0.1 - 1].map(Math.fround));
    expect(out[1]).toBe(grads[1]);
  });
});

describe('withKernelRegularizer', () => {
  it('keeps the inner optimiser’s name and learning rate, both ways', () => {
    const inner = sgd({ learningRate: 0.1 });
    const opt = withKernelRegularizer(inner, { l2: 0.01 }, [true]);
    expect(opt.name).toBe('sgd');
    opt.learningRate = 0.3;
    expect(inner.learningRate).toBe(0.3);
    expect(() => withKernelRegularizer(inner, { l2: -1 }, [true])).toThrow(/l2/);
    expect(() => opt.step([t([1]), t([1])], [t([1]), t([1])])).toThrow(/kernel mask/);
  });

  it('one SGD step with L2 is w − lr·(g + 2·l2·w) for kernels and w − lr·g for biases', async () => {
    const l2 = 0.03;
    const plain = buildModel(spec());
    const before = plain.getWeights();
    const { grads } = await plain.gradients(x, y);

    const regular = buildModel(spec(l2));
    expect(regular.getWeights().map((w) => Array.from(w.data))).toEqual(before.map((w) => Array.from(w.data)));
    await regular.trainOnBatch(x, y);
    const after = regular.getWeights();
    const isKernel = [true, false, true, false];
    after.forEach((w, i) => {
      w.data.forEach((v, j) => {
        const decay = isKernel[i] ? 2 * l2 * before[i].data[j] : 0;
        expect(v).toBeCloseTo(before[i].data[j] - 0.5 * (grads[i].data[j] + decay), 6);
      });
    });
    // and it differs from the unregularised step where a kernel is not zero
    await plain.trainOnBatch(x, y);
    expect(Array.from(plain.getWeights()[0].data)).not.toEqual(Array.from(after[0].data));
    expect(Array.from(plain.getWeights()[1].data)).toEqual(Array.from(after[1].data));
  });

  it('shrinks the kernels when the data gives no gradient at all', async () => {
    // targets equal to the predictions leave only the penalty's pull towards 0
    const model = buildModel({ ...spec(0.5), loss: 'meanSquaredError', layers: [{ type: 'dense', units: 1 }] });
    const out = await model.predict(x);
    const norm = (ws: Tensor[]) => Math.hypot(...ws[0].data);
    const start = norm(model.getWeights());
    await model.trainOnBatch(x, out);
    // w ← w − 0.5·(2·0.5·w) = 0.5·w
    expect(norm(model.getWeights())).toBeCloseTo(start * 0.5, 5);
  });
});
