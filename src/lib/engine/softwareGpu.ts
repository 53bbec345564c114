/**
 * Whether "the GPU" here is a program emulating one on the CPU: SwiftShader (Chromium
 * without a usable GPU, headless or blocklisted drivers), Mesa's llvmpipe and softpipe,
 * Microsoft's Basic Render Driver, or a WebGPU fallback adapter. Such a device computes
 * right but far slower than our WebAssembly kernels on the same cores (~10x measured on
 * a 256x256 matmul), and measuring it costs seconds of shader compiling, so the chooser
 * skips it unless a link names it.
 *
 * Reads the device the way a page or a worker can: a WebGL context on an OffscreenCanvas
 * (or a canvas element where there is no OffscreenCanvas), and navigator.gpu's adapter.
 */

const softwareRenderers = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** The reason a WebGL renderer string names a software rasteriser, or null. */
export function softwareRendererReason(renderer: string): string | null {
  const hit = softwareRenderers.exec(renderer);
  if (!hit) return null;
  const names: Record<string, string> = { swiftshader: 'SwiftShader', llvmpipe: 'llvmpipe', softpipe: 'softpipe', 'basic render driver': 'Microsoft Basic Render Driver' };
  return `software renderer (${names[hit[0].toLowerCase()] ?? renderer})`;
}

/** What a WebGPU adapter tells about itself (GPUAdapterInfo, and the older adapter flag). */
export interface AdapterFacts {
  isFallbackAdapter?: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
}

/** The reason a WebGPU adapter is software, or null. */
export function softwareAdapterReason(facts: AdapterFacts): string | null {
  const words = [facts.vendor, facts.architecture, facts.description].filter(Boolean).join(' ');
  const renderer = softwareRendererReason(words);
  if (facts.isFallbackAdapter) return `fallback adapter${renderer ? `, ${renderer}` : words ? ` (${words})` : ''}`;
  return renderer;
}

interface DebugRendererInfo {
  readonly UNMASKED_RENDERER_WEBGL: number;
}

type Context = WebGLRenderingContext | WebGL2RenderingContext;

function webglContext(kind: 'webgl2' | 'webgl'): Context | null {
  const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; document?: Document };
  try {
    if (g.OffscreenCanvas) return new g.OffscreenCanvas(1, 1).getContext(kind) as Context | null;
    if (g.document) return g.document.createElement('canvas').getContext(kind) as Context | null;
  } catch {
    // a context that cannot be made here is the backend's own failure to report
  }
  return null;
}

/** The WebGL renderer string (unmasked where the browser allows it), or null without WebGL. */
export function webglRenderer(kind: 'webgl2' | 'webgl'): string | null {
  const gl = webglContext(kind);
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info') as DebugRendererInfo | null;
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: AdapterFacts;
}

/** What the default WebGPU adapter says about itself, or null without one. */
export async function webgpuAdapterFacts(): Promise<AdapterFacts | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return {
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter,
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description
  };
}

/**
 * Why the device behind a GPU backend is software, or null when it is not (or when there
 * is none: the backend then fails to build and says so itself). Names that are not GPU
 * modes have no device to ask.
 */
export async function softwareGpuReason(name: string): Promise<string | null> {
  if (name === 'gpu:webgl2' || name === 'gpu:webgl') {
    const renderer = webglRenderer(name === 'gpu:webgl2' ? 'webgl2' : 'webgl');
    return renderer ? softwareRendererReason(renderer) : null;
  }
  if (name === 'gpu:webgpu') {
    const facts = await webgpuAdapterFacts();
    return facts ? softwareAdapterReason(facts) : null;
  }
  return null;
}
