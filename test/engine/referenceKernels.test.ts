/**
 * Hand-computed values for every reference kernel, through the ops (the reference
 * backend is the default). Exact arithmetic cases use toEqual; where float32
 * rounding enters, the tolerance is stated.
 */
import { describe, expect, it } from 'vitest';
import * as ops from '../../src/lib/engine/ops';
import { tensor } from '../../src/lib/engine/tensor';
import { expectClose, randomTensor, values } from './helpers';

describe('matmul', () => {
  const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = tensor([7, 8, 9, 10, 11, 12], [3, 2]);

  it('multiplies a [2, 3] by b [3, 2] by hand', async () => {
    const c = await ops.matmul(a, b);
    expect(c.shape).toEqual([2, 2]);
    expect(values(c)).toEqual([58, 64, 139, 154]);
  });

  it('gives the same product for every transpose flag', async () => {
    const aT = ops.transpose2d(a);
    const bT = ops.transpose2d(b);
    expect(values(await ops.matmul(aT, b, true, false))).toEqual([58, 64, 139, 154]);
    expect(values(await ops.matmul(a, bT, false, true))).toEqual([58, 64, 139, 154]);
    expect(values(await ops.matmul(aT, bT, true, true))).toEqual([58, 64, 139, 154]);
  });

  it('matches a float64 triple loop on random non-square matrices (abs 1e-5)', async () => {
    const x = randomTensor([5, 7], 1);
    const y = randomTensor([7, 3], 2);
    const expected: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 7; k++) s += x.data[i * 7 + k] * y.data[k * 3 + j];
        expected.push(s);
      }
    }
    expectClose(await ops.matmul(x, y), expected, 1e-5, [5, 3]);
    expectClose(await ops.matmul(ops.transpose2d(x), y, true), expected, 1e-5, [5, 3]);
    expectClose(await ops.matmul(x, ops.transpose2d(y), false, true), expected, 1e-5, [5, 3]);
  });
});

describe('elementwise', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);

  it('adds a bias [3] or [1, 3] to every row of [2, 3], either way round', async () => {
    const bias = tensor([10, 20, 30], [3]);
    expect(values(await ops.add(x, bias))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(values(await ops.add(x, tensor([10, 20, 30], [1, 3])))).toEqual([11, 22, 33, 14, 25, 36]);
    const swapped = await ops.add(bias, x);
    expect(swapped.shape).toEqual([2, 3]);
    expect(values(swapped)).toEqual([11, 22, 33, 14, 25, 36]);
  });

  it('broadcasts a trailing [2, 2] over a [3, 2, 2] stack', async () => {
    const stack = tensor([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], [3, 2, 2]);
    const m = tensor([1, 2, 3, 4], [2, 2]);
    expect(values(await ops.mul(stack, m))).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 2, 4, 6, 8]);
  });

  it('takes numbers and size-1 tensors as scalars', async () => {
    expect(values(await ops.sub(x, 1))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(values(await ops.div(x, tensor([2], [1])))).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
    expect(values(await ops.scale(x, -2))).toEqual([-2, -4, -6, -8, -10, -12]);
  });

  it('keeps a - b and a / b in order', async () => {
    const y = tensor([6, 5, 4, 3, 2, 1], [2, 3]);
    expect(values(await ops.sub(x, y))).toEqual([-5, -3, -1, 1, 3, 5]);
    expect(values(await ops.div(tensor([1, 8], [2]), tensor([4, 2], [2])))).toEqual([0.25, 4]);
  });

  it('takes the elementwise maximum and minimum', async () => {
    const y = tensor([3, 3, 3, 3, 3, 3], [2, 3]);
    expect(values(await ops.maximum(x, y))).toEqual([3, 3, 3, 4, 5, 6]);
    expect(values(await ops.minimum(x, 3))).toEqual([1, 2, 3, 3, 3, 3]);
  });
});

describe('unary', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 2], [5]);

  it('relu, step (step(0) = 1) and sign (sign(0) = 0)', async () => {
    expect(values(await ops.relu(x))).toEqual([0, 0, 0, 0.5, 2]);
    expect(values(await ops.step(x))).toEqual([0, 0, 1, 1, 1]);
    expect(values(await ops.sign(tensor([-3, -0, 0, 0.25], [4])))).toEqual([-1, 0, 0, 1]);
  });

  it('sigmoid and tanh at known points, saturating without NaN (abs 1e-7)', async () => {
    expectClose(await ops.sigmoid(tensor([0, Math.log(3), -1000, 1000], [4])), [0.5, 0.75, 0, 1], 1e-7);
    expectClose(await ops.tanh(tensor([0, Math.atanh(0.5), -50], [3])), [0, 0.5, -1], 1e-7);
  });

  it('derivatives in terms of the input: sigmoid\'(0) = 1/4, tanh\'(0) = 1, relu\'(0) = 0', async () => {
    expectClose(await ops.sigmoidGrad(tensor([0, Math.log(3)], [2])), [0.25, 0.75 * 0.25], 1e-7);
    expectClose(await ops.tanhGrad(tensor([0, Math.atanh(0.5)], [2])), [1, 0.75], 1e-7);
    expect(values(await ops.reluGrad(x))).toEqual([0, 0, 0, 1, 1]);
  });

  it('exp, log, neg, square, sqrt, abs (abs 1e-6)', async () => {
    const p = tensor([0.25, 1, 4], [3]);
    expectClose(await ops.exp(tensor([0, 1], [2])), [1, Math.E], 1e-6);
    expectClose(await ops.log(p), [Math.log(0.25), 0, Math.log(4)], 1e-6);
    expect(values(await ops.neg(p))).toEqual([-0.25, -1, -4]);
    expect(values(await ops.square(p))).toEqual([0.0625, 1, 16]);
    expect(values(await ops.sqrt(p))).toEqual([0.5, 1, 2]);
    expect(values(await ops.abs(x))).toEqual([2, 0.5, 0, 0.5, 2]);
  });
});

describe('softmax', () => {
  it('gives [1/3, 2/3] for logits [0, ln 2] (abs 1e-7)', async () => {
    expectClose(await ops.softmax(tensor([0, Math.log(2)], [1, 2])), [1 / 3, 2 / 3], 1e-7, [1, 2]);
  });

  it('rows sum to 1 and are shift invariant, even for logits near 1000 (abs 1e-6)', async () => {
    // quarter steps, so that adding 1000 is exact in float32 and only softmax is under test
    const logits = tensor(randomTensor([6, 10], 3, 20).data.map(Math.round).map((v) => v / 4), [6, 10]);
    const p = await ops.softmax(logits);
    const shifted = await ops.softmax(await ops.add(logits, 1000));
    expect(values(shifted).every(Number.isFinite)).toBe(true);
    expectClose(shifted, p.data, 1e-6);
    expectClose(await ops.sum(p, 1), new Array(6).fill(1), 1e-6);
    expectClose(await ops.softmax(tensor([1000, 1001, -1000], [3])), [1 / (1 + Math.E), Math.E / (1 + Math.E), 0], 1e-7);
  });
});

describe('sum and mean', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);

  it('reduces one axis or everything', async () => {
    const s0 = await ops.sum(x, 0);
    expect(s0.shape).toEqual([3]);
    expect(values(s0)).toEqual([5, 7, 9]);
    expect(values(await ops.sum(x, 1))).toEqual([6, 15]);
    expect(values(await ops.sum(x, -1))).toEqual([6, 15]);
    const all = await ops.sum(x, null);
    expect(all.shape).toEqual([]);
    expect(values(all)).toEqual([21]);
    expect(values(await ops.mean(x, 0))).toEqual([2.5, 3.5, 4.5]);
    expect(values(await ops.mean(x))).toEqual([3.5]);
  });

  it('reduces the middle axis of a rank-3 tensor', async () => {
    const t = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    const s = await ops.sum(t, 1);
    expect(s.shape).toEqual([2, 2]);
    expect(values(s)).toEqual([9, 12, 27, 30]);
  });
});

describe('dense', () => {
  it('computes act(x @ w + b) by hand', async () => {
    const x = tensor([1, 2, -1, 0], [2, 2]);
    const w = tensor([1, 0, 1, 0, 1, 1], [2, 3]);
    const b = tensor([0.5, -3, 0], [3]);
    expect(values(await ops.dense(x, w, b, 'linear'))).toEqual([1.5, -1, 3, -0.5, -3, -1]);
    expect(values(await ops.dense(x, w, b, 'relu'))).toEqual([1.5, 0, 3, 0, 0, 0]);
  });

  it('equals the composed ops for every activation (abs 1e-6)', async () => {
    const x = randomTensor([4, 5], 4);
    const w = randomTensor([5, 3], 5);
    const b = randomTensor([3], 6);
    const z = await ops.add(await ops.matmul(x, w), b);
    const composed = {
      linear: z,
      sigmoid: await ops.sigmoid(z),
      tanh: await ops.tanh(z),
      relu: await ops.relu(z),
      softmax: await ops.softmax(z)
    };
    for (const [act, expected] of Object.entries(composed)) {
      expectClose(await ops.dense(x, w, b, act as keyof typeof composed), expected.data, 1e-6, [4, 3]);
    }
  });
});
