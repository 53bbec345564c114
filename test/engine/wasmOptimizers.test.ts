/**
 * The wasm weight updates against the optimisers the models use (models/optimizers.ts:
 * SGD with and without momentum, Adam with Keras's folded bias correction), and Adadelta
 * against Keras's formula as the kernel contract writes it, over three steps, weights and
 * optimizer state alike. The wasm kernels compute in float32 and the optimisers in double
 * precision rounded at each store, so they agree to a few ulps of the numbers involved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmKernels, type WasmKernels } from '../../src/lib/engine/backends/wasm/wasmKernels';
import type { Tensor } from '../../src/lib/engine/tensor';
import { adam, sgd, type Optimizer } from '../../src/lib/models/optimizers';
import { expectClose } from './backendSuite';
import { randomTensor } from './helpers';
import { TestHeap } from './wasmHeap';

let k: WasmKernels;
beforeAll(async () => {
  k = await createWasmKernels();
});

const steps = 3;
const sizes = [1, 3, 4, 37];

/** Σ over the steps so far of |each value involved|: the scale of the rounding each step adds. */
class Magnitude {
  readonly data: Float32Array;
  constructor(size: number) {
    this.data = new Float32Array(size);
  }
  add(...arrays: ArrayLike<number>[]): Tensor {
    for (const a of arrays) for (let i = 0; i < this.data.length; i++) this.data[i] += Math.abs(a[i]);
    return { data: this.data, shape: [this.data.length] };
  }
}

const vector = (data: Float32Array): Tensor => ({ data, shape: [data.length] });

/** Runs `steps` updates of an optimiser and of the wasm kernel side by side, comparing weights and state slots. */
function compare(size: number, optimizer: Optimizer, slots: number, run: (w: number, g: number, state: number[], t: number) => void) {
  const heap = new TestHeap(k);
  let weights = [randomTensor([size], size)];
  const w = heap.output(size, weights[0].data);
  const state = Array.from({ length: slots }, () => heap.output(size, new Float32Array(size)));
  const magnitude = new Magnitude(size);
  for (let t = 1; t <= steps; t++) {
    const g = randomTensor([size], 100 * size + t, t === 2 ? 10 : 0.1);
    const pg = heap.put(g.data);
    run(w, pg, state, t);
    const next = optimizer.step(weights, [g]);
    const m = magnitude.add(weights[0].data, next[0].data, g.data, ...optimizer.getState().slots.map((s) => s[0]));
    expectClose(heap.tensor(w, [size]), next[0], 8, m);
    optimizer.getState().slots.forEach((slot, i) => expectClose(heap.tensor(state[i], [size]), vector(slot[0]), 8, m));
    weights = next;
  }
}

describe('sgd', () => {
  for (const size of sizes) {
    it(`without momentum, ${size} weights`, () => {
      const opt = sgd({ learningRate: 0.1 });
      compare(size, opt, 0, (w, g) => k.sgd(w, g, -1, size, 0.1, 0));
    });

    it(`with momentum 0.9, ${size} weights and their velocities`, () => {
      const opt = sgd({ learningRate: 0.05, momentum: 0.9 });
      compare(size, opt, 1, (w, g, [v]) => k.sgd(w, g, v, size, 0.05, 0.9));
    });
  }
});

describe('adam', () => {
  for (const size of sizes) {
    it(`${size} weights and both moments, bias correction folded into alpha`, () => {
      const [lr, beta1, beta2, epsilon] = [0.01, 0.9, 0.999, 1e-7];
      const opt = adam({ learningRate: lr, beta1, beta2, epsilon });
      compare(size, opt, 2, (w, g, [m, v], t) => {
        const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
        k.adam(w, g, m, v, size, alpha, beta1, beta2, epsilon);
      });
    });
  }
});

describe('adadelta', () => {
  for (const size of sizes) {
    it(`${size} weights and both running averages, Keras's formula`, () => {
      const [lr, rho, epsilon] = [1, 0.95, 1e-7];
      const heap = new TestHeap(k);
      const w0 = randomTensor([size], size);
      const w = heap.output(size, w0.data);
      const ag = heap.output(size, new Float32Array(size));
      const ad = heap.output(size, new Float32Array(size));
      const want = { w: Float64Array.from(w0.data), ag: new Float64Array(size), ad: new Float64Array(size) };
      const magnitude = new Magnitude(size);
      for (let t = 1; t <= steps; t++) {
        const g = randomTensor([size], 300 * size + t, 0.1);
        const pg = heap.put(g.data);
        k.adadelta(w, pg, ag, ad, size, lr, rho, epsilon);
        const d = new Float64Array(size);
        for (let i = 0; i < size; i++) {
          want.ag[i] = rho * want.ag[i] + (1 - rho) * g.data[i] ** 2;
          d[i] = (Math.sqrt(want.ad[i] + epsilon) / Math.sqrt(want.ag[i] + epsilon)) * g.data[i];
          want.ad[i] = rho * want.ad[i] + (1 - rho) * d[i] ** 2;
          want.w[i] -= lr * d[i];
        }
        const m = magnitude.add(want.w, d, want.ag, want.ad);
        expectClose(heap.tensor(w, [size]), vector(Float32Array.from(want.w)), 8, m);
        expectClose(heap.tensor(ag, [size]), vector(Float32Array.from(want.ag)), 8, m);
        expectClose(heap.tensor(ad, [size]), vector(Float32Array.from(want.ad)), 8, m);
      }
      expect(heap.read(w, size)).not.toEqual(w0.data);
    });
  }
});
