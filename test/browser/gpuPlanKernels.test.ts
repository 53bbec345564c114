/**
 * Every call of a compiled step on the GPU (backends/gpu/plan/deviceKernels.ts) against
 * the reference backend, on WebGL2 (SwiftShader in headless Chromium, a real GPU on a
 * learner's machine) and on WebGPU where the browser has an adapter (the browser
 * project's chromium-webgpu instance). Arrays go up once, stay on the device through
 * the kernels under test, and come back once to be compared, within the float32 bound
 * of backendSuite.ts.
 */
import { GPU } from 'gpu.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conv2dOptions, Pool2dOptions, UnaryOp } from '../../src/lib/engine/backend';
import { referenceBackend as ref } from '../../src/lib/engine/backends/reference/index';
import { DeviceKernels } from '../../src/lib/engine/backends/gpu/plan/deviceKernels';
import { categoricalCrossentropy } from '../../src/lib/engine/losses';
import { ActivationCode, type WindowShape } from '../../src/lib/engine/plan/kernels';
import type { Tensor } from '../../src/lib/engine/tensor';
import { windowGeometry } from '../../src/lib/engine/windowGeometry';
import { adadelta, adam, sgd, type Optimizer } from '../../src/lib/models/optimizers';
import { expectClose } from '../engine/backendSuite';
import { randomTensor } from '../engine/helpers';

const abs = (t: Tensor): Tensor => ({ data: t.data.map(Math.abs), shape: t.shape });
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function windowOf(xShape: readonly number[], kh: number, kw: number, strides: [number, number], padding: 'same' | 'valid'): WindowShape {
  const [n, h, w, c] = xShape;
  const g = windowGeometry(h, w, kh, kw, strides, padding);
  return { n, h, w, c, kh, kw, strideH: strides[0], strideW: strides[1], ...g };
}

const modes = ['webgl2', 'webgpu'] as const;

for (const mode of modes) {
  describe(`gpu plan kernels on ${mode}`, async () => {
    const available = mode === 'webgl2' ? GPU.isWebGL2Supported : await GPU.isWebGPUAvailable();
    if (!available) {
      it.skip(`${mode} is not available in this browser`, () => {});
      return;
    }
    let gpu: GPU;
    let dk: DeviceKernels;
    beforeAll(() => {
      gpu = new GPU({ mode });
      dk = new DeviceKernels(gpu);
    });
    afterAll(async () => {
      dk.dispose();
      await gpu.destroy();
    });

    const put = (name: string, t: Tensor) => dk.upload(name, t.data.length)(t.data);
    const get = async (name: string, shape: readonly number[]): Promise<Tensor> => ({ data: await dk.read(name, sizeOf(shape)), shape });

    describe('gemm', () => {
      // [m, n, k, transA, transB, accumulate]
      const cases: [number, number, number, boolean, boolean, boolean][] = [
        [1, 5, 3, false, false, false],
        [7, 5, 13, false, false, false],
        [32, 16, 784, false, false, false],
        [6, 4, 9, true, false, false],
        [12, 5, 7, false, true, false],
        [12, 5, 7, true, true, false],
        [64, 10, 128, false, false, true],
        [784, 128, 33, true, false, false],
        // more rows than a texture holds: the packed operands are read by flat index
        [17000, 3, 5, false, false, false]
      ];
      for (const [m, n, k, ta, tb, acc] of cases) {
        it(`${m}x${k}${ta ? 'ᵀ' : ''} @ ${k}x${n}${tb ? 'ᵀ' : ''}${acc ? ' + c' : ''}`, async () => {
          const a = randomTensor(ta ? [k, m] : [m, k], 1);
          const b = randomTensor(tb ? [n, k] : [k, n], 2);
          const c0 = randomTensor([m, n], 3);
          await put('a', a);
          await put('b', b);
          await put('c', c0);
          await dk.gemm(m, n, k, 'a', ta, 'b', tb, 'c', acc)();
          let want = await ref.matmul(a, b, ta, tb);
          let magnitude = await ref.matmul(abs(a), abs(b), ta, tb);
          if (acc) {
            want = await ref.binary('add', want, c0);
            magnitude = await ref.binary('add', magnitude, abs(c0));
          }
          expectClose(await get('c', [m, n]), want, k + 1, magnitude);
        });
      }
    });

    describe('activations', () => {
      const acts: [keyof typeof ActivationCode, UnaryOp | null][] = [['linear', null], ['relu', 'relu'], ['sigmoid', 'sigmoid'], ['tanh', 'tanh']];
      for (const [name, op] of acts) {
        it(`biasActivation ${name}, with and without bias`, async () => {
          const z = randomTensor([9, 13], 4, 3);
          const bias = randomTensor([13], 5);
          await put('z', z);
          await put('bias', bias);
          await dk.biasActivation('z', 'bias', 'out', 9, 13, ActivationCode[name])();
          await dk.biasActivation('z', null, 'plain', 9, 13, ActivationCode[name])();
          const shifted = await ref.binary('add', z, bias);
          expectClose(await get('out', [9, 13]), op ? await ref.unary(op, shifted) : shifted, 2);
          expectClose(await get('plain', [9, 13]), op ? await ref.unary(op, z) : z);
        });

        it(`activationGrad ${name}, through the output`, async () => {
          const x = randomTensor([70], 6, 3);
          const y = op ? await ref.unary(op, x) : x;
          const dy = randomTensor([70], 7);
          await put('y', y);
          await put('dy', dy);
          await dk.activationGrad('dy', 'y', 'dz', 70, ActivationCode[name])();
          const grad = op ? await ref.unary(`${op}Grad` as UnaryOp, x) : { data: new Float32Array(70).fill(1), shape: [70] };
          expectClose(await get('dz', [70]), await ref.binary('mul', dy, grad), 3);
        });
      }
    });

    for (const rows of [7, 300, 6272]) {
      it(`columnSum of ${rows} rows`, async () => {
        const x = randomTensor([rows, 8], 8);
        await put('x', x);
        await dk.columnSum('x', 'db', rows, 8)();
        expectClose(await get('db', [8]), await ref.sum(x, 0), rows, await ref.sum(abs(x), 0));
      });
    }

    it('softmaxCrossEntropy: probabilities, d mean loss / d logits, summed loss and correct rows', async () => {
      const rows = 33;
      const cols = 10;
      const logits = randomTensor([rows, cols], 9, 4);
      const targets = { data: new Float32Array(rows * cols), shape: [rows, cols] };
      for (let r = 0; r < rows; r++) targets.data[r * cols + ((r * 7) % cols)] = 1;
      await put('logits', logits);
      await put('targets', targets);
      await dk.softmaxCrossEntropy('logits', 'targets', 'probs', 'dz', rows, cols, 32, 'stats')();
      const probs = await ref.softmax(logits);
      expectClose(await get('probs', [rows, cols]), probs, cols);
      const dz = await ref.binary('div', await ref.binary('sub', probs, targets), { data: Float32Array.of(32), shape: [] });
      expectClose(await get('dz', [rows, cols]), dz, 2 * cols);
      const [loss, correct] = await dk.read('stats', 2);
      expect(loss).toBeCloseTo(categoricalCrossentropy(probs, targets).loss * rows, 3);
      let right = 0;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(probs.data.subarray(r * cols, (r + 1) * cols));
        if (row.indexOf(Math.max(...row)) === (r * 7) % cols) right++;
      }
      expect(correct).toBe(right);
    });

    describe('convolution as im2col, gemm and col2im', () => {
      const cases: [number[], number[], [number, number], 'same' | 'valid'][] = [
        [[2, 7, 6, 3], [3, 3, 3, 4], [2, 2], 'same'],
        [[2, 9, 9, 2], [5, 5, 2, 3], [1, 1], 'same'],
        [[3, 6, 6, 4], [4, 3, 4, 1], [2, 1], 'valid'],
        [[4, 28, 28, 1], [5, 5, 1, 8], [1, 1], 'same']
      ];
      for (const [xs, ks, strides, padding] of cases) {
        it(`x ${xs.join('x')}, kernel ${ks.join('x')}, strides ${strides.join(',')}, ${padding}: forward, input and filter gradients`, async () => {
          const options: Conv2dOptions = { strides, padding };
          const s = windowOf(xs, ks[0], ks[1], strides, padding);
          const kk = ks[0] * ks[1] * ks[2];
          const rows = s.n * s.outH * s.outW;
          const x = randomTensor(xs, 10);
          const kernel = randomTensor(ks, 11);
          const dy = randomTensor([s.n, s.outH, s.outW, ks[3]], 12);
          await put('x', x);
          await put('kernel', kernel);
          await put('dy', dy);
          await dk.im2col('x', 'cols', s)();
          await dk.gemm(rows, ks[3], kk, 'cols', false, 'kernel', false, 'y', false)();
          await dk.gemm(kk, ks[3], rows, 'cols', true, 'dy', false, 'dkernel', false)();
          await dk.gemm(rows, kk, ks[3], 'dy', false, 'kernel', true, 'dcols', false)();
          await dk.col2im('dcols', 'dx', s)();
          const yShape = dy.shape;
          expectClose(await get('y', yShape), await ref.conv2d(x, kernel, options), kk, await ref.conv2d(abs(x), abs(kernel), options));
          const dxWant = await ref.conv2dBackpropInput(dy, kernel, xs, options);
          const dxMagnitude = await ref.conv2dBackpropInput(abs(dy), abs(kernel), xs, options);
          expectClose(await get('dx', xs), dxWant, ks[0] * ks[1] * ks[3], dxMagnitude);
          const dkWant = await ref.conv2dBackpropFilter(x, dy, ks, options);
          const dkMagnitude = await ref.conv2dBackpropFilter(abs(x), abs(dy), ks, options);
          expectClose(await get('dkernel', ks), dkWant, rows, dkMagnitude);
        });
      }
    });

    describe('max pooling', () => {
      const cases: [number[], [number, number], [number, number], 'same' | 'valid'][] = [
        [[2, 5, 7, 3], [2, 2], [2, 2], 'same'],
        [[2, 7, 7, 2], [3, 3], [2, 2], 'same'],
        [[1, 6, 5, 4], [3, 3], [1, 1], 'valid'],
        [[2, 14, 14, 16], [3, 3], [3, 3], 'valid'],
        [[4, 28, 28, 8], [2, 2], [2, 2], 'valid']
      ];
      for (const [xs, poolSize, strides, padding] of cases) {
        it(`x ${xs.join('x')}, pool ${poolSize.join('x')}, strides ${strides.join(',')}, ${padding}: values and gradient`, async () => {
          const options: Pool2dOptions = { poolSize, strides, padding };
          const s = windowOf(xs, poolSize[0], poolSize[1], strides, padding);
          // small integers make ties, so "first maximum" is tested, not assumed
          const x = randomTensor(xs, 13);
          for (let i = 0; i < x.data.length; i++) x.data[i] = Math.round(x.data[i] * 2);
          const yShape = [s.n, s.outH, s.outW, s.c];
          const dy = randomTensor(yShape, 14);
          await put('x', x);
          await put('dy', dy);
          await dk.maxPool('x', 'y', 'argmax', s)();
          await dk.maxPoolGrad('dy', 'argmax', 'dx', s)();
          expectClose(await get('y', yShape), await ref.maxPool2d(x, options));
          const windows = Math.ceil(poolSize[0] / strides[0]) * Math.ceil(poolSize[1] / strides[1]);
          expectClose(await get('dx', xs), await ref.maxPool2dBackprop(dy, x, options), windows, await ref.maxPool2dBackprop(abs(dy), x, options));
        });
      }
    });

    it('multiply', async () => {
      const a = randomTensor([50], 15);
      const b = randomTensor([50], 16);
      await put('a', a);
      await put('b', b);
      await dk.multiply('a', 'b', 'out', 50)();
      expectClose(await get('out', [50]), await ref.binary('mul', a, b));
    });

    describe('optimizers, three steps in place, as models/optimizers', () => {
      const size = 300;
      const runs: [string, () => Optimizer, (w: string, g: string, opt: Optimizer, t: () => number) => () => Promise<void>, string[]][] = [
        ['sgd', () => sgd({ learningRate: 0.1 }), (w, g, opt) => dk.sgd(w, g, null, size, () => ({ lr: opt.learningRate, momentum: 0 })), []],
        ['sgd with momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 }), (w, g, opt) => dk.sgd(w, g, 'velocity', size, () => ({ lr: opt.learningRate, momentum: 0.9 })), ['velocity']],
        [
          'adam',
          () => adam({ learningRate: 0.01 }),
          (w, g, opt, t) => dk.adam(w, g, 'm', 'v', size, () => ({ alpha: (opt.learningRate * Math.sqrt(1 - 0.999 ** t())) / (1 - 0.9 ** t()), beta1: 0.9, beta2: 0.999, epsilon: 1e-7 })),
          ['m', 'v']
        ],
        ['adadelta', () => adadelta({ learningRate: 1 }), (w, g, opt) => dk.adadelta(w, g, 'accGrad', 'accDelta', size, () => ({ lr: opt.learningRate, rho: 0.95, epsilon: 1e-7 })), ['accGrad', 'accDelta']]
      ];
      for (const [title, make, compile, state] of runs) {
        it(title, async () => {
          const opt = make();
          let w: Tensor = randomTensor([size], 17);
          await put('w', w);
          for (const s of state) await put(s, { data: new Float32Array(size), shape: [size] });
          let t = 0;
          const step = compile('w', 'g', opt, () => t);
          for (t = 1; t <= 3; t++) {
            const g = randomTensor([size], 17 + t);
            await put('g', g);
            await step();
            w = opt.step([w], [g])[0];
          }
          expectClose(await get('w', [size]), w, 8);
        });
      }
    });

    it('countNonFiniteOf counts NaN and both infinities', async () => {
      const p = randomTensor([1000], 21);
      p.data[3] = NaN;
      p.data[500] = Infinity;
      p.data[999] = -Infinity;
      await put('p', p);
      await dk.countNonFiniteOf([{ name: 'p', size: 1000 }], 'bad')();
      expect(Array.from(await dk.read('bad', 1))).toEqual([3]);
    });

    it('countNonFiniteOf counts over several arrays (six: two rounds of sums)', async () => {
      const arrays = [300, 7, 1000, 129, 5, 260].map((size, i) => {
        const t = randomTensor([size], 30 + i);
        for (let j = 0; j <= i; j++) t.data[(j * 37) % size] = j % 2 ? Infinity : NaN;
        return { name: `p${i}`, size, t };
      });
      for (const a of arrays) await put(a.name, a.t);
      await dk.countNonFiniteOf(arrays, 'bad')();
      const want = arrays.reduce((n, a) => n + a.t.data.filter((v) => !Number.isFinite(v)).length, 0);
      expect(Array.from(await dk.read('bad', 1))).toEqual([want]);
    });

    it('pack gathers scalars from several arrays for one readback', async () => {
      await put('s1', { data: Float32Array.of(5, 6), shape: [2] });
      await put('s2', { data: Float32Array.of(7), shape: [1] });
      await dk.pack([{ name: 's1', cell: 1 }, { name: 's2', cell: 0 }, { name: 's1', cell: 0 }], 'packed')();
      expect(Array.from(await dk.read('packed', 3))).toEqual([6, 7, 5]);
    });
  });
}
