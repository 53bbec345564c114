/**
 * The browser benchmark's page (see benchBrowser.mjs for how it is served and driven).
 * Our compiled training step on the GPU (gpu:webgl2, gpu:webgpu) and on any backend that
 * offers plan kernels (the heap runner: 'wasm' once it exists), against tfjs's webgl,
 * webgpu and wasm backends, training the SAME models on the same MNIST digits in this
 * one page, contestants alternating round by round, medians and ratios printed. Also
 * printed: what each GPU really is (the WebGL renderer, the WebGPU adapter) and, per
 * training step, what crossed between the page and the GPU (scripts/gpuTransfers.ts).
 *
 * Models, identical on every side: MLP 784-128(relu)-10(softmax), SGD 0.05, batch 128 and
 * 32; the ConvNetJS MNIST CNN: conv 8@5x5 'same' relu, max pool 2, conv 16@5x5 'same'
 * relu, max pool 3 stride 3 'valid' (4x4x16 = 256 values, as ConvNetJS pools), dense 10
 * softmax, SGD 0.05, batch 32.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { GPU } from 'gpu.js';
import type { Backend } from '$lib/engine/backend';
import { createGpuBackend } from '$lib/engine/backends/gpu/index';
import { setBackend } from '$lib/engine/ops';
import type { ModelDescriptor } from '$lib/engine/plan/compile';
import { PlanRunner } from '$lib/engine/plan/runner';
import { createBackend } from '$lib/engine/select';
import type { Tensor } from '$lib/engine/tensor';
import { fetchMnist } from '$lib/datasets/mnist';
import { conv2d } from '$lib/models/layers/conv2d';
import { dense } from '$lib/models/layers/dense';
import { flatten } from '$lib/models/layers/flatten';
import { maxPooling2d } from '$lib/models/layers/maxPooling2d';
import { sequential } from '$lib/models/sequential';
import { installTransferCounters, transferCounts, transfersBetween, type TransferCounts } from './gpuTransfers';

type Arch = 'mlp' | 'cnn';

interface Workload {
  id: string;
  arch: Arch;
  batch: number;
  /** samples per timed run */
  samples: number;
}

/** One contestant ready for one workload: run() trains once over the workload's samples. */
interface Unit {
  run(): Promise<void>;
  dispose(): void;
}

interface Contestant {
  who: string;
  /** what the ratios are taken against */
  peer: boolean;
  /** the unit, or why this contestant cannot run the workload */
  prepare(w: Workload, data: Batches): Promise<Unit | string>;
}

interface Batches {
  /** the workload's samples, batch by batch */
  x: Tensor[];
  labels: Tensor[];
}

export interface BenchRow {
  workload: string;
  who: string;
  samplesPerSecond: number;
  /** per training step, from the last timed run */
  transfers: TransferCounts;
}

export interface BenchOptions {
  rounds: number;
  /** multiplies the samples of every workload */
  scale: number;
  only: string;
  /** also time the per-op path of the gpu backend (slow: a readback per op) */
  perOp: boolean;
}

const LEARNING_RATE = 0.05;

function ourLayers(arch: Arch) {
  return arch === 'mlp'
    ? [dense(128, 'relu', { inputShape: [784] }), dense(10, 'softmax')]
    : [
        conv2d(8, 5, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
        maxPooling2d({ poolSize: 2 }),
        conv2d(16, 5, { padding: 'same', activation: 'relu' }),
        maxPooling2d({ poolSize: 3, strides: 3 }),
        flatten(),
        dense(10, 'softmax')
      ];
}

/** The same models as the engine's plans see them. */
function descriptor(arch: Arch): ModelDescriptor {
  const optimizer = { kind: 'sgd', learningRate: LEARNING_RATE, momentum: 0 } as const;
  if (arch === 'mlp') {
    return {
      inputShape: [784],
      layers: [
        { kind: 'dense', name: 'dense', units: 128, activation: 'relu' },
        { kind: 'dense', name: 'dense_1', units: 10, activation: 'softmax' }
      ],
      loss: 'sparseCategoricalCrossentropy',
      optimizer
    };
  }
  const same = { strides: [1, 1], padding: 'same', activation: 'relu' } as const;
  return {
    inputShape: [28, 28, 1],
    layers: [
      { kind: 'conv2d', name: 'conv2d', filters: 8, kernel: [5, 5], ...same },
      { kind: 'maxPool2d', name: 'max_pooling2d', pool: [2, 2], strides: [2, 2], padding: 'valid' },
      { kind: 'conv2d', name: 'conv2d_1', filters: 16, kernel: [5, 5], ...same },
      { kind: 'maxPool2d', name: 'max_pooling2d_1', pool: [3, 3], strides: [3, 3], padding: 'valid' },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'dense', units: 10, activation: 'softmax' }
    ],
    loss: 'sparseCategoricalCrossentropy',
    optimizer
  };
}

/** Initial weights, the same for every contestant of ours (seeded Glorot, as the models draw them). */
function initialWeights(arch: Arch): Tensor[] {
  return sequential(ourLayers(arch), { seed: 1 }).getWeights();
}

/** Our compiled step on a GPU mode, through the gpu backend's plan runner. */
function oursOnGpu(mode: 'webgl2' | 'webgpu'): Contestant {
  let backend: Backend | null = null;
  return {
    who: `ours: gpu:${mode}`,
    peer: false,
    async prepare(w, data) {
      try {
        backend ??= await createGpuBackend({ mode });
      } catch (error) {
        return (error as Error).message;
      }
      if (!backend.planRunner) return `gpu:${mode} offers no compiled step`;
      const runner = backend.planRunner(descriptor(w.arch), { rows: w.batch });
      await runner.loadWeights(initialWeights(w.arch));
      await runner.loadOptimizerState({ iterations: 0, slots: [] });
      const run = async () => {
        for (let i = 0; i < data.x.length; i++) await runner.trainStep(data.x[i], data.labels[i]);
      };
      await run();
      return { run, dispose: () => runner.dispose() };
    }
  };
}

/** Our compiled step on a backend with heap plan kernels (the WebAssembly backend). */
function oursOnHeap(name: string): Contestant {
  return {
    who: `ours: ${name}`,
    peer: false,
    async prepare(w, data) {
      let backend: Backend;
      try {
        backend = await createBackend(name);
      } catch (error) {
        return (error as Error).message;
      }
      const kernels = backend.planKernels?.();
      if (!kernels) return `${backend.name} offers no compiled step here`;
      const runner = new PlanRunner(kernels, descriptor(w.arch), { rows: w.batch });
      runner.loadWeights(initialWeights(w.arch));
      const run = async () => {
        for (let i = 0; i < data.x.length; i++) runner.trainStep(data.x[i], data.labels[i]);
      };
      await run();
      return { run, dispose: () => {} };
    }
  };
}

/** The per-op path on a GPU mode: every op reads its result back (what the compiled step replaces). */
function oursPerOp(mode: 'webgl2' | 'webgpu'): Contestant {
  return {
    who: `ours: gpu:${mode} per op`,
    peer: false,
    async prepare(w, data) {
      let backend: Backend;
      try {
        backend = await createGpuBackend({ mode });
      } catch (error) {
        return (error as Error).message;
      }
      const model = sequential(ourLayers(w.arch), { seed: 1 });
      model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: LEARNING_RATE });
      const run = async () => {
        setBackend(backend);
        for (let i = 0; i < data.x.length; i++) await model.trainOnBatch(data.x[i], data.labels[i]);
      };
      await run();
      return { run, dispose: () => backend.dispose() };
    }
  };
}

function tfjs(backendName: string): Contestant {
  return {
    who: `tfjs-${backendName}`,
    peer: true,
    async prepare(w, data) {
      if (!tf.findBackendFactory(backendName)) {
        return backendName === 'webgpu' ? 'not installed (the package @tensorflow/tfjs-backend-webgpu is no dependency)' : `tfjs has no ${backendName} backend`;
      }
      if (!(await tf.setBackend(backendName).catch(() => false))) return `tfjs's ${backendName} backend does not start here`;
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
      const model = tf.sequential({ layers });
      model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: 'sparseCategoricalCrossentropy' });
      const xs = data.x.map((x) => tf.tensor(x.data, x.shape as number[]));
      const ys = data.labels.map((y) => tf.tensor(y.data, [y.data.length]));
      const run = async () => {
        await tf.setBackend(backendName);
        // trainOnBatch reads the loss back each step, as ours does
        for (let i = 0; i < xs.length; i++) await model.trainOnBatch(xs[i], ys[i]);
      };
      try {
        await run();
      } catch (error) {
        model.dispose();
        return (error as Error).message.split('\n')[0];
      }
      return { run, dispose: () => (model.dispose(), tf.dispose([...xs, ...ys])) };
    }
  };
}

/** What the GPUs here are: the WebGL renderer and the WebGPU adapter (a fallback adapter emulates one on the CPU). */
async function describeDevices(): Promise<string[]> {
  const lines: string[] = [];
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    lines.push(`WebGL2 renderer: ${info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)}`);
  } else lines.push('WebGL2: none');
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = (await gpu?.requestAdapter().catch(() => null)) as
    | { info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean }
    | null
    | undefined;
  if (adapter) {
    const i = adapter.info ?? {};
    const fallback = i.isFallbackAdapter ?? adapter.isFallbackAdapter;
    lines.push(`WebGPU adapter: ${[i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'unnamed'}${fallback ? ' (fallback adapter: emulated on the CPU)' : ''}`);
  } else lines.push(`WebGPU: ${gpu ? 'no adapter' : 'not in this browser'}`);
  lines.push(`gpu.js sees: WebGL2 ${GPU.isWebGL2Supported}, WebGPU ${await GPU.isWebGPUAvailable()}`);
  return lines;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function batches(digits: { x: Float32Array; labels: Int32Array }, w: Workload): Batches {
  const out: Batches = { x: [], labels: [] };
  const shape = w.arch === 'mlp' ? [784] : [28, 28, 1];
  for (let start = 0; start + w.batch <= w.samples; start += w.batch) {
    out.x.push({ data: digits.x.slice(start * 784, (start + w.batch) * 784), shape: [w.batch, ...shape] });
    out.labels.push({ data: Float32Array.from(digits.labels.subarray(start, start + w.batch)), shape: [w.batch] });
  }
  return out;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  installTransferCounters();
  const log = (line: string) => console.log(line);
  for (const line of await describeDevices()) log(line);
  setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  setThreadsCount(navigator.hardwareConcurrency || 1);
  const { train } = await fetchMnist('/src/static/data/mnist.bin');
  log(`tfjs ${tf.version.tfjs}; ${navigator.hardwareConcurrency} logical cores; ${options.rounds} rounds, contestants alternating; medians in samples/s\n`);

  const workloads: Workload[] = [
    { id: 'MLP train b128', arch: 'mlp', batch: 128, samples: Math.round(512 * options.scale / 128) * 128 || 128 },
    { id: 'MLP train b32', arch: 'mlp', batch: 32, samples: Math.round(256 * options.scale / 32) * 32 || 32 },
    { id: 'CNN train b32', arch: 'cnn', batch: 32, samples: Math.round(64 * options.scale / 32) * 32 || 32 }
  ].filter((w) => !options.only || w.id.toLowerCase().includes(options.only.toLowerCase()));

  const contestants: Contestant[] = [
    oursOnGpu('webgl2'),
    oursOnGpu('webgpu'),
    oursOnHeap('wasm'),
    ...(options.perOp ? [oursPerOp('webgl2')] : []),
    tfjs('webgl'),
    tfjs('webgpu'),
    tfjs('wasm')
  ];

  const rows: BenchRow[] = [];
  for (const w of workloads) {
    log(`${w.id} (${w.samples} samples a run, ${w.samples / w.batch} steps)`);
    const data = batches(train, w);
    const units: { who: string; peer: boolean; unit: Unit; rates: number[]; transfers: TransferCounts }[] = [];
    for (const c of contestants) {
      const unit = await c.prepare(w, data);
      if (typeof unit === 'string') log(`  ${c.who.padEnd(26)} cannot run it: ${unit}`);
      else units.push({ who: c.who, peer: c.peer, unit, rates: [], transfers: transferCounts() });
    }
    for (let r = 0; r < options.rounds; r++) {
      for (let i = 0; i < units.length; i++) {
        const u = units[(i + r) % units.length];
        const counted = transferCounts();
        const start = performance.now();
        await u.unit.run();
        u.rates.push(w.samples / ((performance.now() - start) / 1000));
        u.transfers = transfersBetween(counted, transferCounts(), w.samples / w.batch);
      }
    }
    const rate = new Map(units.map((u) => [u.who, median(u.rates)]));
    const webgl = rate.get('tfjs-webgl');
    for (const u of units) {
      const mine = rate.get(u.who) as number;
      const peers = u.peer ? [] : units.filter((p) => p.peer).map((p) => `${(mine / (rate.get(p.who) as number)).toFixed(2)}x ${p.who}`);
      const t = u.transfers;
      log(
        `  ${u.who.padEnd(26)} ${mine.toFixed(0).padStart(7)}   per step: ${fmt(t.readbacks)} readbacks, ${fmt(t.uploads)} uploads` +
          ` (${(t.uploadBytes / 1024).toFixed(0)} KiB), ${fmt(t.polls)} fence polls${t.paramWrites ? `, ${fmt(t.paramWrites)} parameter writes` : ''}` +
          (peers.length ? `   ${peers.join(', ')}` : '')
      );
      rows.push({ workload: w.id, who: u.who, samplesPerSecond: mine, transfers: t });
      u.unit.dispose();
    }
    if (webgl === undefined) log('  (no tfjs-webgl figure: no ratio against it)');
    log('');
  }
  return rows;
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
