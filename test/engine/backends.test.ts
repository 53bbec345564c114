/**
 * Every backend Node offers (ours in WebAssembly, and each gpu.js mode) through the one
 * backend suite, plus the selection logic. gpu.js's 'cpu' mode runs the same kernel source as the others
 * (transpiled to JavaScript), so it is a backend under test, never the oracle: the
 * reference backend is.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/lib/engine/backend';
import { createGpuBackend } from '../../src/lib/engine/backends/gpu/index';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { createWasmBackend } from '../../src/lib/engine/backends/wasm/index';
import { chooseBackend, describeChoice, parseBackendParam } from '../../src/lib/engine/select';
import { backendSuite, expectClose } from './backendSuite';

backendSuite('wasm', createWasmBackend);
backendSuite('gpu:webasm, threaded', () => createGpuBackend({ mode: 'webasm', threads: 2 }));
backendSuite('gpu:webasm, one thread', () => createGpuBackend({ mode: 'webasm', threads: 1 }));
backendSuite('gpu:cpu', () => createGpuBackend({ mode: 'cpu' }));

describe('the suite can fail', () => {
  it('rejects a matmul whose rows are shifted by one', async () => {
    const a = { data: Float32Array.from({ length: 12 }, (_, i) => i - 5), shape: [3, 4] };
    const b = { data: Float32Array.from({ length: 8 }, (_, i) => (i % 3) - 1), shape: [4, 2] };
    const want = await referenceBackend.matmul(a, b);
    const shifted = { data: Float32Array.from(want.data, (_, i) => want.data[(i + 2) % want.data.length]), shape: want.shape };
    expect(() => expectClose(shifted, want, 4)).toThrow(/value \d+: got/);
  });

  it('rejects NaN', () => {
    const want = { data: Float32Array.of(1, 2), shape: [2] };
    expect(() => expectClose({ data: Float32Array.of(1, NaN), shape: [2] }, want)).toThrow(/value 1/);
  });
});

describe('gpu backend identity', () => {
  it('names the backend that really ran and labels its threads', async () => {
    const threaded = await createGpuBackend({ mode: 'webasm', threads: 2 });
    const single = await createGpuBackend({ mode: 'webasm', threads: 1 });
    const cpu = await createGpuBackend({ mode: 'cpu' });
    try {
      expect(threaded.name).toBe('gpu:webasm');
      expect(threaded.label).toBe('WebAssembly SIMD, 2 threads');
      expect(single.label).toBe('WebAssembly SIMD, 1 thread');
      expect(cpu.name).toBe('gpu:cpu');
    } finally {
      threaded.dispose();
      single.dispose();
      cpu.dispose();
    }
  });

  it('refuses a mode Node does not have, with the reason', async () => {
    await expect(createGpuBackend({ mode: 'webgl2' })).rejects.toThrow(/gpu:webgl2 unavailable: no WebGL2 context/);
  });
});

describe('wasm backend identity', () => {
  it('names itself and gives every compiled step a heap apart from the per-op calls and from each other', async () => {
    const backend = await createWasmBackend();
    expect(backend.name).toBe('wasm');
    expect(backend.label).toBe('WebAssembly SIMD (our kernels)');
    const plan = backend.planKernels();
    const other = backend.planKernels();
    expect(other).not.toBe(plan);
    expect(plan.name).toBe('wasm');
    plan.reserve(4096);
    plan.f32().fill(7, 0, 4096);
    other.reserve(4096);
    other.f32().fill(3, 0, 4096);
    const a = { data: new Float32Array(64 * 64).fill(1), shape: [64, 64] };
    await backend.matmul(a, a);
    await backend.conv2d({ data: new Float32Array(28 * 28).fill(1), shape: [1, 28, 28, 1] }, { data: new Float32Array(25 * 4).fill(1), shape: [5, 5, 1, 4] }, { strides: [1, 1], padding: 'same' });
    expect(plan.f32().subarray(0, 4096).every((v) => v === 7)).toBe(true);
  });

  it('refuses, with the reason, where WebAssembly has no SIMD', async () => {
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      await expect(createWasmBackend()).rejects.toThrow(/^wasm unavailable: this browser's WebAssembly has no SIMD/);
    } finally {
      validate.mockRestore();
    }
  });

  it('refuses, with the reason, where there is no WebAssembly at all', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    try {
      await expect(createWasmBackend()).rejects.toThrow('wasm unavailable: this browser has no WebAssembly');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('parseBackendParam', () => {
  it('reads ?backend= and canonicalises known names', () => {
    expect(parseBackendParam('?backend=webasm')).toBe('gpu:webasm');
    expect(parseBackendParam('seed=3&backend=%20WebGL2%20')).toBe('gpu:webgl2');
    expect(parseBackendParam(new URLSearchParams('backend=js'))).toBe('reference');
    expect(parseBackendParam('?backend=gpu:cpu')).toBe('gpu:cpu');
  });

  it("reads 'wasm' as our WebAssembly backend, 'webasm' as gpu.js's", () => {
    expect(parseBackendParam('?backend=wasm')).toBe('wasm');
    expect(parseBackendParam('?backend=WASM')).toBe('wasm');
    expect(parseBackendParam('?backend=webasm')).toBe('gpu:webasm');
    expect(parseBackendParam('?backend=gpu:webasm')).toBe('gpu:webasm');
  });

  it('leaves unknown names as written and absent ones undefined', () => {
    expect(parseBackendParam('?backend=quantum')).toBe('quantum');
    expect(parseBackendParam('?seed=1')).toBeUndefined();
    expect(parseBackendParam('?backend=')).toBeUndefined();
  });
});

describe('chooseBackend', () => {
  /** A stand-in backend: the reference's kernels, a name, and an artificial delay. */
  function fake(name: string, delayMs: number): Backend {
    const wait = () => new Promise((r) => setTimeout(r, delayMs));
    return {
      ...referenceBackend,
      name,
      label: name.toUpperCase(),
      dense: async (...args) => (await wait(), referenceBackend.dense(...args)),
      matmul: async (...args) => (await wait(), referenceBackend.matmul(...args))
    };
  }

  it('honours a working override without measuring', async () => {
    const choice = await chooseBackend({ override: 'gpu:webasm' });
    try {
      expect(choice.backend.name).toBe('gpu:webasm');
      expect(choice.reason).toBe('chosen by ?backend=gpu:webasm');
      expect(choice.measured).toEqual([]);
    } finally {
      choice.backend.dispose();
    }
  });

  it('falls back down the preference list, recording why each candidate was rejected', async () => {
    const choice = await chooseBackend({ calibrate: false });
    try {
      // Node has no WebGPU and no WebGL: the first that works is WebAssembly
      expect(choice.backend.name).toBe('gpu:webasm');
      expect(choice.rejected.map((r) => r.name)).toEqual(['gpu:webgpu', 'gpu:webgl2', 'gpu:webgl']);
      expect(choice.rejected[1].reason).toMatch(/no WebGL2 context/);
      expect(choice.reason).toBe('first that works, by preference');
    } finally {
      choice.backend.dispose();
    }
  });

  it('honours ?backend=wasm', async () => {
    const choice = await chooseBackend({ override: parseBackendParam('?backend=wasm') });
    try {
      expect(choice.backend.name).toBe('wasm');
      expect(describeChoice(choice)).toBe('training on: WebAssembly SIMD (our kernels) (chosen by ?backend=wasm)');
    } finally {
      choice.backend.dispose();
    }
  });

  it('rejects a bogus override with a clear reason and chooses without it', async () => {
    const choice = await chooseBackend({ override: 'quantum', calibrate: false, candidates: ['reference'] });
    expect(choice.backend).toBe(referenceBackend);
    expect(choice.rejected[0]).toEqual({ name: 'quantum', reason: expect.stringMatching(/unknown backend "quantum" \(known: gpu:webgpu, .*wasm, reference\)/) });
    expect(describeChoice(choice)).toMatch(/^training on: plain JavaScript \(\?backend=quantum not used: unknown backend/);
  });

  it('rejects an override that does not work here and says why', async () => {
    const choice = await chooseBackend({ override: 'gpu:webgl2', calibrate: false, candidates: ['reference'] });
    expect(choice.backend.name).toBe('reference');
    expect(choice.reason).toMatch(/^\?backend=gpu:webgl2 not used: gpu:webgl2 unavailable/);
  });

  it('measures every working candidate and picks the fastest, not the first', async () => {
    const made: string[] = [];
    const create = async (name: string) => {
      made.push(name);
      if (name === 'broken') throw new Error('no such device');
      return fake(name, name === 'slow' ? 30 : 1);
    };
    const choice = await chooseBackend({ candidates: ['broken', 'slow', 'quick'], create });
    expect(made).toEqual(['broken', 'slow', 'quick']);
    expect(choice.backend.name).toBe('quick');
    expect(choice.measured.map((m) => m.name)).toEqual(['quick', 'slow']);
    expect(choice.measured[0].ms).toBeLessThan(choice.measured[1].ms);
    expect(choice.rejected).toEqual([{ name: 'broken', reason: 'no such device' }]);
    expect(describeChoice(choice)).toBe('training on: QUICK (fastest of 2 measured)');
  });

  it('rejects a candidate that computes a wrong result during calibration', async () => {
    const wrong: Backend = { ...fake('wrong', 0), dense: async (x, w, b, a) => {
      const y = await referenceBackend.dense(x, w, b, a);
      return { data: y.data.map((v) => v + 1), shape: y.shape };
    } };
    const create = async (name: string) => (name === 'wrong' ? wrong : fake(name, 5));
    const choice = await chooseBackend({ candidates: ['wrong', 'right'], create });
    expect(choice.backend.name).toBe('right');
    expect(choice.rejected).toEqual([{ name: 'wrong', reason: 'computed a wrong result on the calibration workload' }]);
  });

  it('calibrates the real candidates in Node, the reference included', async () => {
    const choice = await chooseBackend({ candidates: ['gpu:webasm', 'gpu:cpu', 'wasm', 'reference'] });
    try {
      expect(choice.measured.map((m) => m.name).sort()).toEqual(['gpu:cpu', 'gpu:webasm', 'reference', 'wasm']);
      expect(choice.backend.name).toBe(choice.measured[0].name);
      expect(describeChoice(choice)).toBe(`training on: ${choice.backend.label} (fastest of 4 measured)`);
    } finally {
      choice.backend.dispose();
    }
  });
});
