/**
 * The one list of backend names: what a link's `?backend=` may say, what each name means
 * and what a learner reads for it. The chooser (select.ts) and the URL table of the
 * simulation both read it. It imports no backend, so a page can check a link without
 * loading gpu.js or compiling any kernel.
 */

/** gpu.js's modes as backends/gpu drives them (a test checks the two lists agree). */
export const gpuModeNames = ['webgpu', 'webgl2', 'webgl', 'webasm', 'cpu'] as const;

/** Every backend by its canonical name, the GPU first, plain JavaScript last. */
export const backendNames = [...gpuModeNames.map((m) => `gpu:${m}` as const), 'wasm', 'reference'] as const;
export type BackendName = (typeof backendNames)[number];

/** What a learner reads for a backend before it is built (a built backend has its own label). */
export const backendTitles: Readonly<Record<BackendName, string>> = {
  'gpu:webgpu': 'WebGPU',
  'gpu:webgl2': 'WebGL2',
  'gpu:webgl': 'WebGL',
  'gpu:webasm': "gpu.js's WebAssembly",
  'gpu:cpu': "gpu.js's CPU mode",
  wasm: 'WebAssembly SIMD (our kernels)',
  reference: 'plain JavaScript'
};

/**
 * Where a backend computes: gpu.js's WebGPU and WebGL modes on the graphics card; our
 * WebAssembly, plain JavaScript and gpu.js's own CPU and WebAssembly modes on the processor.
 */
export function backendDevice(name: string): 'GPU' | 'CPU' {
  return /^gpu:web(gpu|gl2?)$/.test(name) ? 'GPU' : 'CPU';
}

/**
 * Other names a link may use. 'wasm' is ours; gpu.js's WebAssembly mode stays 'webasm'
 * (or 'gpu:webasm'), so the two never mix.
 */
const aliases: Readonly<Record<string, BackendName>> = {
  js: 'reference',
  javascript: 'reference',
  ...Object.fromEntries(gpuModeNames.map((m) => [m, `gpu:${m}`]))
};

/** Every spelling a link may use, canonical names first. */
export const backendSpellings: readonly string[] = [...backendNames, ...Object.keys(aliases)];

/** The canonical name for a name or alias (any case, spaces around ignored); undefined when unknown. */
export function resolveBackendName(raw: string): BackendName | undefined {
  const name = raw.trim().toLowerCase();
  if ((backendNames as readonly string[]).includes(name)) return name as BackendName;
  return aliases[name];
}

/** The sentence for a name nobody knows, listing the ones that work. */
export function unknownBackendMessage(raw: string): string {
  return `unknown backend "${raw}" (known: ${backendSpellings.join(', ')})`;
}

/**
 * The backend named by `?backend=` in a URL's query, canonical ('webgl2' -> 'gpu:webgl2',
 * 'js' -> 'reference'). An unknown name comes back lower-cased as written, so the chooser
 * can say why it was not used. Undefined when the parameter is absent or empty.
 */
export function parseBackendParam(query: string | URLSearchParams): string | undefined {
  const params = typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
  const raw = params.get('backend')?.trim().toLowerCase();
  if (!raw) return undefined;
  return resolveBackendName(raw) ?? raw;
}
