/**
 * What the ops add on top of the kernels: input checks whose messages name both
 * shapes, Keras defaults, backend switching, and the synchronous shape helpers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/lib/engine/backend';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import * as ops from '../../src/lib/engine/ops';
import { tensor, zeros } from '../../src/lib/engine/tensor';
import { values } from './helpers';

describe('errors name both shapes', () => {
  it('matmul', async () => {
    await expect(ops.matmul(zeros([32, 784]), zeros([128, 10]))).rejects.toThrow(
      'matmul: inner dimensions differ: a [32, 784] vs b [128, 10]'
    );
    await expect(ops.matmul(zeros([3, 2]), zeros([3, 4]), false, true)).rejects.toThrow(
      'matmul: inner dimensions differ: a [3, 2] vs b [3, 4] (transposed)'
    );
    await expect(ops.matmul(zeros([2, 3, 4]), zeros([4, 2]))).rejects.toThrow('matmul: a must have rank 2, got [2, 3, 4]');
  });

  it('elementwise broadcasting', async () => {
    await expect(ops.add(zeros([2, 4]), zeros([3]))).rejects.toThrow('add: cannot broadcast a [2, 4] with b [3]');
    // sub does not commute, so [3] - [2, 3] is refused rather than silently reversed
    await expect(ops.sub(zeros([3]), zeros([2, 3]))).rejects.toThrow('sub: cannot broadcast a [3] with b [2, 3]');
    await expect(ops.div(zeros([2, 3]), zeros([1, 2, 3]))).rejects.toThrow('div: cannot broadcast a [2, 3] with b [1, 2, 3]');
    await expect(ops.maximum(zeros([2, 3]), zeros([2, 1]))).rejects.toThrow('maximum: cannot broadcast a [2, 3] with b [2, 1]');
  });

  it('dense', async () => {
    await expect(ops.dense(zeros([4, 3]), zeros([5, 2]), zeros([2]))).rejects.toThrow(
      'dense: input size differs: x [4, 3] vs w [5, 2]'
    );
    await expect(ops.dense(zeros([4, 3]), zeros([3, 2]), zeros([3]))).rejects.toThrow('w [3, 2], got b [3]');
  });

  it('conv2d and its gradients', async () => {
    const same = { strides: 1, padding: 'same' } as const;
    await expect(ops.conv2d(zeros([1, 5, 5, 3]), zeros([3, 3, 1, 8]), same)).rejects.toThrow(
      'conv2d: input channels differ: x [1, 5, 5, 3] vs kernel [3, 3, 1, 8]'
    );
    await expect(ops.conv2d(zeros([1, 4, 4, 1]), zeros([5, 5, 1, 1]))).rejects.toThrow(
      "conv2d: kernel [5, 5, 1, 1] does not fit in x [1, 4, 4, 1] with 'valid' padding"
    );
    await expect(ops.conv2d(zeros([5, 5, 1]), zeros([3, 3, 1, 1]))).rejects.toThrow('conv2d: x must have rank 4, got [5, 5, 1]');
    await expect(ops.conv2d(zeros([1, 5, 5, 1]), zeros([3, 3, 1, 1]), { strides: 0 })).rejects.toThrow(
      'conv2d: strides must be positive integers, got [0, 0]'
    );
    await expect(ops.conv2dBackpropInput(zeros([1, 3, 3, 2]), zeros([3, 3, 1, 2]), [1, 5, 5, 1], same)).rejects.toThrow(
      'conv2dBackpropInput: dy [1, 3, 3, 2] vs conv2d output [1, 5, 5, 2] of x [1, 5, 5, 1] and kernel [3, 3, 1, 2]'
    );
    await expect(ops.conv2dBackpropFilter(zeros([1, 5, 5, 1]), zeros([1, 5, 5, 3]), [3, 3, 1, 2], same)).rejects.toThrow(
      'conv2dBackpropFilter: dy [1, 5, 5, 3] vs conv2d output [1, 5, 5, 2] of x [1, 5, 5, 1] and kernel [3, 3, 1, 2]'
    );
  });

  it('max-pooling', async () => {
    await expect(ops.maxPool2d(zeros([1, 1, 4, 1]), { poolSize: 2 })).rejects.toThrow(
      "maxPool2d: poolSize [2, 2] does not fit in x [1, 1, 4, 1] with 'valid' padding"
    );
    await expect(ops.maxPool2dBackprop(zeros([1, 2, 2, 1]), zeros([1, 6, 6, 1]), { poolSize: 2 })).rejects.toThrow(
      'maxPool2dBackprop: dy [1, 2, 2, 1] vs maxPool2d output [1, 3, 3, 1] of x [1, 6, 6, 1]'
    );
  });

  it('reductions and malformed tensors', async () => {
    await expect(ops.sum(zeros([2, 3]), 2)).rejects.toThrow('sum: axis 2 is out of range for x [2, 3]');
    await expect(ops.mean(zeros([2, 3]), -3)).rejects.toThrow('mean: axis -3 is out of range for x [2, 3]');
    await expect(ops.relu({ data: new Float32Array(5), shape: [2, 3] })).rejects.toThrow('relu: x has 5 values but shape [2, 3]');
  });
});

describe('Keras defaults', () => {
  it('conv2d: strides 1, valid; maxPool2d: strides = poolSize, valid', async () => {
    const x = tensor(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    expect((await ops.conv2d(x, zeros([3, 3, 1, 2]))).shape).toEqual([1, 2, 2, 2]);
    const pooled = await ops.maxPool2d(x, { poolSize: 2 });
    expect(values(pooled)).toEqual([5, 7, 13, 15]);
  });
});

describe('backend switching', () => {
  afterEach(() => ops.setBackend(referenceBackend));

  it('defaults to the reference backend', () => {
    expect(ops.getBackend()).toBe(referenceBackend);
    expect(referenceBackend.name).toBe('reference');
    expect(referenceBackend.label).toBe('plain JavaScript');
  });

  it('routes every op to the backend set last', async () => {
    const calls: string[] = [];
    const counting: Backend = {
      ...referenceBackend,
      name: 'counting',
      matmul: (...args) => (calls.push('matmul'), referenceBackend.matmul(...args)),
      unary: (...args) => (calls.push(args[0]), referenceBackend.unary(...args))
    };
    ops.setBackend(counting);
    expect(ops.getBackend().name).toBe('counting');
    await ops.matmul(zeros([1, 2]), zeros([2, 1]));
    await ops.tanhGrad(zeros([3]));
    expect(calls).toEqual(['matmul', 'tanhGrad']);
  });
});

describe('shape and index helpers', () => {
  it('reshape shares the data and infers one -1', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = ops.reshape(x, [3, -1]);
    expect(y.shape).toEqual([3, 2]);
    expect(y.data).toBe(x.data);
    expect(() => ops.reshape(x, [4, -1])).toThrow('reshape: cannot reshape x [2, 3] (6 values) to [4, -1]');
    expect(() => ops.reshape(x, [-1, -1])).toThrow('to [-1, -1]');
    expect(() => ops.reshape(x, [5])).toThrow('to [5]');
  });

  it('transpose2d swaps rows and columns', () => {
    const t = ops.transpose2d(tensor([1, 2, 3, 4, 5, 6], [2, 3]));
    expect(t.shape).toEqual([3, 2]);
    expect(values(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('oneHot puts one 1 per row and refuses labels outside the classes', () => {
    const y = ops.oneHot([2, 0, 1], 3);
    expect(y.shape).toEqual([3, 3]);
    expect(values(y)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(() => ops.oneHot([0, 3], 3)).toThrow('oneHot: label 3 at index 1 is not a class in 0..2');
    expect(() => ops.oneHot([0.5], 3)).toThrow('label 0.5');
  });

  it('argMax picks the first largest value of each row', () => {
    const i = ops.argMax(tensor([0.1, 0.7, 0.2, 5, 5, -1, -3, -2, -2], [3, 3]));
    expect(i).toBeInstanceOf(Int32Array);
    expect(Array.from(i)).toEqual([1, 0, 1]);
  });
});
