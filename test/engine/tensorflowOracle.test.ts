/**
 * The reference backend against TensorFlow.js (its plain-JS 'cpu' backend), an
 * independent implementation of the same Keras semantics: NHWC convolution with
 * TensorFlow's padding, max-pooling, softmax and the Keras losses. Tolerances are
 * float32 ones: abs 1e-4 on values of order 1-10 that sum up to 27 products.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Padding } from '../../src/lib/engine/backend';
import { binaryCrossentropy, categoricalCrossentropy, meanSquaredError } from '../../src/lib/engine/losses';
import * as ops from '../../src/lib/engine/ops';
import { tensor, type Tensor } from '../../src/lib/engine/tensor';
import { expectClose, randomTensor } from './helpers';

const TOL = 1e-4;

const tfOf = (t: Tensor) => tf.tensor(t.data, [...t.shape]);
const asNumbers = (t: tf.Tensor) => t.dataSync() as Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const convCases: { x: number[]; k: number[]; s: [number, number]; p: Padding }[] = [
  { x: [2, 7, 7, 3], k: [3, 3, 3, 4], s: [1, 1], p: 'same' },
  { x: [2, 7, 7, 3], k: [3, 3, 3, 4], s: [2, 2], p: 'same' },
  { x: [1, 8, 6, 2], k: [4, 3, 2, 3], s: [2, 2], p: 'same' },
  { x: [1, 8, 6, 2], k: [5, 2, 2, 3], s: [3, 1], p: 'valid' },
  { x: [3, 6, 6, 1], k: [2, 2, 1, 2], s: [2, 2], p: 'valid' }
];

describe('conv2d and its gradients equal TensorFlow.js', () => {
  it.each(convCases)('x $x, kernel $k, strides $s, $p', async ({ x: xs, k: ks, s, p }) => {
    const x = randomTensor(xs, 1);
    const k = randomTensor(ks, 2);
    const opts = { strides: s, padding: p };
    const y = await ops.conv2d(x, k, opts);
    const tfY = tf.conv2d(tfOf(x) as tf.Tensor4D, tfOf(k) as tf.Tensor4D, s, p);
    expectClose(y, asNumbers(tfY), TOL, tfY.shape);

    const r = randomTensor(y.shape, 3);
    const objective = (xi: tf.Tensor, ki: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, ki as tf.Tensor4D, s, p), tfOf(r)));
    const [dx, dk] = tf.grads(objective)([tfOf(x), tfOf(k)]);
    expectClose(await ops.conv2dBackpropInput(r, k, x.shape, opts), asNumbers(dx), TOL, xs);
    expectClose(await ops.conv2dBackpropFilter(x, r, k.shape, opts), asNumbers(dk), TOL, ks);
  });
});

describe('maxPool2d equals TensorFlow.js', () => {
  const cases = [
    { x: [2, 6, 6, 2], pool: [2, 2], s: [2, 2], p: 'valid' },
    { x: [1, 5, 7, 3], pool: [3, 3], s: [2, 2], p: 'same' },
    { x: [1, 5, 5, 1], pool: [2, 3], s: [1, 2], p: 'same' }
  ] as const;
  it.each(cases)('x $x, pool $pool, strides $s, $p', async ({ x: xs, pool, s, p }) => {
    const x = randomTensor(xs, 4);
    const y = await ops.maxPool2d(x, { poolSize: pool, strides: s, padding: p });
    const tfY = tf.maxPool(tfOf(x) as tf.Tensor4D, [pool[0], pool[1]], [s[0], s[1]], p);
    expectClose(y, asNumbers(tfY), 0, tfY.shape);
  });
});

describe('softmax, matmul and the losses equal TensorFlow.js', () => {
  it('softmax and transposed matmul', async () => {
    const z = randomTensor([5, 7], 5, 3);
    expectClose(await ops.softmax(z), asNumbers(tf.softmax(tfOf(z))), 1e-6);
    const a = randomTensor([6, 4], 6);
    const b = randomTensor([5, 6], 7);
    expectClose(await ops.matmul(a, b, true, true), asNumbers(tf.matMul(tfOf(a), tfOf(b), true, true)), 1e-5);
  });

  it('mean squared error, binary and categorical cross-entropy (abs 5e-6)', () => {
    const p = tensor(randomTensor([8, 4], 8).data.map((v) => 1 / (1 + Math.exp(-v))), [8, 4]);
    const yBinary = tensor(randomTensor([8, 4], 9).data.map((v) => (v > 0 ? 1 : 0)), [8, 4]);
    const yClass = ops.oneHot([0, 3, 1, 1, 2, 0, 3, 2], 4);
    const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0];
    expect(meanSquaredError(p, yBinary).loss).toBeCloseTo(mean(tf.metrics.meanSquaredError(tfOf(yBinary), tfOf(p))), 5);
    expect(binaryCrossentropy(p, yBinary).loss).toBeCloseTo(mean(tf.metrics.binaryCrossentropy(tfOf(yBinary), tfOf(p))), 5);
    expect(categoricalCrossentropy(p, yClass).loss).toBeCloseTo(
      mean(tf.metrics.categoricalCrossentropy(tfOf(yClass), tfOf(p))),
      5
    );
  });
});
