/**
 * The benchmark itself (see bench.mjs for how it is run). Our backends and the peer
 * libraries train and infer the SAME models on the same MNIST digits, in this one
 * process, contestants alternating round by round: on shared, noisy cores only ratios
 * taken this way mean anything (a peer measured minutes apart can move 2-3x).
 *
 * Workloads (identical architectures on every side):
 *  - MLP 784-128(relu)-10(softmax), SGD 0.05: fit one pass over a fixed slice at batch 32
 *    and 128; predict 2,000 digits.
 *  - CNN (ConvNetJS's MNIST demo): conv 8@5x5 same relu -> maxpool 2 -> conv 16@5x5 same
 *    relu -> maxpool 3 stride 3 'valid' (4x4x16 = 256 values, as ConvNetJS pools) ->
 *    dense 10 softmax, SGD 0.05, batch 32; predict.
 * A round runs every contestant once, in an order rotated each round; each figure is the
 * median over rounds, after a warm-up run that compiles kernels and lays out memory.
 */
import type { Backend } from '$lib/engine/backend';
import { setBackend } from '$lib/engine/ops';
import { createBackend } from '$lib/engine/select';
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
type Tf = typeof import('@tensorflow/tfjs');

type Arch = 'mlp' | 'cnn';
interface Workload {
  id: string;
  arch: Arch;
  kind: 'train' | 'predict';
  batch: number;
  /** samples per timed run */
  samples: number;
  /** peers our ratios are taken against, best first */
  peers: string[];
}

interface Data {
  x: Float32Array;
  labels: Int32Array;
  n: number;
}

/** One contestant prepared for one workload: run() does the timed work once. */
interface Unit {
  run(): Promise<void>;
  dispose(): void;
}

interface Contestant {
  who: string;
  peer: boolean;
  /** null when this contestant cannot run the workload (the reason is printed) */
  prepare(w: Workload, train: Data, test: Data): Promise<Unit | string>;
}

const shapeOf = (arch: Arch) => (arch === 'mlp' ? [784] : [28, 28, 1]);

function slice(data: Data, n: number, arch: Arch): { x: Tensor; y: Tensor } {
  return {
    x: { data: data.x.subarray(0, n * 784), shape: [n, ...shapeOf(arch)] },
    y: { data: Float32Array.from(data.labels.subarray(0, n)), shape: [n] }
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

function ours(who: string, backendName: string): Contestant {
  let backend: Backend | null = null;
  return {
    who,
    peer: false,
    async prepare(w, train, test) {
      try {
        backend ??= await createBackend(backendName);
      } catch (error) {
        return (error as Error).message;
      }
      const b = backend;
      const model = ourModel(w.arch);
      const data = slice(w.kind === 'train' ? train : test, w.samples, w.arch);
      const run = async () => {
        setBackend(b);
        if (w.kind === 'train') await model.fit(data.x, data.y, { epochs: 1, batchSize: w.batch, shuffle: false });
        else await model.predict(data.x, { batchSize: w.batch });
      };
      await run();
      return { run, dispose: () => {} };
    }
  };
}

function tfjs(tf: Tf, who: string, backendName: string): Contestant {
  return {
    who,
    peer: true,
    async prepare(w, train, test) {
      const layers =
        w.arch === 'mlp'
          ? [tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })]
          : [
              tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }),
              tf.layers.maxPooling2d({ poolSize: 2 }),
              tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }),
              tf.layers.maxPooling2d({ poolSize: 3, strides: 3, padding: 'valid' }),
              tf.layers.flatten(),
              tf.layers.dense({ units: 10, activation: 'softmax' })
            ];
      await tf.setBackend(backendName);
      const model = tf.sequential({ layers });
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy' });
      const data = slice(w.kind === 'train' ? train : test, w.samples, w.arch);
      const xt = tf.tensor(data.x.data, data.x.shape as number[]);
      const yt = tf.tensor(data.y.data, [w.samples]);
      const run = async () => {
        await tf.setBackend(backendName);
        if (w.kind === 'train') {
          await model.fit(xt, yt, { epochs: 1, batchSize: w.batch, shuffle: false, verbose: 0 });
        } else {
          const p = model.predict(xt, { batchSize: w.batch }) as import('@tensorflow/tfjs').Tensor;
          await p.data();
          p.dispose();
        }
      };
      try {
        await run();
      } catch (error) {
        model.dispose();
        xt.dispose();
        yt.dispose();
        return (error as Error).message.split('\n')[0];
      }
      return { run, dispose: () => (model.dispose(), xt.dispose(), yt.dispose()) };
    }
  };
}

interface ConvNetNet {
  makeLayers(defs: unknown[]): void;
  forward(v: unknown): unknown;
}

function convnet(): Contestant {
  const convnetjs = require('convnetjs');
  return {
    who: 'convnetjs 0.3',
    peer: true,
    async prepare(w, train, test) {
      const defs =
        w.arch === 'mlp'
          ? [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 }, { type: 'fc', num_neurons: 128, activation: 'relu' }, { type: 'softmax', num_classes: 10 }]
          : [
              { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
              { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
              { type: 'pool', sx: 2, stride: 2 },
              { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
              { type: 'pool', sx: 3, stride: 3 },
              { type: 'softmax', num_classes: 10 }
            ];
      const net: ConvNetNet = new convnetjs.Net();
      net.makeLayers(defs);
      const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: 0.05, batch_size: w.batch, l2_decay: 0 });
      const data = w.kind === 'train' ? train : test;
      const vols = Array.from({ length: w.samples }, (_, i) => {
        const v = w.arch === 'mlp' ? new convnetjs.Vol(1, 1, 784, 0) : new convnetjs.Vol(28, 28, 1, 0);
        v.w.set(data.x.subarray(i * 784, (i + 1) * 784));
        return v;
      });
      const run = async () => {
        if (w.kind === 'train') for (let i = 0; i < vols.length; i++) trainer.train(vols[i], data.labels[i]);
        else for (const v of vols) net.forward(v);
      };
      await run();
      return { run, dispose: () => {} };
    }
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface BenchResult {
  workload: string;
  who: string;
  samplesPerSecond: number;
}

export async function runBench({ quick = false, only = '' } = {}): Promise<BenchResult[]> {
  const { train, test } = await loadMnistFile();
  const trainData: Data = { x: train.x, labels: train.labels, n: train.n };
  const testData: Data = { x: test.x, labels: test.labels, n: test.n };
  const rounds = quick ? 3 : 7;
  const tf: Tf = require('@tensorflow/tfjs');
  const tfWasm = require('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  console.log(`MNIST ${train.n} train / ${test.n} test digits; Node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(`tfjs ${tf.version.tfjs} wasm backend: SIMD ${simd ? 'on' : 'off'}, threads ${threads ? tfWasm.getThreadsCount() : 'unavailable in Node (1)'}`);
  console.log(`${rounds} rounds per workload, contestants alternating; figures are medians (samples/s)\n`);

  const peerMlp = ['tfjs-backend-wasm', 'convnetjs 0.3'];
  const workloads: Workload[] = [
    { id: 'MLP train b128', arch: 'mlp', kind: 'train', batch: 128, samples: 2048, peers: peerMlp },
    { id: 'MLP train b32', arch: 'mlp', kind: 'train', batch: 32, samples: 2048, peers: peerMlp },
    { id: 'MLP predict', arch: 'mlp', kind: 'predict', batch: 128, samples: 2000, peers: peerMlp },
    { id: 'CNN train b32', arch: 'cnn', kind: 'train', batch: 32, samples: quick ? 96 : 256, peers: ['convnetjs 0.3', 'tfjs-backend-wasm'] },
    { id: 'CNN predict', arch: 'cnn', kind: 'predict', batch: 128, samples: quick ? 256 : 1000, peers: ['tfjs-backend-wasm', 'convnetjs 0.3'] }
  ].filter((w) => !only || w.id.toLowerCase().includes(only.toLowerCase()));

  const contestants: Contestant[] = [
    ours('ours: wasm', 'wasm'),
    ours('ours: reference (plain JS)', 'reference'),
    ours('ours: gpu.js webasm', 'gpu:webasm'),
    tfjs(tf, 'tfjs-backend-wasm', 'wasm'),
    convnet()
  ];

  const results: BenchResult[] = [];
  for (const w of workloads) {
    console.log(`${w.id} (${w.samples} samples a run)`);
    const units: { who: string; unit: Unit; rates: number[] }[] = [];
    for (const c of contestants) {
      const unit = await c.prepare(w, trainData, testData);
      if (typeof unit === 'string') console.log(`  ${c.who.padEnd(28)} cannot run it: ${unit}`);
      else units.push({ who: c.who, unit, rates: [] });
    }
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < units.length; i++) {
        const u = units[(i + r) % units.length];
        const start = performance.now();
        await u.unit.run();
        u.rates.push(w.samples / ((performance.now() - start) / 1000));
      }
    }
    const rate = new Map(units.map((u) => [u.who, median(u.rates)]));
    for (const u of units) {
      const mine = rate.get(u.who) as number;
      const ratios = u.who.startsWith('ours')
        ? w.peers.filter((p) => rate.has(p)).map((p) => `${(mine / (rate.get(p) as number)).toFixed(2)}x ${p}`).join(', ')
        : '';
      console.log(`  ${u.who.padEnd(28)} ${mine.toFixed(0).padStart(8)}   ${ratios}`);
      results.push({ workload: w.id, who: u.who, samplesPerSecond: mine });
      u.unit.dispose();
    }
    console.log('');
  }
  return results;
}
