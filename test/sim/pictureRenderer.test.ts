import { afterEach, describe, expect, it, vi } from 'vitest';

const renderer = vi.hoisted(() => ({ name: null as string | null }));
vi.mock('../../src/lib/engine/softwareGpu', async (original) => ({
  ...(await original<typeof import('../../src/lib/engine/softwareGpu')>()),
  webglRenderer: () => renderer.name
}));

afterEach(() => vi.resetModules());

async function preferenceOn(device: string | null, request: 'auto' | 'webgl' | 'canvas' = 'auto') {
  renderer.name = device;
  const { rendererPreference } = await import('../../src/lib/sim/pictureRenderer');
  return rendererPreference(request);
}

describe("the pictures' renderer", () => {
  it('is WebGL on a real GPU, canvas as its fallback', async () => {
    expect(await preferenceOn('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')).toEqual(['webgl', 'canvas']);
  });

  it('is canvas first on a software rasteriser', async () => {
    expect(await preferenceOn('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toEqual(['canvas', 'webgl']);
    expect(await preferenceOn('llvmpipe (LLVM 15.0.6, 256 bits)')).toEqual(['canvas', 'webgl']);
  });

  it('is what a link asks for, whatever the device', async () => {
    expect(await preferenceOn('SwiftShader', 'webgl')).toEqual(['webgl', 'canvas']);
    expect(await preferenceOn('NVIDIA GeForce', 'canvas')).toEqual(['canvas', 'webgl']);
  });

  it('tries WebGL first where there is none to ask, so the failure is the renderer’s own', async () => {
    expect(await preferenceOn(null)).toEqual(['webgl', 'canvas']);
  });
});
