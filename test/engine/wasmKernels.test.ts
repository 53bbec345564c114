/**
 * The wasm plan kernels against the reference backend, on seeded random inputs of odd
 * sizes: matrices that are not multiples of the register tiles, k = 1, single rows, every
 * transpose, accumulation. Each kernel runs on a heap filled with NaN around its regions
 * (test/engine/wasmHeap.ts), so a read past a region or a write outside the outputs fails.
 * Tolerances are the backend suite's float32 error bound (test/engine/backendSuite.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnaryOp } from '../../src/lib/engine/backend';
import { referenceBackend as ref } from '../../src/lib/engine/backends/reference/index';
import { createWasmKernels, type WasmKernels } from '../../src/lib/engine/backends/wasm/wasmKernels';
import { ActivationCode } from '../../src/lib/engine/plan/kernels';
import type { Tensor } from '../../src/lib/engine/tensor';
import { createRandom } from '../../src/lib/random';
import { expectClose } from './backendSuite';
import { randomTensor } from './helpers';
import { TestHeap } from './wasmHeap';

let k: WasmKernels;
beforeAll(async () => {
  k = await createWasmKernels();
});

const abs = (t: Tensor): Tensor => ({ data: t.data.map(Math.abs), shape: t.shape });
const add = (p: Tensor, q: Tensor): Tensor => ({ data: p.data.map((v, i) => v + q.data[i]), shape: p.shape });

describe('gemm', () => {
  /** [m, n, k]: below, at and past the 4x8 and 2x4 tiles, k = 1, single rows, more than one 256-deep pass */
  const sizes: [number, number, number][] = [
    [1, 1, 1], [1, 5, 3], [3, 1, 4], [2, 3, 1], [4, 8, 1], [5, 9, 3], [7, 13, 11], [8, 4, 6], [9, 6, 2],
    [4, 7, 300], [17, 23, 29], [13, 12, 257], [33, 17, 520], [1, 20, 33], [2, 20, 5], [3, 9, 4], [6, 16, 8]
  ];
  for (const [m, n, depth] of sizes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`${m}x${depth}${transA ? 'ᵀ' : ''} @ ${depth}x${n}${transB ? 'ᵀ' : ''}, fresh and accumulated`, async () => {
        const a = randomTensor(transA ? [depth, m] : [m, depth], m * 100 + n);
        const b = randomTensor(transB ? [n, depth] : [depth, n], depth * 100 + n);
        const c0 = randomTensor([m, n], 7);
        const want = await ref.matmul(a, b, transA, transB);
        const magnitude = await ref.matmul(abs(a), abs(b), transA, transB);
        for (const accumulate of [false, true]) {
          const heap = new TestHeap(k);
          const pa = heap.put(a.data);
          const pb = heap.put(b.data);
          const pc = heap.output(m * n, accumulate ? c0.data : undefined);
          heap.seal();
          k.gemm(m, n, depth, pa, transA, pb, transB, pc, accumulate);
          heap.expectOnlyWritten();
          const got = heap.tensor(pc, [m, n]);
          if (accumulate) expectClose(got, add(want, c0), depth + 1, add(magnitude, abs(c0)));
          else expectClose(got, want, depth, magnitude);
        }
      });
    }
  }

  it('k = 0 leaves zeros, or C itself when accumulating', () => {
    const heap = new TestHeap(k);
    const fresh = heap.output(6);
    const kept = heap.output(6, [1, 2, 3, 4, 5, 6]);
    k.gemm(2, 3, 0, 0, false, 0, false, fresh, false);
    k.gemm(2, 3, 0, 0, false, 0, false, kept, true);
    expect(Array.from(heap.read(fresh, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(heap.read(kept, 6))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

const activations = ['linear', 'relu', 'sigmoid', 'tanh'] as const;

/** Mostly N(0, 2), some exact zeros (relu's kink) and some far out (saturation). */
function preActivations(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, seed, 2);
  const r = createRandom(seed + 1);
  for (let i = 0; i < t.data.length; i++) {
    const u = r();
    if (u < 0.1) t.data[i] = 0;
    else if (u < 0.2) t.data[i] = (r() - 0.5) * 200;
  }
  return t;
}

describe('biasActivation', () => {
  const shapes: [number, number][] = [[1, 1], [3, 5], [7, 13], [16, 8], [2, 4], [5, 1]];
  for (const act of activations) {
    for (const [rows, cols] of shapes) {
      it(`${act}, ${rows}x${cols}, with and without bias, into z and apart`, async () => {
        const z = preActivations([rows, cols], rows * 10 + cols);
        const bias = randomTensor([cols], cols);
        for (const withBias of [true, false]) {
          const zb = withBias ? await ref.binary('add', z, bias) : z;
          const want = act === 'linear' ? zb : await ref.unary(act, zb);
          for (const inPlace of [false, true]) {
            const heap = new TestHeap(k);
            const pz = inPlace ? heap.output(rows * cols, z.data) : heap.put(z.data);
            const pb = withBias ? heap.put(bias.data) : -1;
            const out = inPlace ? pz : heap.output(rows * cols);
            heap.seal();
            k.biasActivation(pz, pb, out, rows, cols, ActivationCode[act]);
            heap.expectOnlyWritten();
            expectClose(heap.tensor(out, [rows, cols]), want, 2);
          }
        }
      });
    }
  }
});

describe('activationGrad', () => {
  // the derivative through the output y, as the contract writes it, in double precision
  const through: Record<(typeof activations)[number], (y: number) => number> = {
    linear: () => 1,
    relu: (y) => (y > 0 ? 1 : 0),
    sigmoid: (y) => y * (1 - y),
    tanh: (y) => 1 - y * y
  };
  for (const act of activations) {
    for (const size of [1, 3, 4, 37]) {
      it(`${act}, ${size} values, apart and in place`, async () => {
        const z = preActivations([size], size + 3);
        const y = act === 'linear' ? z : await ref.unary(act as UnaryOp, z);
        const dy = randomTensor([size], size + 4);
        const want: Tensor = { data: dy.data.map((g, i) => g * through[act](y.data[i])), shape: [size] };
        for (const inPlace of [false, true]) {
          const heap = new TestHeap(k);
          const pdy = inPlace ? heap.output(size, dy.data) : heap.put(dy.data);
          const py = heap.put(y.data);
          const dz = inPlace ? pdy : heap.output(size);
          heap.seal();
          k.activationGrad(pdy, py, dz, size, ActivationCode[act]);
          heap.expectOnlyWritten();
          expectClose(heap.tensor(dz, [size]), want, 3);
        }
      });
    }
  }
});

describe('columnSum', () => {
  for (const [rows, cols] of [[1, 1], [5, 3], [7, 13], [100, 8], [3, 130]]) {
    it(`${rows}x${cols}`, async () => {
      const dz = randomTensor([rows, cols], rows + cols);
      const heap = new TestHeap(k);
      const pdz = heap.put(dz.data);
      const db = heap.output(cols);
      heap.seal();
      k.columnSum(pdz, db, rows, cols);
      heap.expectOnlyWritten();
      expectClose(heap.tensor(db, [cols]), await ref.sum(dz, 0), rows, await ref.sum(abs(dz), 0));
    });
  }
});

describe('softmaxCrossEntropy', () => {
  const clip = (p: number) => Math.min(Math.max(p, Math.fround(1e-7)), Math.fround(1 - Math.fround(1e-7)));
  const argmax = (row: Float32Array) => row.reduce((best, v, j) => (v > row[best] ? j : best), 0);

  /** [rows, cols, logit scale, soft targets, lossRows] */
  const cases: [number, number, number, boolean, number][] = [
    [4, 10, 3, false, 4], [5, 3, 2, true, 5], [3, 7, 1000, false, 3], [6, 5, 1, true, 12], [1, 1, 1, false, 1], [9, 4, 0, false, 9]
  ];
  for (const [rows, cols, scale, soft, lossRows] of cases) {
    it(`${rows}x${cols}, logits up to ${scale * 3}, ${soft ? 'soft' : 'one-hot'} targets, mean over ${lossRows}`, async () => {
      const r = createRandom(rows * cols);
      // logits on a grid of 0.5 (and all equal with scale 0) so that rows meet ties
      const logits = randomTensor([rows, cols], rows, scale).data.map((v) => Math.round(v * 2) / 2);
      const targets = new Float32Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        if (soft) for (let j = 0; j < cols; j++) targets[i * cols + j] = Math.round(r() * 4) / 4;
        else targets[i * cols + Math.floor(r() * cols)] = 1;
      }
      const probs = await ref.softmax({ data: logits, shape: [rows, cols] });
      let loss = 0;
      let correct = 0;
      for (let i = 0; i < rows; i++) {
        const p = probs.data.subarray(i * cols, (i + 1) * cols);
        const t = targets.subarray(i * cols, (i + 1) * cols);
        for (let j = 0; j < cols; j++) loss -= t[j] * Math.log(clip(p[j]));
        if (argmax(p) === argmax(t)) correct++;
      }
      const heap = new TestHeap(k);
      const pl = heap.put(logits);
      const pt = heap.put(targets);
      const pp = heap.output(rows * cols);
      const dz = heap.output(rows * cols);
      const count = heap.output(1);
      heap.seal();
      const got = k.softmaxCrossEntropy(pl, pt, pp, dz, rows, cols, lossRows, count);
      heap.expectOnlyWritten();
      expectClose(heap.tensor(pp, [rows, cols]), probs, cols);
      const wantDz = { data: probs.data.map((p, i) => (p - targets[i]) / lossRows), shape: [rows, cols] };
      expectClose(heap.tensor(dz, [rows, cols]), wantDz, cols, { data: probs.data.map((p, i) => (p + targets[i]) / lossRows), shape: [] });
      // each log within a few ulps of 1, each probability within cols ulps
      expect(Math.abs(got - loss)).toBeLessThanOrEqual(rows * cols * 1e-6 + 1e-6 * loss);
      expect(k.i32()[count]).toBe(correct);
    });
  }
});

describe('multiply and countNonFinite', () => {
  it('multiply matches the reference at every length around a vector', async () => {
    for (const size of [1, 3, 4, 5, 17]) {
      const a = randomTensor([size], size);
      const b = randomTensor([size], size + 1);
      const heap = new TestHeap(k);
      const pa = heap.put(a.data);
      const pb = heap.put(b.data);
      const out = heap.output(size);
      heap.seal();
      k.multiply(pa, pb, out, size);
      heap.expectOnlyWritten();
      expectClose(heap.tensor(out, [size]), await ref.binary('mul', a, b));
    }
  });

  it('counts NaN and ±Infinity, not the largest float, subnormals or -0', () => {
    const values = [1, NaN, 3.4028234663852886e38, Infinity, -0, 1e-45, -Infinity, 2, NaN, 0, -1e-40];
    for (let end = 0; end <= values.length; end++) {
      const heap = new TestHeap(k);
      const p = heap.put(values.slice(0, end));
      const want = values.slice(0, end).filter((v) => !Number.isFinite(v)).length;
      expect(k.countNonFinite(p, end), `first ${end} values`).toBe(want);
    }
  });
});

describe('the heap', () => {
  it('grows on reserve, keeps its contents, and hands out views of the grown memory', async () => {
    const own = await createWasmKernels();
    const before = own.f32();
    before.set([1.5, -2, 3], 10);
    own.reserve(before.length + 100_000);
    const after = own.f32();
    expect(after.length).toBeGreaterThanOrEqual(before.length + 100_000);
    expect(Array.from(after.subarray(10, 13))).toEqual([1.5, -2, 3]);
    expect(own.i32().buffer).toBe(after.buffer);
    // the grown heap is usable by the kernels at its far end
    const at = after.length - 8;
    after.set([1, 2, 3, 4], at);
    own.multiply(at, at, at + 4, 4);
    expect(Array.from(own.f32().subarray(at + 4, at + 8))).toEqual([1, 4, 9, 16]);
  });

  it('refuses to grow past what WebAssembly can address, saying how many bytes it needed', async () => {
    const own = await createWasmKernels();
    expect(() => own.reserve(2 ** 31)).toThrow(/cannot grow to 8,589,934,592 bytes/);
  });
});
