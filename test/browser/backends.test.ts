/**
 * The backend suite in headless Chromium: our WebAssembly SIMD kernels, and gpu.js
 * compiling its kernels to WebGL2 fragment shaders (on SwiftShader here, a real GPU on a
 * learner's machine) and to WebAssembly SIMD (one thread: the test page is not
 * cross-origin isolated, so there is no SharedArrayBuffer). Plus selection as the worker
 * runs it: WebGL2 here is SwiftShader, so it is skipped unless named.
 */
import { describe, expect, it } from 'vitest';
import { createGpuBackend } from '../../src/lib/engine/backends/gpu/index';
import { createWasmBackend } from '../../src/lib/engine/backends/wasm/index';
import { chooseBackend, describeChoice, parseBackendParam } from '../../src/lib/engine/select';
import { softwareGpuReason, webglRenderer } from '../../src/lib/engine/softwareGpu';
import type { TrainingJob } from '../../src/lib/sim/training/protocol';
import { stepTrial } from '../../src/lib/sim/training/stepTrial';
import { backendSuite } from '../engine/backendSuite';

backendSuite('wasm in Chromium', createWasmBackend);
backendSuite('gpu:webgl2 in Chromium', () => createGpuBackend({ mode: 'webgl2' }));
backendSuite('gpu:webasm in Chromium', () => createGpuBackend({ mode: 'webasm' }));

describe('selection in the browser', () => {
  it('reads WebGL2 here as SwiftShader, a software renderer', async () => {
    expect(webglRenderer('webgl2')).toMatch(/SwiftShader/);
    expect(await softwareGpuReason('gpu:webgl2')).toBe('software renderer (SwiftShader)');
  });

  it('honours ?backend=webgl2, SwiftShader and all', async () => {
    const choice = await chooseBackend({ override: parseBackendParam('?backend=webgl2') });
    try {
      expect(choice.backend.name).toBe('gpu:webgl2');
      expect(describeChoice(choice)).toBe('training on: WebGL2 — chosen by ?backend=gpu:webgl2');
    } finally {
      choice.backend.dispose();
    }
  });

  it('skips WebGL2 on SwiftShader unless named, measures the rest on one step of the model, and says why', async () => {
    const job: TrainingJob = {
      model: {
        inputShape: [784],
        layers: [{ type: 'dense', units: 128, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }],
        optimizer: 'sgd',
        loss: 'sparseCategoricalCrossentropy',
        learningRate: 0.1,
        seed: 1
      },
      x: { data: Float32Array.from({ length: 32 * 784 }, (_, i) => ((i * 7919) % 256) / 255), shape: [32, 784] },
      y: { data: Float32Array.from({ length: 32 }, (_, i) => i % 10), shape: [32] },
      epochs: 1,
      batchSize: 32,
      shuffle: false,
      seed: 1
    };
    const choice = await chooseBackend({ trial: stepTrial(job) });
    try {
      expect(choice.rejected).toEqual([
        { name: 'gpu:webgpu', title: 'WebGPU', reason: expect.stringMatching(/WebGPU/), kind: 'unavailable' },
        { name: 'gpu:webgl2', title: 'WebGL2', reason: 'software renderer (SwiftShader)', kind: 'skipped' }
      ]);
      expect(choice.measured.map((m) => m.name).sort()).toEqual(['reference', 'wasm']);
      const line = describeChoice(choice, null);
      expect(line).toMatch(/^training on: .+ — fastest of 2 measured; WebGL2 skipped: software renderer \(SwiftShader\)$/);
      console.log(line, JSON.stringify(choice.measured));
    } finally {
      choice.backend.dispose();
    }
  });
});
