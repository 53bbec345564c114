/**
 * The wasm window kernels: im2col and col2im against the patch matrix written out by
 * hand from its definition, and max pooling (values, argmax, gradient) against the
 * reference backend, over 'same' and 'valid' windows, strides 1 and 2 (and mixed),
 * padding on every side, windows larger than the image, and channel counts on both sides
 * of the four-lane vectors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Padding } from '../../src/lib/engine/backend';
import { referenceBackend as ref } from '../../src/lib/engine/backends/reference/index';
import { forEachWindowMax } from '../../src/lib/engine/backends/reference/maxPool2d';
import { windowShape } from '../../src/lib/engine/backends/wasm/staging';
import { createWasmKernels, type WasmKernels } from '../../src/lib/engine/backends/wasm/wasmKernels';
import type { WindowShape } from '../../src/lib/engine/plan/kernels';
import type { Tensor } from '../../src/lib/engine/tensor';
import { createRandom } from '../../src/lib/random';
import { expectClose } from './backendSuite';
import { randomTensor } from './helpers';
import { TestHeap } from './wasmHeap';

let k: WasmKernels;
beforeAll(async () => {
  k = await createWasmKernels();
});

type Case = [xShape: number[], kh: number, kw: number, strides: [number, number], padding: Padding];

const convCases: Case[] = [
  [[1, 5, 5, 1], 3, 3, [1, 1], 'same'],
  [[1, 5, 5, 1], 3, 3, [1, 1], 'valid'],
  [[2, 7, 6, 3], 3, 3, [2, 2], 'valid'],
  [[2, 7, 6, 3], 3, 3, [2, 2], 'same'],
  [[2, 9, 9, 2], 5, 5, [1, 1], 'same'],
  [[1, 8, 7, 2], 2, 2, [1, 2], 'same'],
  [[3, 6, 6, 4], 4, 3, [2, 1], 'valid'],
  [[1, 3, 3, 6], 5, 5, [2, 2], 'same'],
  [[2, 28, 28, 1], 5, 5, [1, 1], 'same']
];

const title = ([xs, kh, kw, strides, padding]: Case) => `x ${xs.join('x')}, window ${kh}x${kw}, strides ${strides.join(',')}, ${padding}`;

/**
 * The patch matrix by its definition: visits cell i of row (b, oy, ox), column (ky, kx,
 * channel) with the index in x of the pixel it reads, or -1 in the padding.
 */
function forEachPatchCell(s: WindowShape, visit: (i: number, at: number) => void): void {
  let i = 0;
  for (let b = 0; b < s.n; b++)
    for (let oy = 0; oy < s.outH; oy++)
      for (let ox = 0; ox < s.outW; ox++)
        for (let ky = 0; ky < s.kh; ky++)
          for (let kx = 0; kx < s.kw; kx++)
            for (let ch = 0; ch < s.c; ch++, i++) {
              const iy = oy * s.strideH - s.padTop + ky;
              const ix = ox * s.strideW - s.padLeft + kx;
              const inside = iy >= 0 && iy < s.h && ix >= 0 && ix < s.w;
              visit(i, inside ? ((b * s.h + iy) * s.w + ix) * s.c + ch : -1);
            }
}

describe('im2col and col2im', () => {
  for (const c of convCases) {
    const s = windowShape(c[0], c[1], c[2], c[3], c[4]);
    const rows = s.n * s.outH * s.outW;
    const width = s.kh * s.kw * s.c;
    const xSize = s.n * s.h * s.w * s.c;

    it(`im2col: ${title(c)}`, () => {
      const x = randomTensor(c[0], xSize);
      const heap = new TestHeap(k);
      const px = heap.put(x.data);
      const cols = heap.output(rows * width);
      heap.seal();
      k.im2col(px, cols, s);
      heap.expectOnlyWritten();
      const want = new Float32Array(rows * width);
      forEachPatchCell(s, (i, at) => (want[i] = at < 0 ? 0 : x.data[at]));
      expect(Array.from(heap.read(cols, rows * width))).toEqual(Array.from(want));
    });

    it(`col2im adds each patch cell back onto the pixel it read: ${title(c)}`, () => {
      const r = randomTensor([rows, width], rows);
      // the adjoint of im2col, by its definition: scatter what im2col gathered
      const want = new Float64Array(xSize);
      const magnitude = new Float64Array(xSize);
      forEachPatchCell(s, (i, at) => {
        if (at < 0) return;
        want[at] += r.data[i];
        magnitude[at] += Math.abs(r.data[i]);
      });
      const heap = new TestHeap(k);
      const pr = heap.put(r.data);
      const dx = heap.output(xSize);
      heap.seal();
      k.col2im(pr, dx, s);
      heap.expectOnlyWritten();
      const wantTensor = { data: Float32Array.from(want), shape: c[0] };
      expectClose(heap.tensor(dx, c[0]), wantTensor, s.kh * s.kw, { data: Float32Array.from(magnitude), shape: c[0] });
    });
  }
});

const poolCases: Case[] = [
  [[1, 4, 4, 1], 2, 2, [2, 2], 'valid'],
  [[2, 5, 7, 3], 2, 2, [2, 2], 'same'],
  [[2, 7, 7, 6], 3, 3, [2, 2], 'same'],
  [[1, 6, 5, 4], 3, 3, [1, 1], 'valid'],
  [[2, 14, 14, 5], 3, 3, [3, 3], 'same'],
  [[1, 9, 8, 2], 2, 3, [3, 2], 'valid'],
  [[1, 5, 5, 9], 2, 2, [1, 1], 'same'],
  [[1, 3, 3, 4], 5, 5, [2, 2], 'same']
];

/** Small integers, so windows meet ties (the first maximum must win), and a few -Infinity and NaN. */
function tiedTensor(shape: number[], seed: number): Tensor {
  const r = createRandom(seed);
  const size = shape.reduce((p, q) => p * q, 1);
  const data = Float32Array.from({ length: size }, () => {
    const u = r();
    return u < 0.03 ? -Infinity : u < 0.05 ? NaN : Math.round(r() * 4) - 2;
  });
  return { data, shape };
}

describe('maxPool and maxPoolGrad', () => {
  for (const c of poolCases) {
    const options = { poolSize: [c[1], c[2]] as [number, number], strides: c[3], padding: c[4] };
    const s = windowShape(c[0], c[1], c[2], c[3], c[4]);
    const ySize = s.n * s.outH * s.outW * s.c;
    const xSize = s.n * s.h * s.w * s.c;

    it(`maxPool, first maximum and its index: ${title(c)}`, async () => {
      const x = tiedTensor(c[0], xSize);
      const want = await ref.maxPool2d(x, options);
      const wantArgmax = new Int32Array(ySize);
      forEachWindowMax(x, options, (xOffset, outOffset) => (wantArgmax[outOffset] = xOffset));
      const heap = new TestHeap(k);
      const px = heap.put(x.data);
      const y = heap.output(ySize);
      const argmax = heap.output(ySize);
      heap.seal();
      k.maxPool(px, y, argmax, s);
      heap.expectOnlyWritten();
      expect(Array.from(heap.read(y, ySize))).toEqual(Array.from(want.data));
      expect(Array.from(k.i32().subarray(argmax, argmax + ySize))).toEqual(Array.from(wantArgmax));
    });

    it(`maxPoolGrad routes dy to each argmax, overlaps adding up: ${title(c)}`, async () => {
      const x = tiedTensor(c[0], xSize + 1);
      const dy = randomTensor([s.n, s.outH, s.outW, s.c], ySize);
      const heap = new TestHeap(k);
      const px = heap.put(x.data);
      const y = heap.output(ySize);
      const argmax = heap.output(ySize);
      const pdy = heap.put(dy.data);
      const dx = heap.output(xSize);
      heap.seal();
      k.maxPool(px, y, argmax, s);
      k.maxPoolGrad(pdy, argmax, dx, ySize, xSize);
      heap.expectOnlyWritten();
      const windows = Math.ceil(c[1] / c[3][0]) * Math.ceil(c[2] / c[3][1]);
      const want = await ref.maxPool2dBackprop(dy, x, options);
      expectClose(heap.tensor(dx, c[0]), want, windows, await ref.maxPool2dBackprop({ data: dy.data.map(Math.abs), shape: dy.shape }, x, options));
    });
  }
});
