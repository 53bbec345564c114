/**
 * Which of Pixi's renderers draws the pictures. WebGL, except where "the GPU" is a
 * program emulating one on the CPU (SwiftShader, llvmpipe: school machines without a
 * driver, virtual desktops): there a WebGL picture redrawn while training competes with
 * the page for the same cores, and input waited 0.4–0.8 s in the playground against
 * 9–84 ms with Pixi's canvas renderer. The engine's chooser asks the same question of
 * the same device (engine/softwareGpu). A link can ask for either with `?renderer=`.
 */
import { softwareRendererReason, webglRenderer } from '$lib/engine/softwareGpu';

export type RendererRequest = 'auto' | 'webgl' | 'canvas';
export type PixiPreference = ('webgl' | 'canvas')[];

let detected: string | null | undefined;

/** Why WebGL here is a software rasteriser, or null (no WebGL at all included); asked once a page. */
export function softwareWebglReason(): string | null {
  if (detected === undefined) detected = softwareRendererReason(webglRenderer('webgl2') ?? webglRenderer('webgl') ?? '');
  return detected;
}

/** The renderers to try, in order: the one asked for or chosen first, the other as the fallback. */
export function rendererPreference(request: RendererRequest): PixiPreference {
  if (request === 'canvas') return ['canvas', 'webgl'];
  if (request === 'webgl') return ['webgl', 'canvas'];
  return softwareWebglReason() ? ['canvas', 'webgl'] : ['webgl', 'canvas'];
}
