/**
 * The backend suite in headless Chromium: our WebAssembly SIMD kernels, and gpu.js
 * compiling its kernels to WebGL2 fragment shaders (on SwiftShader here, a real GPU on a
 * learner's machine) and to WebAssembly SIMD (one thread: the test page is not
 * cross-origin isolated, so there is no SharedArrayBuffer). Plus selection as the page
 * will run it.
 */
import { describe, expect, it } from 'vitest';
import { createGpuBackend } from '../../src/lib/engine/backends/gpu/index';
import { createWasmBackend } from '../../src/lib/engine/backends/wasm/index';
import { chooseBackend, describeChoice } from '../../src/lib/engine/select';
import { backendSuite } from '../engine/backendSuite';

backendSuite('wasm in Chromium', createWasmBackend);
backendSuite('gpu:webgl2 in Chromium', () => createGpuBackend({ mode: 'webgl2' }));
backendSuite('gpu:webasm in Chromium', () => createGpuBackend({ mode: 'webasm' }));

describe('selection in the browser', () => {
  it('labels WebGL2 and honours ?backend=webgl2', async () => {
    const choice = await chooseBackend({ override: 'gpu:webgl2' });
    try {
      expect(choice.backend.name).toBe('gpu:webgl2');
      expect(describeChoice(choice)).toBe('training on: WebGL2 (chosen by ?backend=gpu:webgl2)');
    } finally {
      choice.backend.dispose();
    }
  });

  it('measures WebGL2, both WebAssembly backends and the reference, and explains what it skipped', async () => {
    const choice = await chooseBackend({ candidates: ['gpu:webgpu', 'gpu:webgl2', 'gpu:webasm', 'wasm', 'reference'] });
    try {
      expect(choice.measured.map((m) => m.name).sort()).toEqual(['gpu:webasm', 'gpu:webgl2', 'reference', 'wasm']);
      expect(choice.rejected.map((r) => r.name)).toEqual(['gpu:webgpu']);
      expect(choice.rejected[0].reason).toMatch(/WebGPU/);
      expect(describeChoice(choice)).toMatch(/^training on: .+ \(fastest of 4 measured\)$/);
      console.log(describeChoice(choice), JSON.stringify(choice.measured));
    } finally {
      choice.backend.dispose();
    }
  });
});
