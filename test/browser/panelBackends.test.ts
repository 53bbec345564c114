/**
 * `?backend=` on every lab that trains in the worker, in Chromium with the real worker:
 * the playground, the activation lab and the MNIST lab, each read from a link as the
 * chapter page reads it and handed to the lab as its panel hands it. WebGL2 here is
 * SwiftShader: honoured when a link names it, skipped (with the reason) when nobody does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/datasets/types';
import { ActivationLabSim } from '../../src/lib/sim/ActivationLabSim.svelte';
import { MnistLab } from '../../src/lib/sim/MnistLab.svelte';
import { labVariants } from '../../src/lib/sim/mnistLabSpec';
import { Playground } from '../../src/lib/sim/playground/Playground.svelte';
import { parseUrlState } from '../../src/lib/sim/urlState';

/** What the chapter page hands a panel for a link's query. */
const linkBackend = (query: string) => {
  const { backend } = parseUrlState(query).values;
  return backend === 'auto' ? undefined : backend;
};

function digits(n: number): Dataset {
  return {
    name: 'mnist',
    n,
    x: Float32Array.from({ length: n * 784 }, (_, i) => ((i * 7919) % 256) / 255),
    sampleShape: [28, 28, 1],
    labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    featureNames: [],
    classNames: [...'0123456789'],
    notes: []
  };
}

interface Lab {
  readonly backendLine: string;
  start(): void;
  dispose(): void;
}

const labs: Record<string, (backend: string | undefined) => Lab> = {
  playground(backend) {
    const pg = new Playground({ seed: 1, backend });
    return { get backendLine() { return pg.backendLine; }, start: () => pg.step(), dispose: () => pg.dispose() };
  },
  'activation lab'(backend) {
    const lab = new ActivationLabSim({ initial: 'log(1 + exp(x))', seed: 1, backend });
    return { get backendLine() { return lab.run.backendLine; }, start: () => lab.train(), dispose: () => lab.dispose() };
  },
  'MNIST lab'(backend) {
    const config = { ...structuredClone(labVariants.mlp.defaults), epochs: 1, dataset: 'small' as const, trainingSize: 1000 };
    const lab = new MnistLab({ seed: 1, backend, config, loadData: async () => ({ train: digits(64), test: digits(32) }) });
    return { get backendLine() { return lab.backendLine; }, start: () => void lab.fit(), dispose: () => lab.dispose() };
  }
};

let open: Lab | null = null;
afterEach(() => {
  open?.dispose();
  open = null;
});

async function lineOf(lab: string, query: string): Promise<string> {
  open = labs[lab](linkBackend(query));
  open.start();
  const current = open;
  await expect.poll(() => current.backendLine, { timeout: 90_000, interval: 50 }).not.toBe('');
  return current.backendLine;
}

describe.each(Object.keys(labs))('the %s', (lab) => {
  it.each([
    ['?backend=webgl2', 'WebGL2', 'gpu:webgl2'],
    ['?backend=wasm', 'WebAssembly SIMD (our kernels)', 'wasm'],
    ['?backend=js', 'plain JavaScript', 'reference']
  ])('trains on %s', async (query, label, name) => {
    expect(await lineOf(lab, query)).toMatch(new RegExp(`^training on: ${label.replace(/[()]/g, '\\$&')}, (compiled step|op by op).* — chosen by \\?backend=${name}$`));
  });
});

it('skips WebGL2 on SwiftShader when no link names it, and says so', async () => {
  expect(await lineOf('playground', '')).toMatch(/^training on: .+ — .+; WebGL2 skipped: software renderer \(SwiftShader\)$/);
});
