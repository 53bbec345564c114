/**
 * Every backend Node offers (ours in WebAssembly, and each gpu.js mode) through the one
 * backend suite (the chooser among them is tested in select.test.ts). gpu.js's 'cpu' mode runs the same kernel source as the others
 * (transpiled to JavaScript), so it is a backend under test, never the oracle: the
 * reference backend is.
 */
import { describe, expect, it, vi } from 'vitest';
import { createGpuBackend } from '../../src/lib/engine/backends/gpu/index';
import { referenceBackend } from '../../src/lib/engine/backends/reference/index';
import { createWasmBackend } from '../../src/lib/engine/backends/wasm/index';
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
    expect(backend.memoryLimit).toBe(1024 ** 3);
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
