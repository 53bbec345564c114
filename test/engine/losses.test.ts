/**
 * Losses: values by hand (abs 1e-6, float32 inputs), gradients by central
 * differences of the loss itself (rel 1e-4: the loss is computed in float64, so
 * only truncation error eps^2 f''' / 6 remains, ~1e-5 here for p >= 0.05), and the
 * fused softmax cross-entropy gradient against the composed path (abs 1e-6).
 */
import { describe, expect, it } from 'vitest';
import { numericGradient, relativeError } from './gradcheck';
import {
  EPSILON,
  binaryCrossentropy,
  categoricalCrossentropy,
  lossFunctions,
  meanSquaredError,
  softmaxCrossentropyGrad,
  type LossFn
} from '../../src/lib/engine/losses';
import * as ops from '../../src/lib/engine/ops';
import { tensor, type Tensor } from '../../src/lib/engine/tensor';
import { expectClose, randomTensor, values } from './helpers';

const FD_TOL = 1e-4;

/** probabilities in [0.05, 0.95], away from the clip */
function probabilities(shape: number[], seed: number): Tensor {
  return tensor(randomTensor(shape, seed).data.map((v) => 0.05 + 0.9 / (1 + Math.exp(-v))), shape);
}

async function fdGrad(loss: LossFn, p: Tensor, y: Tensor): Promise<Tensor> {
  return numericGradient(async (pp) => loss(pp, y).loss, p, 1e-3);
}

describe('meanSquaredError', () => {
  it('is the mean of squared differences over every value, grad 2 (p - y) / size', () => {
    const { loss, grad } = meanSquaredError(tensor([1, 2, 3, 4], [2, 2]), tensor([1, 1, 1, 1], [2, 2]));
    expect(loss).toBe((0 + 1 + 4 + 9) / 4);
    expect(grad.shape).toEqual([2, 2]);
    expect(values(grad)).toEqual([0, 0.5, 1, 1.5]);
  });

  it('has the gradient of its value', async () => {
    const p = randomTensor([4, 3], 1);
    const y = randomTensor([4, 3], 2);
    expect(relativeError(meanSquaredError(p, y).grad, await fdGrad(meanSquaredError, p, y))).toBeLessThan(FD_TOL);
  });
});

describe('binaryCrossentropy', () => {
  it('-(ln 0.5 + ln 0.1) / 2 for p = [0.5, 0.9], y = [1, 0]', () => {
    const { loss, grad } = binaryCrossentropy(tensor([0.5, 0.9], [2, 1]), tensor([1, 0], [2, 1]));
    expect(loss).toBeCloseTo(-(Math.log(0.5) + Math.log(0.1)) / 2, 6);
    // -y / p + (1 - y) / (1 - p), over 2 values
    expectClose(grad, [-1 / 0.5 / 2, 1 / 0.1 / 2], 1e-5, [2, 1]);
  });

  it('clips like Keras: a confident wrong answer costs -ln(1e-7), and the clip is flat', () => {
    const { loss, grad } = binaryCrossentropy(tensor([1, 0], [2, 1]), tensor([0, 1], [2, 1]));
    expect(loss).toBeCloseTo(-Math.log(EPSILON), 4);
    expect(values(grad)).toEqual([0, 0]);
  });

  it('has the gradient of its value, soft targets included', async () => {
    const p = probabilities([5, 2], 3);
    const y = tensor([1, 0, 0, 1, 1, 1, 0, 0, 0.3, 0.8], [5, 2]);
    expect(relativeError(binaryCrossentropy(p, y).grad, await fdGrad(binaryCrossentropy, p, y))).toBeLessThan(FD_TOL);
  });
});

describe('categoricalCrossentropy', () => {
  it('-(ln 0.7 + ln 0.8) / 2 for two rows by hand', () => {
    const p = tensor([0.7, 0.2, 0.1, 0.1, 0.1, 0.8], [2, 3]);
    const y = tensor([1, 0, 0, 0, 0, 1], [2, 3]);
    expect(categoricalCrossentropy(p, y).loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8)) / 2, 6);
  });

  it('renormalises rows first, as Keras does: [2, 1, 1] counts as [0.5, 0.25, 0.25]', () => {
    const { loss } = categoricalCrossentropy(tensor([2, 1, 1], [1, 3]), tensor([1, 0, 0], [1, 3]));
    expect(loss).toBeCloseTo(Math.log(2), 6);
  });

  it('has the gradient of its value, for softmax rows and for rows that do not sum to 1', async () => {
    const y = ops.oneHot([2, 0, 1, 2], 3);
    const rows = await ops.softmax(randomTensor([4, 3], 4));
    expect(relativeError(categoricalCrossentropy(rows, y).grad, await fdGrad(categoricalCrossentropy, rows, y))).toBeLessThan(FD_TOL);
    const loose = probabilities([4, 3], 5);
    expect(relativeError(categoricalCrossentropy(loose, y).grad, await fdGrad(categoricalCrossentropy, loose, y))).toBeLessThan(FD_TOL);
  });

  it('a probability of 0 for the true class costs -ln(1e-7), not Infinity', () => {
    const { loss, grad } = categoricalCrossentropy(tensor([0, 1], [1, 2]), tensor([1, 0], [1, 2]));
    expect(loss).toBeCloseTo(-Math.log(EPSILON), 4);
    expect(values(grad).every(Number.isFinite)).toBe(true);
  });
});

/** Softmax backward written out: dz_j = p_j (g_j - sum_i g_i p_i), row by row. */
function softmaxBackward(p: Tensor, g: Tensor): number[] {
  const cols = p.shape[1];
  const out: number[] = [];
  for (let r = 0; r < p.shape[0]; r++) {
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += g.data[r * cols + j] * p.data[r * cols + j];
    for (let j = 0; j < cols; j++) out.push(p.data[r * cols + j] * (g.data[r * cols + j] - dot));
  }
  return out;
}

describe('softmaxCrossentropyGrad (fused)', () => {
  const logits = randomTensor([6, 5], 6, 2);
  const y = ops.oneHot([0, 4, 2, 2, 1, 3], 5);

  it('is (p - y) / rows', async () => {
    const p = await ops.softmax(logits);
    const fused = softmaxCrossentropyGrad(p, y);
    expectClose(fused, Array.from(p.data, (v, i) => (v - y.data[i]) / 6), 1e-7, [6, 5]);
  });

  it('equals the composed path: categoricalCrossentropy grad back through softmax (abs 1e-6)', async () => {
    const p = await ops.softmax(logits);
    expectClose(softmaxCrossentropyGrad(p, y), softmaxBackward(p, categoricalCrossentropy(p, y).grad), 1e-6);
  });

  it('equals finite differences of the loss in the logits', async () => {
    const numeric = await numericGradient(async (z) => categoricalCrossentropy(await ops.softmax(z), y).loss, logits, 1e-2);
    const fused = softmaxCrossentropyGrad(await ops.softmax(logits), y);
    // float32 softmax outputs (~6e-8 relative) over a step of 2e-2 leave ~1e-5 of noise
    expect(relativeError(fused, numeric)).toBeLessThan(1e-3);
  });
});

describe('shape checks and names', () => {
  it('names both shapes when predictions and targets differ', () => {
    const p = tensor([0.5, 0.5], [1, 2]);
    const y = tensor([1, 0, 0], [1, 3]);
    expect(() => meanSquaredError(p, y)).toThrow('meanSquaredError: predictions [1, 2] vs targets [1, 3]');
    expect(() => categoricalCrossentropy(p, y)).toThrow('predictions [1, 2] vs targets [1, 3]');
    expect(() => softmaxCrossentropyGrad(p, y)).toThrow('[1, 2] vs targets [1, 3]');
  });

  it('lists every loss by name', () => {
    expect(lossFunctions.categoricalCrossentropy).toBe(categoricalCrossentropy);
    expect(Object.keys(lossFunctions).sort()).toEqual(['binaryCrossentropy', 'categoricalCrossentropy', 'meanSquaredError']);
  });
});
