/**
 * The backward kernels against the forward ones they differentiate. For dy = r
 * (random), d/dx sum(conv2d(x, k) * r) is exactly conv2dBackpropInput(r, k), and
 * likewise for the filter and for max-pooling, so central differences of that
 * weighted sum check the whole Jacobian product. Every check runs on each backend listed
 * below (ops switched to it), so a backend's backward kernels are checked against its own
 * forward kernels, not only against the reference's.
 *
 * Tolerances: conv2d and max-pooling are (piecewise) linear, so central differences
 * have no truncation error; what is left is float32 rounding of the forward outputs
 * (~1e-7 relative) divided by the step 2 eps = 2e-2, well under the 1e-3 relative
 * (2-norm) bound used here. A wrong index, a missing window or a flipped kernel
 * gives errors of order 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Padding } from '../../src/lib/engine/backend';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { createWasmBackend } from '../../src/lib/engine/backends/wasm/index';
import { numericGradient, relativeError, weightedSum } from './gradcheck';
import * as ops from '../../src/lib/engine/ops';
import { createRandom, permutation } from '../../src/lib/random';
import { tensor, type Tensor } from '../../src/lib/engine/tensor';
import { randomTensor } from './helpers';

const FD_TOL = 1e-3;
const EPS = 1e-2;

interface ConvCase {
  x: [number, number, number, number];
  k: [number, number, number, number];
  strides: [number, number];
  padding: Padding;
}

const convCases: ConvCase[] = [
  { x: [2, 5, 5, 3], k: [3, 3, 3, 4], strides: [1, 1], padding: 'same' },
  { x: [2, 5, 5, 3], k: [3, 3, 3, 4], strides: [1, 1], padding: 'valid' },
  { x: [2, 5, 5, 3], k: [3, 3, 3, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 6, 6, 2], k: [3, 3, 2, 2], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 1], k: [2, 2, 1, 3], strides: [2, 2], padding: 'same' },
  { x: [1, 6, 7, 2], k: [2, 3, 2, 3], strides: [2, 1], padding: 'same' },
  { x: [1, 7, 6, 2], k: [3, 2, 2, 2], strides: [1, 2], padding: 'valid' },
  { x: [1, 4, 4, 2], k: [4, 4, 2, 1], strides: [1, 1], padding: 'valid' }
];

const name = (c: ConvCase) => `x [${c.x}] k [${c.k}] strides [${c.strides}] ${c.padding}`;

/** Distinct values 0.01 apart in random order: an eps of 1e-3 never changes a window's maximum. */
function distinctTensor(shape: readonly number[], seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const order = permutation(size, createRandom(seed));
  return tensor(Float32Array.from(order, (v) => (v - size / 2) * 0.01), shape);
}

const poolCases = [
  { x: [2, 4, 4, 3], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 2], poolSize: [2, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 5, 5, 2], poolSize: [3, 3], strides: [2, 2], padding: 'same' },
  { x: [1, 4, 5, 1], poolSize: [2, 2], strides: [1, 1], padding: 'valid' },
  { x: [1, 5, 6, 2], poolSize: [2, 3], strides: [1, 2], padding: 'same' },
  { x: [2, 7, 7, 1], poolSize: [3, 3], strides: [2, 2], padding: 'valid' }
] as const;

/** Every backend whose kernels are checked here: the ops below run on it. */
const backends: [string, () => Promise<Backend>][] = [
  ['reference', async () => referenceBackend],
  ['wasm', createWasmBackend]
];

for (const [title, create] of backends) {
  describe(`on ${title}`, () => {
    beforeAll(async () => {
      const backend = await create();
      ops.setBackend(backend);
      return () => {
        ops.setBackend(referenceBackend);
        backend.dispose();
      };
    });

    describe('conv2d gradients', () => {
      it.each(convCases)('conv2dBackpropInput = finite differences in x: $padding %#', async (c) => {
        const opts = { strides: c.strides, padding: c.padding };
        const x = randomTensor(c.x, 11);
        const k = randomTensor(c.k, 12);
        const y = await ops.conv2d(x, k, opts);
        const r = randomTensor(y.shape, 13);
        const analytic = await ops.conv2dBackpropInput(r, k, x.shape, opts);
        const numeric = await numericGradient(async (xp) => weightedSum(await ops.conv2d(xp, k, opts), r), x, EPS);
        expect(analytic.shape).toEqual(c.x);
        expect(relativeError(analytic, numeric), name(c)).toBeLessThan(FD_TOL);
      });

      it.each(convCases)('conv2dBackpropFilter = finite differences in the kernel: $padding %#', async (c) => {
        const opts = { strides: c.strides, padding: c.padding };
        const x = randomTensor(c.x, 21);
        const k = randomTensor(c.k, 22);
        const y = await ops.conv2d(x, k, opts);
        const r = randomTensor(y.shape, 23);
        const analytic = await ops.conv2dBackpropFilter(x, r, k.shape, opts);
        const numeric = await numericGradient(async (kp) => weightedSum(await ops.conv2d(x, kp, opts), r), k, EPS);
        expect(analytic.shape).toEqual(c.k);
        expect(relativeError(analytic, numeric), name(c)).toBeLessThan(FD_TOL);
      });

      it.each(convCases)('<conv2d(x, k), r> = <x, backpropInput(r)> = <k, backpropFilter(r)> (rel 1e-5): %#', async (c) => {
        // conv2d is bilinear, so its adjoints satisfy this identity up to float32 rounding only
        const opts = { strides: c.strides, padding: c.padding };
        const x = randomTensor(c.x, 31);
        const k = randomTensor(c.k, 32);
        const y = await ops.conv2d(x, k, opts);
        const r = randomTensor(y.shape, 33);
        const forward = weightedSum(y, r);
        const viaInput = weightedSum(x, await ops.conv2dBackpropInput(r, k, x.shape, opts));
        const viaFilter = weightedSum(k, await ops.conv2dBackpropFilter(x, r, k.shape, opts));
        const scale = Math.max(1, Math.abs(forward));
        expect(Math.abs(viaInput - forward) / scale, name(c)).toBeLessThan(1e-5);
        expect(Math.abs(viaFilter - forward) / scale, name(c)).toBeLessThan(1e-5);
      });
    });

    describe('maxPool2d gradient', () => {
      it.each(poolCases)('maxPool2dBackprop = finite differences: pool $poolSize strides $strides $padding', async (c) => {
        const x = distinctTensor(c.x, 41);
        const y = await ops.maxPool2d(x, c);
        const r = randomTensor(y.shape, 42);
        const analytic = await ops.maxPool2dBackprop(r, x, c);
        const numeric = await numericGradient(async (xp) => weightedSum(await ops.maxPool2d(xp, c), r), x, 1e-3);
        expect(analytic.shape).toEqual(c.x);
        expect(relativeError(analytic, numeric)).toBeLessThan(FD_TOL);
      });
    });

    describe('activation derivatives', () => {
      // smooth functions: truncation error eps^2 f''' / 6 ~ 2e-5 at eps = 1e-2, plus float32 rounding / 2 eps ~ 1e-5
      const x = tensor(randomTensor([40], 51, 2).data.map((v) => (Math.abs(v) < 0.05 ? v + 0.1 : v)), [40]);
      const r = randomTensor([40], 52);
      const cases = [
        ['sigmoid', ops.sigmoid, ops.sigmoidGrad],
        ['tanh', ops.tanh, ops.tanhGrad],
        // x is kept 0.05 away from relu's kink so the step does not cross it
        ['relu', ops.relu, ops.reluGrad]
      ] as const;

      it.each(cases)('%s: d/dx matches finite differences (rel 1e-3)', async (_, f, grad) => {
        const analytic = await ops.mul(await grad(x), r);
        const numeric = await numericGradient(async (xp) => weightedSum(await f(xp), r), x, EPS);
        expect(relativeError(analytic, numeric)).toBeLessThan(1e-3);
      });
    });
  });
}
