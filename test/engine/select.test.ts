/**
 * The chooser: the one list of backend names, software GPUs skipped unless named, one
 * real training step of the model timed on each working candidate, the line the learner
 * reads, and the fallback after a backend fails mid-fit. Fake candidates stand in where a
 * machine would be needed (a GPU, a given renderer); their speed is set by delays, never
 * asserted from the clock of real work.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/lib/engine/backend';
import { backendNames, gpuModeNames, parseBackendParam, resolveBackendName, unknownBackendMessage } from '../../src/lib/engine/backendNames';
import { gpuModes } from '../../src/lib/engine/backends/gpu/index';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { jsKernels } from '../../src/lib/engine/plan/jsKernels';
import { BackendPool, chooseBackend, describeChoice, fallBack, type StepTrial } from '../../src/lib/engine/select';
import { softwareAdapterReason, softwareGpuReason, softwareRendererReason } from '../../src/lib/engine/softwareGpu';
import { stepTrial } from '../../src/lib/sim/training/stepTrial';
import type { TrainingJob } from '../../src/lib/sim/training/protocol';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stand-in: the reference's kernels under another name; `plans` gives it compiled steps. */
function fake(name: string, plans = false): Backend {
  return { ...referenceBackend, name, label: name.toUpperCase(), ...(plans ? { planKernels: () => jsKernels() } : {}) };
}

/** A pool of stand-ins, `missing` ones refusing to build; records what was built. */
function fakePool(missing: string[] = []) {
  const built: string[] = [];
  const pool = new BackendPool(async (name) => {
    built.push(name);
    if (missing.includes(name)) throw new Error(`${name} is not here`);
    return name === 'reference' ? referenceBackend : fake(name, name === 'wasm');
  });
  return { pool, built };
}

/** A trial whose steps take `delays[name]` ms and compute `losses[name]` (default 0.7). */
function timedTrial(delays: Record<string, number>, losses: Record<string, number> = {}) {
  const steps: Record<string, number> = {};
  const trial: StepTrial = async (backend) => async () => {
    steps[backend.name] = (steps[backend.name] ?? 0) + 1;
    await sleep(delays[backend.name] ?? 1);
    return losses[backend.name] ?? 0.7;
  };
  return { trial, steps };
}

const renderers: Record<string, string> = {
  swiftshader: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  llvmpipe: 'llvmpipe (LLVM 15.0.7, 256 bits)',
  basic: 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
  nvidia: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
  apple: 'Apple M2'
};

describe('the one list of backend names', () => {
  it("agrees with the GPU modes backends/gpu drives", () => {
    expect([...gpuModeNames]).toEqual([...gpuModes]);
  });

  it('reads names and aliases in any case, canonically', () => {
    expect(resolveBackendName('webgl2')).toBe('gpu:webgl2');
    expect(resolveBackendName(' WebGPU ')).toBe('gpu:webgpu');
    expect(resolveBackendName('WASM')).toBe('wasm');
    expect(resolveBackendName('js')).toBe('reference');
    expect(resolveBackendName('javascript')).toBe('reference');
    // ours is 'wasm'; gpu.js's WebAssembly mode stays 'webasm'
    expect(resolveBackendName('webasm')).toBe('gpu:webasm');
    expect(resolveBackendName('quantum')).toBeUndefined();
    for (const name of backendNames) expect(resolveBackendName(name)).toBe(name);
  });

  it('reads ?backend= from a query string', () => {
    expect(parseBackendParam('?backend=webgl2')).toBe('gpu:webgl2');
    expect(parseBackendParam('?backend=wasm')).toBe('wasm');
    expect(parseBackendParam('seed=3&backend=%20js%20')).toBe('reference');
    expect(parseBackendParam(new URLSearchParams('backend=gpu:cpu'))).toBe('gpu:cpu');
    expect(parseBackendParam('?backend=Quantum')).toBe('quantum');
    expect(parseBackendParam('?seed=1')).toBeUndefined();
    expect(parseBackendParam('?backend=')).toBeUndefined();
  });

  it('answers an unknown name with every known one', () => {
    const message = unknownBackendMessage('quantum');
    expect(message).toMatch(/^unknown backend "quantum" \(known: /);
    for (const name of [...backendNames, 'js', 'webgl2', 'webgpu']) expect(message).toContain(name);
  });
});

describe('software GPUs', () => {
  it('are told from real ones by the renderer string', () => {
    expect(softwareRendererReason(renderers.swiftshader)).toBe('software renderer (SwiftShader)');
    expect(softwareRendererReason(renderers.llvmpipe)).toBe('software renderer (llvmpipe)');
    expect(softwareRendererReason(renderers.basic)).toBe('software renderer (Microsoft Basic Render Driver)');
    expect(softwareRendererReason(renderers.nvidia)).toBeNull();
    expect(softwareRendererReason(renderers.apple)).toBeNull();
  });

  it('and by what a WebGPU adapter says of itself', () => {
    expect(softwareAdapterReason({ isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader', description: '' })).toBe(
      'fallback adapter, software renderer (SwiftShader)'
    );
    expect(softwareAdapterReason({ isFallbackAdapter: true })).toBe('fallback adapter');
    expect(softwareAdapterReason({ isFallbackAdapter: false, vendor: 'mesa', description: 'llvmpipe' })).toBe('software renderer (llvmpipe)');
    expect(softwareAdapterReason({ isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere' })).toBeNull();
  });

  it('cannot be asked about in Node, which has no GPU at all', async () => {
    expect(await softwareGpuReason('gpu:webgl2')).toBeNull();
    expect(await softwareGpuReason('wasm')).toBeNull();
  });

  it('are skipped with their reason, never built or measured', async () => {
    const { pool, built } = fakePool();
    const facts: Record<string, string> = { 'gpu:webgl2': renderers.swiftshader };
    const software = async (name: string) =>
      name === 'gpu:webgpu' ? softwareAdapterReason({ isFallbackAdapter: true }) : facts[name] ? softwareRendererReason(facts[name]) : null;
    const { trial } = timedTrial({ wasm: 1, reference: 4 });
    const choice = await chooseBackend({ trial, pool, software });
    expect(built).toEqual(['wasm', 'reference']);
    expect(choice.rejected).toEqual([
      { name: 'gpu:webgpu', title: 'WebGPU', reason: 'fallback adapter', kind: 'skipped' },
      { name: 'gpu:webgl2', title: 'WebGL2', reason: 'software renderer (SwiftShader)', kind: 'skipped' }
    ]);
    expect(choice.measured.map((m) => m.name)).toEqual(['wasm', 'reference']);
    expect(describeChoice(choice, null)).toBe(
      'training on: WASM, compiled step — fastest of 2 measured; WebGPU skipped: fallback adapter; WebGL2 skipped: software renderer (SwiftShader)'
    );
  });

  it('are used when ?backend= names them', async () => {
    const { pool } = fakePool();
    const software = async () => 'software renderer (SwiftShader)';
    const choice = await chooseBackend({ override: parseBackendParam('?backend=webgl2'), trial: timedTrial({}).trial, pool, software });
    expect(choice.backend.name).toBe('gpu:webgl2');
    expect(describeChoice(choice, null)).toBe('training on: GPU:WEBGL2, op by op — chosen by ?backend=gpu:webgl2');
    expect(choice.fallbacks).toEqual(['gpu:webgpu', 'wasm', 'reference']);
  });

  it('are measured like any other when the renderer is a real GPU', async () => {
    const { pool } = fakePool(['gpu:webgpu']);
    const software = async (name: string) => (name === 'gpu:webgl2' ? softwareRendererReason(renderers.nvidia) : null);
    const choice = await chooseBackend({ trial: timedTrial({ 'gpu:webgl2': 1, wasm: 12, reference: 30 }).trial, pool, software });
    expect(choice.backend.name).toBe('gpu:webgl2');
    expect(choice.rejected).toEqual([{ name: 'gpu:webgpu', title: 'WebGPU', reason: 'gpu:webgpu is not here', kind: 'unavailable' }]);
    expect(choice.fallbacks).toEqual(['wasm', 'reference']);
  });
});

describe('choosing by one real step of the model', () => {
  const software = async () => null;

  it('times a warm-up and three steps on each candidate and takes the fastest, not the first', async () => {
    const { pool } = fakePool();
    const { trial, steps } = timedTrial({ 'gpu:webgpu': 8, 'gpu:webgl2': 1, wasm: 3, reference: 5 });
    const choice = await chooseBackend({ trial, pool, software });
    expect(choice.backend.name).toBe('gpu:webgl2');
    expect(choice.measured.map((m) => m.name)).toEqual(['gpu:webgl2', 'wasm', 'reference', 'gpu:webgpu']);
    expect(choice.measured[0].ms).toBeLessThan(choice.measured[2].ms);
    // the first candidate sets no bar; after it, one timed step over 4x the best is enough to lose
    expect(steps['gpu:webgpu']).toBe(4);
    expect(steps.wasm).toBe(4);
    expect(choice.fallbacks).toEqual(['wasm', 'reference', 'gpu:webgpu']);
    expect(choice.reason).toBe('fastest of 4 measured');
  });

  it('stops timing a candidate whose first timed step already loses by far', async () => {
    const { pool } = fakePool();
    const { trial, steps } = timedTrial({ wasm: 2, reference: 60 });
    const choice = await chooseBackend({ trial, pool, software, candidates: ['wasm', 'reference'] });
    expect(steps).toEqual({ wasm: 4, reference: 2 });
    expect(choice.measured[1]).toMatchObject({ name: 'reference', cut: true });
  });

  it('rejects a candidate whose first step computes another loss than plain JavaScript', async () => {
    const { pool } = fakePool();
    const { trial } = timedTrial({ wasm: 1, reference: 3 }, { wasm: 0.9, reference: 0.7 });
    const choice = await chooseBackend({ trial, pool, software, candidates: ['wasm', 'reference'] });
    expect(choice.backend.name).toBe('reference');
    expect(choice.rejected).toEqual([{ name: 'wasm', title: 'WASM', reason: "its first step's loss was 0.900000, plain JavaScript's 0.700000", kind: 'failed' }]);
  });

  it('rejects a candidate whose step fails, and says so in the line', async () => {
    const { pool } = fakePool();
    const trial: StepTrial = async (backend) => {
      if (backend.name === 'wasm') throw new Error('needs 2 GiB, holds 1 GiB');
      return async () => 0.7;
    };
    const choice = await chooseBackend({ trial, pool, software, candidates: ['wasm', 'reference'] });
    expect(describeChoice(choice, null)).toBe("training on: plain JavaScript, op by op — the only one that ran this model's step; WASM failed: needs 2 GiB, holds 1 GiB");
  });

  it('takes the first that works when there is no step to time', async () => {
    const { pool, built } = fakePool(['gpu:webgpu']);
    const choice = await chooseBackend({ pool, software });
    expect(built).toEqual(['gpu:webgpu', 'gpu:webgl2']);
    expect(choice.reason).toBe('first that works, by preference');
  });

  it('answers an unknown ?backend= with the known names and chooses without it', async () => {
    const { pool } = fakePool();
    const choice = await chooseBackend({ override: parseBackendParam('?backend=quantum'), pool, software, candidates: ['reference'] });
    expect(choice.backend).toBe(referenceBackend);
    expect(choice.rejected[0]).toMatchObject({ name: 'quantum', kind: 'unknown' });
    expect(describeChoice(choice)).toMatch(/^training on: plain JavaScript — \?backend=quantum not used: unknown backend "quantum" \(known: gpu:webgpu, .*wasm, reference, js, javascript, webgpu, webgl2/);
  });

  it('says why a ?backend= that does not work here was not used', async () => {
    const choice = await chooseBackend({ override: 'webgl2', candidates: ['reference'] });
    expect(choice.backend.name).toBe('reference');
    expect(choice.reason).toMatch(/^\?backend=gpu:webgl2 not used: gpu:webgl2 unavailable: no WebGL2 context/);
  });

  it('honours ?backend=wasm and ?backend=js in Node', async () => {
    for (const [query, name] of [['?backend=wasm', 'wasm'], ['?backend=js', 'reference']]) {
      const choice = await chooseBackend({ override: parseBackendParam(query) });
      expect(choice.backend.name).toBe(name);
      expect(choice.reason).toBe(`chosen by ?backend=${name}`);
    }
  });
});

describe('the line the learner reads', () => {
  const choice = { reason: 'fastest of 2 measured', rejected: [] };

  it('says whether the model runs as a compiled step, and why not', () => {
    const wasm = fake('wasm', true);
    expect(describeChoice({ ...choice, backend: wasm }, null)).toBe('training on: WASM, compiled step — fastest of 2 measured');
    expect(describeChoice({ ...choice, backend: wasm }, "a typed activation runs op by op (dense's f)")).toBe(
      "training on: WASM, op by op: a typed activation runs op by op (dense's f) — fastest of 2 measured"
    );
    expect(describeChoice({ ...choice, backend: referenceBackend }, 'plain JavaScript runs op by op')).toBe('training on: plain JavaScript, op by op — fastest of 2 measured');
    expect(describeChoice({ ...choice, backend: referenceBackend })).toBe('training on: plain JavaScript — fastest of 2 measured');
    // a backend that could run compiled steps, for a model that does not use them there
    const gpu = { ...fake('gpu:webgl2'), planRunner: () => { throw new Error('not run here'); } };
    expect(describeChoice({ ...choice, backend: gpu }, 'GPU:WEBGL2 runs op by op')).toBe('training on: GPU:WEBGL2, op by op — fastest of 2 measured');
  });
});

describe('falling back after a failure mid-fit', () => {
  it('takes the next that works, skipping a software GPU, plain JavaScript at the latest', async () => {
    const { pool } = fakePool(['wasm']);
    const first = await chooseBackend({ override: 'webgpu', pool, software: async () => null });
    expect(first.fallbacks).toEqual(['gpu:webgl2', 'wasm', 'reference']);
    const next = await fallBack(first, new Error('GPU device lost'), { pool, software: async (name) => (name === 'gpu:webgl2' ? 'software renderer (SwiftShader)' : null) });
    expect(next?.backend.name).toBe('reference');
    expect(next?.reason).toBe('GPU:WEBGPU failed mid-fit (GPU device lost), so training went on here from the weights it had reached');
    expect(next?.rejected.map((r) => [r.name, r.kind])).toEqual([
      ['gpu:webgl2', 'skipped'],
      ['wasm', 'unavailable']
    ]);
    expect(next?.fallbacks).toEqual([]);
    expect(await fallBack(next!, new Error('out of memory'), { pool })).toBeNull();
  });
});

describe('the real candidates in Node', () => {
  /** The digits lab's default model, on random digits: one batch is all a trial reads. */
  const mlpJob = (batchSize: number): TrainingJob => ({
    model: {
      inputShape: [784],
      layers: [{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }],
      optimizer: 'sgd',
      loss: 'sparseCategoricalCrossentropy',
      learningRate: 0.1,
      seed: 1
    },
    x: { data: Float32Array.from({ length: batchSize * 784 }, (_, i) => ((i * 7919) % 256) / 255), shape: [batchSize, 784] },
    y: { data: Float32Array.from({ length: batchSize }, (_, i) => i % 10), shape: [batchSize] },
    epochs: 1,
    batchSize,
    shuffle: false,
    seed: 1
  });

  it('measures our kernels and plain JavaScript on one step of an MLP, which agree on its loss', async () => {
    const choice = await chooseBackend({ trial: stepTrial(mlpJob(32)) });
    try {
      // Node has no GPU: both GPU modes are unavailable, not skipped
      expect(choice.rejected.map((r) => [r.name, r.kind])).toEqual([
        ['gpu:webgpu', 'unavailable'],
        ['gpu:webgl2', 'unavailable']
      ]);
      expect(choice.measured.map((m) => m.name).sort()).toEqual(['reference', 'wasm']);
      expect(choice.backend.name).toBe(choice.measured[0].name);
      console.log(describeChoice(choice), JSON.stringify(choice.measured));
    } finally {
      choice.backend.dispose();
    }
  });
});
