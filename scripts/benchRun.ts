/**
 * The benchmark itself (see bench.mjs for how it is run). For each of our backends
 * and each peer library, in this one process:
 *  - MLP 784-128-10 (relu, softmax), SGD, training samples/s at batch 32 and 128,
 *  - the CNN conv 8@5x5 same relu -> maxpool 2 -> conv 16@5x5 same relu -> maxpool 3/3
 *    -> dense 10 softmax, training samples/s at batch 32,
 *  - inference samples/s of both on 2,000 test digits (batch 128).
 * Every figure is the median of several timed runs after warm-up (which compiles).
 */
import { createGpuBackend } from '$lib/engine/backends/gpu/index';
import { referenceBackend } from '$lib/engine/backends/reference/index';
import type { Backend } from '$lib/engine/backend';
import { setBackend } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { loadMnistFile } from '$lib/datasets/mnistNode';
import { conv2d } from '$lib/models/layers/conv2d';
import { dense } from '$lib/models/layers/dense';
import { flatten } from '$lib/models/layers/flatten';
import { maxPooling2d } from '$lib/models/layers/maxPooling2d';
import { sequential, type Sequential } from '$lib/models/sequential';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Arch = 'mlp' | 'cnn';
interface Row {
  who: string;
  arch: Arch;
  what: string;
  samplesPerSecond: number;
}

interface Data {
  x: Float32Array;
  labels: Int32Array;
  n: number;
}

/** Median samples/s of `runs` runs of `work` (which processes `samples` samples), after one warm-up. */
async function measure(samples: number, work: () => Promise<unknown>, runs: number): Promise<number> {
  await work();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await work();
    rates.push(samples / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

function batchOf(data: Data, start: number, size: number, sampleShape: number[]): { x: Tensor; y: Tensor } {
  const per = 784;
  const s = start % (data.n - size);
  return {
    x: { data: data.x.subarray(s * per, (s + size) * per), shape: [size, ...sampleShape] },
    y: { data: Float32Array.from(data.labels.subarray(s, s + size)), shape: [size] }
  };
}

function ourModel(arch: Arch): Sequential {
  const layers =
    arch === 'mlp'
      ? [dense(128, 'relu'), dense(10, 'softmax')]
      : [
          conv2d(8, 5, { padding: 'same', activation: 'relu' }),
          maxPooling2d({ poolSize: 2 }),
          conv2d(16, 5, { padding: 'same', activation: 'relu' }),
          maxPooling2d({ poolSize: 3, strides: 3 }),
          flatten(),
          dense(10, 'softmax')
        ];
  const model = sequential(layers, { seed: 1 });
  model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.05 });
  return model;
}

/** steps batches per timed run: enough work that timer noise does not matter, little enough to finish */
function stepsFor(arch: Arch, batch: number, quick: boolean): number {
  const base = arch === 'mlp' ? Math.ceil(1024 / batch) : 2;
  return quick ? Math.max(1, Math.ceil(base / 4)) : base;
}

async function benchOurs(who: string, backend: Backend, train: Data, test: Data, quick: boolean, archs: Arch[]): Promise<Row[]> {
  setBackend(backend);
  const rows: Row[] = [];
  const runs = quick ? 2 : 3;
  for (const arch of archs) {
    const shape = arch === 'mlp' ? [784] : [28, 28, 1];
    for (const batch of arch === 'mlp' ? [32, 128] : [32]) {
      const model = ourModel(arch);
      const steps = stepsFor(arch, batch, quick);
      let at = 0;
      const rate = await measure(steps * batch, async () => {
        for (let s = 0; s < steps; s++) {
          const { x, y } = batchOf(train, at, batch, shape);
          at += batch;
          await model.trainOnBatch(x, y);
        }
      }, runs);
      rows.push({ who, arch, what: `train b${batch}`, samplesPerSecond: rate });
      if (batch === 32) {
        const n = arch === 'mlp' ? 2000 : quick ? 128 : 512;
        const x: Tensor = { data: test.x.subarray(0, n * 784), shape: [n, ...shape] };
        const infer = await measure(n, () => model.predict(x, { batchSize: 128 }), runs);
        rows.push({ who, arch, what: 'predict', samplesPerSecond: infer });
      }
    }
  }
  setBackend(referenceBackend);
  return rows;
}

type Tf = typeof import('@tensorflow/tfjs');

async function benchTf(tf: Tf, who: string, train: Data, test: Data, quick: boolean, archs: Arch[]): Promise<Row[]> {
  const rows: Row[] = [];
  const runs = quick ? 2 : 3;
  for (const arch of archs) {
    const shape = arch === 'mlp' ? [784] : [28, 28, 1];
    for (const batch of arch === 'mlp' ? [32, 128] : [32]) {
      const model = tf.sequential({
        layers:
          arch === 'mlp'
            ? [tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })]
            : [
                tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }),
                tf.layers.maxPooling2d({ poolSize: 2 }),
                tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }),
                tf.layers.maxPooling2d({ poolSize: 3, strides: 3, padding: 'same' }),
                tf.layers.flatten(),
                tf.layers.dense({ units: 10, activation: 'softmax' })
              ]
      });
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy' });
      const steps = stepsFor(arch, batch, quick);
      let at = 0;
      try {
        const rate = await measure(steps * batch, async () => {
          for (let s = 0; s < steps; s++) {
            const { x, y } = batchOf(train, at, batch, shape);
            at += batch;
            const xt = tf.tensor(x.data, x.shape as number[]);
            const yt = tf.tensor(y.data, [batch]);
            await model.trainOnBatch(xt, yt);
            xt.dispose();
            yt.dispose();
          }
        }, runs);
        rows.push({ who, arch, what: `train b${batch}`, samplesPerSecond: rate });
      } catch (error) {
        console.log(`  ${who} ${arch} train b${batch}: cannot run (${(error as Error).message.split('\n')[0]})`);
      }
      if (batch === 32) {
        const n = arch === 'mlp' ? 2000 : quick ? 128 : 512;
        const xt = tf.tensor(test.x.subarray(0, n * 784), [n, ...shape]);
        const infer = await measure(n, async () => {
          const p = model.predict(xt, { batchSize: 128 }) as import('@tensorflow/tfjs').Tensor;
          await p.data();
          p.dispose();
        }, runs);
        xt.dispose();
        rows.push({ who, arch, what: 'predict', samplesPerSecond: infer });
      }
      model.dispose();
    }
  }
  return rows;
}

interface ConvNetNet {
  forward(v: unknown): { w: Float64Array };
}

async function benchConvnet(train: Data, test: Data, quick: boolean, archs: Arch[]): Promise<Row[]> {
  const convnetjs = require('convnetjs');
  const rows: Row[] = [];
  for (const arch of archs) {
    const defs =
      arch === 'mlp'
        ? [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 }, { type: 'fc', num_neurons: 128, activation: 'relu' }, { type: 'softmax', num_classes: 10 }]
        : [
            { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
            { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
            { type: 'pool', sx: 2, stride: 2 },
            { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
            { type: 'pool', sx: 3, stride: 3 },
            { type: 'softmax', num_classes: 10 }
          ];
    for (const batch of arch === 'mlp' ? [32, 128] : [32]) {
      const net = new convnetjs.Net();
      net.makeLayers(defs);
      const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: 0.05, batch_size: batch, l2_decay: 0 });
      const volume = (data: Data, i: number) => {
        const v = arch === 'mlp' ? new convnetjs.Vol(1, 1, 784, 0) : new convnetjs.Vol(28, 28, 1, 0);
        const src = data.x.subarray(i * 784, (i + 1) * 784);
        for (let j = 0; j < 784; j++) v.w[j] = src[j];
        return v;
      };
      const steps = stepsFor(arch, batch, quick);
      const pool = Array.from({ length: Math.min(train.n, 1024) }, (_, i) => volume(train, i));
      let at = 0;
      const rate = await measure(steps * batch, async () => {
        for (let s = 0; s < steps * batch; s++) {
          const i = at++ % pool.length;
          trainer.train(pool[i], train.labels[i]);
        }
      }, quick ? 2 : 3);
      rows.push({ who: 'convnetjs', arch, what: `train b${batch}`, samplesPerSecond: rate });
      if (batch === 32) {
        const n = arch === 'mlp' ? 2000 : quick ? 128 : 512;
        const vols = Array.from({ length: n }, (_, i) => volume(test, i));
        const infer = await measure(n, async () => {
          for (const v of vols) (net as ConvNetNet).forward(v);
        }, quick ? 2 : 3);
        rows.push({ who: 'convnetjs', arch, what: 'predict', samplesPerSecond: infer });
      }
    }
  }
  return rows;
}

export async function runBench({ quick = false } = {}): Promise<Row[]> {
  const { train, test } = await loadMnistFile();
  const trainData: Data = { x: train.x, labels: train.labels, n: train.n };
  const testData: Data = { x: test.x, labels: test.labels, n: test.n };
  console.log(`MNIST ${train.n} train / ${test.n} test digits; Node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  const archs: Arch[] = ['mlp', 'cnn'];
  const rows: Row[] = [];
  const log = (r: Row[]) => {
    for (const row of r) console.log(`  ${row.who.padEnd(34)} ${row.arch} ${row.what.padEnd(10)} ${row.samplesPerSecond.toFixed(0).padStart(7)} samples/s`);
    rows.push(...r);
  };

  console.log('ours');
  log(await benchOurs('reference (plain JS)', referenceBackend, trainData, testData, quick, archs));
  for (const [mode, threads] of [['webasm', undefined], ['webasm', 1], ['cpu', undefined]] as const) {
    const backend = await createGpuBackend({ mode, threads });
    log(await benchOurs(`${backend.name} (${backend.label})`, backend, trainData, testData, quick, archs));
    backend.dispose();
  }

  console.log('peers');
  const tf: Tf = require('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  log(await benchTf(tf, 'tfjs cpu', trainData, testData, quick, archs));
  require('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  log(await benchTf(tf, 'tfjs-backend-wasm', trainData, testData, quick, archs));
  log(await benchConvnet(trainData, testData, quick, archs));

  console.log('\nratios: ours / peer (samples/s; above 1 = ours faster)');
  const peers = ['tfjs cpu', 'tfjs-backend-wasm', 'convnetjs'];
  const ours = [...new Set(rows.map((r) => r.who))].filter((w) => !peers.includes(w));
  for (const arch of archs) {
    for (const what of [...new Set(rows.filter((r) => r.arch === arch).map((r) => r.what))]) {
      for (const who of ours) {
        const mine = rows.find((r) => r.who === who && r.arch === arch && r.what === what);
        if (!mine) continue;
        const ratios = peers.map((p) => {
          const peer = rows.find((r) => r.who === p && r.arch === arch && r.what === what);
          return `${p} ${peer ? (mine.samplesPerSecond / peer.samplesPerSecond).toFixed(2) : 'n/a'}`;
        });
        console.log(`  ${arch} ${what.padEnd(10)} ${who.padEnd(34)} ${ratios.join('  ')}`);
      }
    }
  }
  return rows;
}
