/**
 * The one suite every backend runs: each kernel on seeded random inputs of several
 * shapes, compared with the reference backend (plain TypeScript, float64 sums).
 *
 * Tolerance. A float32 backend adds its terms in float32, in its own order; the
 * reference adds them in float64. The error of a float32 sum of t terms is bounded by
 * t * 2^-24 * (sum of |terms|) whatever the order (Higham, "Accuracy and Stability of
 * Numerical Algorithms", 3.1), so for every output we bound the difference by that,
 * computed from the same kernel run on |inputs| ("magnitude"), plus a few ulps of the
 * result for exp/log/division. The bound is rigorous (it cannot flake) and tight
 * enough that a wrong index, a missed padding row or a lost term (errors of the order
 * of the magnitude itself) fails it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Backend, BinaryOp, Conv2dOptions, Padding, Pool2dOptions, UnaryOp } from '../../src/lib/engine/backend';
import { referenceBackend as ref } from '../../src/lib/engine/backends/reference/index';
import type { Tensor } from '../../src/lib/engine/tensor';
import { createRandom, gaussian } from '../../src/lib/random';

const eps = 2 ** -24;
/** a few ulps of the result: covers exp, log, tanh and division in float32 (GLSL highp allows ~3 ulp) */
const relTol = 8 * eps * 4;
const absTol = 1e-6;

type Sampler = () => number;

function randomTensor(shape: number[], seed: number, sample?: (r: () => number) => number): Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  const draw: Sampler = sample ? () => sample(random) : () => gaussian(random);
  for (let i = 0; i < size; i++) data[i] = draw();
  return { data, shape };
}

function abs(t: Tensor): Tensor {
  return { data: t.data.map(Math.abs), shape: t.shape };
}

/**
 * Expects got to match want elementwise within absTol + relTol * |want| + terms * eps *
 * magnitude (magnitude: the same computation on |inputs|, or |want| where exact).
 */
export function expectClose(got: Tensor, want: Tensor, terms = 1, magnitude: Tensor = abs(want)): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.data.length).toBe(want.data.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.data.length; i++) {
    const bound = absTol + relTol * Math.abs(want.data[i]) + 2 * terms * eps * magnitude.data[i];
    const error = Math.abs(got.data[i] - want.data[i]);
    // !(error <= bound) also catches NaN
    if (!(error <= bound) && (worstAt < 0 || error / bound > worst)) {
      worst = error / bound;
      worstAt = i;
    }
  }
  if (worstAt >= 0) {
    expect.fail(
      `value ${worstAt}: got ${got.data[worstAt]}, want ${want.data[worstAt]} ` +
        `(error ${Math.abs(got.data[worstAt] - want.data[worstAt]).toExponential(2)}, ${worst.toFixed(1)}x the bound)`
    );
  }
}

const unaryOps: UnaryOp[] = [
  'sigmoid', 'tanh', 'relu', 'step', 'sign', 'exp', 'log', 'neg', 'square', 'sqrt', 'abs',
  'sigmoidGrad', 'tanhGrad', 'reluGrad'
];
const binaryOps: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
const activations: Activation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'softmax'];

/** [x shape, kernel shape, strides, padding]: odd sizes, batch 1, strides 1 and 2 (and mixed), both paddings, even kernels */
const convCases: [number[], number[], [number, number], Padding][] = [
  [[1, 5, 5, 1], [3, 3, 1, 2], [1, 1], 'same'],
  [[1, 5, 5, 1], [3, 3, 1, 2], [1, 1], 'valid'],
  [[2, 7, 6, 3], [3, 3, 3, 4], [2, 2], 'valid'],
  [[2, 7, 6, 3], [3, 3, 3, 4], [2, 2], 'same'],
  [[2, 9, 9, 2], [5, 5, 2, 3], [1, 1], 'same'],
  [[1, 8, 7, 2], [2, 2, 2, 5], [1, 2], 'same'],
  [[3, 6, 6, 4], [4, 3, 4, 1], [2, 1], 'valid'],
  // the CNN's first layer on 4 digits: 25,088 output cells, the threaded path
  [[4, 28, 28, 1], [5, 5, 1, 8], [1, 1], 'same']
];

/** [x shape, pool, strides, padding]: non-overlapping, overlapping, strided past the window, the CNN's 3/3 on 14 */
const poolCases: [number[], [number, number], [number, number], Padding][] = [
  [[1, 4, 4, 1], [2, 2], [2, 2], 'valid'],
  [[2, 5, 7, 3], [2, 2], [2, 2], 'same'],
  [[2, 7, 7, 2], [3, 3], [2, 2], 'same'],
  [[1, 6, 5, 4], [3, 3], [1, 1], 'valid'],
  [[2, 14, 14, 3], [3, 3], [3, 3], 'same'],
  [[1, 9, 8, 2], [2, 3], [3, 2], 'valid'],
  [[4, 28, 28, 8], [2, 2], [2, 2], 'valid']
];

function describeConv(c: [number[], number[], [number, number], Padding]): string {
  return `x ${c[0].join('x')}, kernel ${c[1].join('x')}, strides ${c[2].join(',')}, ${c[3]}`;
}

/**
 * Registers the whole suite for one backend. `create` builds it (once, before the
 * tests); the suite disposes it at the end.
 */
export function backendSuite(title: string, create: () => Promise<Backend>): void {
  describe(`backend suite: ${title}`, () => {
    let be: Backend;
    beforeAll(async () => {
      be = await create();
      return () => be.dispose();
    });

    describe('matmul', () => {
      const cases: [number[], number[], boolean, boolean][] = [
        [[1, 3], [3, 5], false, false],
        [[7, 13], [13, 5], false, false],
        [[8, 20], [20, 12], false, false],
        [[32, 784], [784, 16], false, false],
        [[9, 6], [9, 4], true, false],
        [[12, 7], [5, 7], false, true],
        [[7, 12], [5, 7], true, true],
        [[4, 1], [1, 3], false, false],
        // 4,096 output cells or more: large enough for webasm's threaded path
        [[64, 50], [50, 256], false, false],
        [[50, 66], [256, 50], true, true]
      ];
      for (const [sa, sb, ta, tb] of cases) {
        it(`${sa.join('x')}${ta ? 'ᵀ' : ''} @ ${sb.join('x')}${tb ? 'ᵀ' : ''}`, async () => {
          const a = randomTensor(sa, 1);
          const b = randomTensor(sb, 2);
          const got = await be.matmul(a, b, ta, tb);
          const want = await ref.matmul(a, b, ta, tb);
          const k = ta ? sa[0] : sa[1];
          expectClose(got, want, k, await ref.matmul(abs(a), abs(b), ta, tb));
        });
      }
    });

    describe('binary', () => {
      const pairs: [number[], number[]][] = [
        [[5, 7], [5, 7]],
        [[3, 4, 6], [6]],
        [[3, 4, 6], [4, 6]],
        [[11], []],
        [[1, 1], [1]]
      ];
      for (const op of binaryOps) {
        for (const [sa, sb] of pairs) {
          it(`${op} ${sa.join('x')} with ${sb.join('x') || 'scalar'}`, async () => {
            const a = randomTensor(sa, 3);
            // b away from 0 so div is well conditioned; values rounded so max/min meet ties
            const b = randomTensor(sb, 4, (r) => (r() < 0.5 ? -1 : 1) * (0.5 + Math.round(r() * 6) / 2));
            expectClose(await be.binary(op, a, b), await ref.binary(op, a, b));
          });
        }
      }
    });

    describe('unary', () => {
      for (const op of unaryOps) {
        it(op, async () => {
          const positive = op === 'log' || op === 'sqrt';
          // some exact zeros and integers: where step, sign, relu and their grads turn
          const x = randomTensor([70, 90], 5, (r) => {
            const v = r() < 0.15 ? 0 : r() < 0.2 ? Math.round(r() * 8 - 4) : (r() - 0.5) * 8;
            return positive ? Math.abs(v) + 0.01 : v;
          });
          expectClose(await be.unary(op, x), await ref.unary(op, x));
        });
      }
      for (const op of ['sigmoid', 'tanh', 'sigmoidGrad', 'tanhGrad'] as UnaryOp[]) {
        it(`${op} saturates without overflow for |x| up to 100`, async () => {
          const x = randomTensor([50], 6, (r) => (r() - 0.5) * 200);
          expectClose(await be.unary(op, x), await ref.unary(op, x));
        });
      }
    });

    describe('softmax', () => {
      const cases: [number[], number][] = [[[1, 10], 1], [[7, 3], 1], [[5], 1], [[2, 3, 4], 1], [[4, 10], 1000]];
      for (const [shape, scale] of cases) {
        it(`${shape.join('x')}, logits up to ${scale * 3}`, async () => {
          const x = randomTensor(shape, 7, (r) => (r() - 0.5) * 6 * scale);
          const got = await be.softmax(x);
          expectClose(got, await ref.softmax(x), shape[shape.length - 1]);
        });
      }
    });

    describe('sum', () => {
      const cases: [number[], number | null][] = [
        [[3, 5, 7], 0], [[3, 5, 7], 1], [[3, 5, 7], 2], [[37], null], [[1000], null], [[4, 250], null], [[1], 0],
        [[3, 70, 90], 0]
      ];
      for (const [shape, axis] of cases) {
        it(`${shape.join('x')} over ${axis === null ? 'everything' : `axis ${axis}`}`, async () => {
          const x = randomTensor(shape, 8);
          const size = shape.reduce((p, q) => p * q, 1);
          const terms = axis === null ? size : shape[axis];
          expectClose(await be.sum(x, axis), await ref.sum(x, axis), terms, await ref.sum(abs(x), axis));
        });
      }
    });

    describe('dense', () => {
      const cases: [number, number, number][] = [[1, 5, 3], [8, 13, 7], [6, 20, 10], [32, 784, 10]];
      for (const activation of activations) {
        for (const [n, inputs, units] of cases) {
          it(`${activation}, ${n}x${inputs} -> ${units}`, async () => {
            const x = randomTensor([n, inputs], 9);
            const w = randomTensor([inputs, units], 10, (r) => gaussian(r) / Math.sqrt(inputs));
            const b = randomTensor([units], 11);
            // sigmoid, tanh, relu and softmax change a value by at most the change of their input
            const magnitude = await ref.dense(abs(x), abs(w), abs(b), 'linear');
            const fused = await be.dense(x, w, b, activation);
            expectClose(fused, await ref.dense(x, w, b, activation), inputs + 1, magnitude);
            // the fused kernel against this backend's own composed ops
            const z = await be.binary('add', await be.matmul(x, w), b);
            const composed = activation === 'linear' ? z : activation === 'softmax' ? await be.softmax(z) : await be.unary(activation, z);
            expectClose(fused, composed, 2 * (inputs + 1), magnitude);
          });
        }
      }
    });

    describe('conv2d', () => {
      for (const c of convCases) {
        const [xs, ks, strides, padding] = c;
        const options: Conv2dOptions = { strides, padding };
        const taps = ks[0] * ks[1];

        it(`forward: ${describeConv(c)}`, async () => {
          const x = randomTensor(xs, 12);
          const k = randomTensor(ks, 13);
          const want = await ref.conv2d(x, k, options);
          expectClose(await be.conv2d(x, k, options), want, taps * ks[2], await ref.conv2d(abs(x), abs(k), options));
        });

        it(`backprop input: ${describeConv(c)}`, async () => {
          const k = randomTensor(ks, 14);
          const outShape = (await ref.conv2d(randomTensor(xs, 0), k, options)).shape as number[];
          const dy = randomTensor(outShape, 15);
          const want = await ref.conv2dBackpropInput(dy, k, xs, options);
          const magnitude = await ref.conv2dBackpropInput(abs(dy), abs(k), xs, options);
          expectClose(await be.conv2dBackpropInput(dy, k, xs, options), want, taps * ks[3], magnitude);
        });

        it(`backprop filter: ${describeConv(c)}`, async () => {
          const x = randomTensor(xs, 16);
          const outShape = (await ref.conv2d(x, randomTensor(ks, 0), options)).shape as number[];
          const dy = randomTensor(outShape, 17);
          const want = await ref.conv2dBackpropFilter(x, dy, ks, options);
          const magnitude = await ref.conv2dBackpropFilter(abs(x), abs(dy), ks, options);
          const terms = outShape[0] * outShape[1] * outShape[2];
          expectClose(await be.conv2dBackpropFilter(x, dy, ks, options), want, terms, magnitude);
        });
      }
    });

    describe('maxPool2d', () => {
      for (const [xs, poolSize, strides, padding] of poolCases) {
        const options: Pool2dOptions = { poolSize, strides, padding };
        const title = `x ${xs.join('x')}, pool ${poolSize.join('x')}, strides ${strides.join(',')}, ${padding}`;
        // small integers make ties, so "first maximum" is tested, not assumed
        const tied = (r: () => number) => Math.round(r() * 4) - 2;

        it(`forward: ${title}`, async () => {
          const x = randomTensor(xs, 18, tied);
          expectClose(await be.maxPool2d(x, options), await ref.maxPool2d(x, options));
        });

        it(`backprop: ${title}`, async () => {
          const x = randomTensor(xs, 19, tied);
          const y = await ref.maxPool2d(x, options);
          const dy = randomTensor(y.shape as number[], 20);
          const want = await ref.maxPool2dBackprop(dy, x, options);
          const windows = Math.ceil(poolSize[0] / strides[0]) * Math.ceil(poolSize[1] / strides[1]);
          const magnitude = await ref.maxPool2dBackprop(abs(dy), x, options);
          expectClose(await be.maxPool2dBackprop(dy, x, options), want, windows, magnitude);
        });
      }
    });

    it('gives each call fresh data: results survive later calls', async () => {
      const a = randomTensor([4, 6], 21);
      const b = randomTensor([6, 4], 22);
      const first = await be.matmul(a, b);
      const copy = Float32Array.from(first.data);
      await be.matmul(b, a);
      await be.matmul(randomTensor([4, 6], 23), b);
      expect(first.data).toEqual(copy);
    });
  });
}
