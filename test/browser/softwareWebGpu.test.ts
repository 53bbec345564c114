/**
 * WebGPU as the chooser sees it. The plain Chromium instance has no adapter; the
 * 'chromium-webgpu' instance has Dawn on SwiftShader, a fallback adapter: software,
 * so the chooser skips it unless a link names it.
 */
import { describe, expect, it } from 'vitest';
import { chooseBackend, describeChoice } from '../../src/lib/engine/select';
import { softwareGpuReason, webgpuAdapterFacts } from '../../src/lib/engine/softwareGpu';

describe('a WebGPU adapter', () => {
  it('is read as software when it is a fallback adapter, and skipped unless named', async () => {
    const facts = await webgpuAdapterFacts();
    if (!facts) {
      expect(await softwareGpuReason('gpu:webgpu')).toBeNull();
      return;
    }
    expect(facts).toMatchObject({ isFallbackAdapter: true, architecture: 'swiftshader' });
    expect(await softwareGpuReason('gpu:webgpu')).toBe('fallback adapter, software renderer (SwiftShader)');
    const trial = async () => async () => 0.5;
    const choice = await chooseBackend({ trial, candidates: ['gpu:webgpu', 'reference'] });
    expect(choice.rejected).toEqual([{ name: 'gpu:webgpu', title: 'WebGPU', reason: 'fallback adapter, software renderer (SwiftShader)', kind: 'skipped' }]);
    expect(describeChoice(choice)).toBe('training on: plain JavaScript — the only backend that works here; WebGPU skipped: fallback adapter, software renderer (SwiftShader)');
    const named = await chooseBackend({ override: 'webgpu', trial });
    try {
      expect(named.backend.name).toBe('gpu:webgpu');
    } finally {
      named.backend.dispose();
    }
  });
});
