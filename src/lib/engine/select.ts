/**
 * Which backend trains. Candidates are tried in order of preference (the GPU first,
 * plain JavaScript last), each failure is kept with its reason, and, because the
 * order of preference is often wrong on a machine without a GPU (WebGL2 on a software
 * rasteriser is ~10x slower than WebAssembly), the working candidates can be timed on
 * a workload of the size of an MLP layer and the fastest wins. `?backend=` in the URL
 * overrides the choice when the named backend works.
 */
import type { Backend } from './backend';
import { createGpuBackend, gpuModes, type GpuMode } from './backends/gpu/index';
import { referenceBackend } from './backends/reference/index';
import { createWasmBackend } from './backends/wasm/index';
import type { Tensor } from './tensor';

/** Most preferred first. 'reference' always works, so there is always a choice. */
export const backendPreference: readonly string[] = [...gpuModes.map((m) => `gpu:${m}`), 'wasm', 'reference'];

export interface Rejection {
  name: string;
  reason: string;
}

export interface Measurement {
  name: string;
  label: string;
  /** median milliseconds of the calibration workload, after one warm-up run */
  ms: number;
}

export interface BackendChoice {
  backend: Backend;
  /** why this one, short enough to print after its label */
  reason: string;
  /** the candidates timed, fastest first (empty without calibration) */
  measured: Measurement[];
  /** the candidates that did not work here, and why */
  rejected: Rejection[];
}

export interface ChooseOptions {
  /** a backend name from `?backend=` (see parseBackendParam) */
  override?: string;
  /** time every working candidate and take the fastest (default true) */
  calibrate?: boolean;
  /** candidates, most preferred first (default backendPreference) */
  candidates?: readonly string[];
  /** how a candidate is built (default createBackend); tests replace it */
  create?: (name: string) => Promise<Backend>;
}

const aliases: Record<string, string> = {
  js: 'reference',
  javascript: 'reference',
  reference: 'reference',
  ...Object.fromEntries(gpuModes.map((m) => [m, `gpu:${m}`])),
  ...Object.fromEntries(gpuModes.map((m) => [`gpu:${m}`, `gpu:${m}`])),
  // ours; gpu.js's WebAssembly mode stays 'webasm' / 'gpu:webasm'
  wasm: 'wasm'
};

/**
 * The backend named by `?backend=` in a URL's query ('wasm', 'webgl2', 'gpu:webasm',
 * 'reference', 'js', ...), lower-cased and trimmed, canonical ('gpu:webgl2') when known. An unknown
 * name comes back as written, so chooseBackend can say why it was not used. Undefined
 * when the parameter is absent or empty.
 */
export function parseBackendParam(query: string | URLSearchParams): string | undefined {
  const params = typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
  const raw = params.get('backend')?.trim().toLowerCase();
  if (!raw) return undefined;
  return aliases[raw] ?? raw;
}

/** Builds a backend by name; rejects with the reason when it does not work here. */
export async function createBackend(name: string): Promise<Backend> {
  if (name === 'reference') return referenceBackend;
  if (name === 'wasm') return createWasmBackend();
  const mode = name.startsWith('gpu:') ? name.slice(4) : '';
  if (!(gpuModes as readonly string[]).includes(mode)) {
    throw new Error(`unknown backend "${name}" (known: ${backendPreference.join(', ')})`);
  }
  return createGpuBackend({ mode: mode as GpuMode });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A dense layer of an MLP on MNIST: 32 digits x 784 pixels into 128 units, then its weight gradient. */
function calibrationInputs() {
  // a fixed, cheap pattern: calibration must not consume the lesson's random stream
  const fill = (size: number, scale: number) => Float32Array.from({ length: size }, (_, i) => (((i * 7919) % 97) / 97 - 0.5) * scale);
  const x: Tensor = { data: fill(32 * 784, 1), shape: [32, 784] };
  const w: Tensor = { data: fill(784 * 128, 0.07), shape: [784, 128] };
  const b: Tensor = { data: fill(128, 0.1), shape: [128] };
  return { x, w, b };
}

async function runWorkload(backend: Backend, inputs: ReturnType<typeof calibrationInputs>): Promise<Tensor[]> {
  const { x, w, b } = inputs;
  const h = await backend.dense(x, w, b, 'relu');
  const dw = await backend.matmul(x, h, true, false);
  return [h, dw];
}

function agrees(got: Tensor[], want: Tensor[]): boolean {
  return want.every((t, i) => {
    let scale = 0;
    for (const v of t.data) scale = Math.max(scale, Math.abs(v));
    const tol = 1e-3 * (scale + 1);
    return got[i].data.length === t.data.length && t.data.every((v, j) => Math.abs(got[i].data[j] - v) <= tol);
  });
}

/** Median of `runs` timed runs after one warm-up (which compiles the kernels). */
async function time(backend: Backend, inputs: ReturnType<typeof calibrationInputs>, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await runWorkload(backend, inputs);
    times.push(performance.now() - start);
  }
  times.sort((p, q) => p - q);
  return times[Math.floor(runs / 2)];
}

/**
 * Picks the backend to train on. With an override that works, that one; otherwise the
 * fastest working candidate (calibrate) or the first that works. Never rejects:
 * 'reference' is the last resort, whatever the candidates list says.
 */
export async function chooseBackend(options: ChooseOptions = {}): Promise<BackendChoice> {
  const { override, calibrate = true, candidates = backendPreference, create = createBackend } = options;
  const rejected: Rejection[] = [];
  let overrideNote = '';

  if (override) {
    try {
      const backend = await create(override);
      return { backend, reason: `chosen by ?backend=${override}`, measured: [], rejected };
    } catch (error) {
      const reason = reasonOf(error);
      rejected.push({ name: override, reason });
      overrideNote = `?backend=${override} not used: ${reason}; `;
    }
  }

  const working: Backend[] = [];
  for (const name of candidates) {
    if (name === override && rejected.length > 0) continue;
    try {
      working.push(await create(name));
      if (!calibrate) break;
    } catch (error) {
      rejected.push({ name, reason: reasonOf(error) });
    }
  }
  if (working.length === 0) working.push(referenceBackend);

  if (!calibrate || working.length === 1) {
    const backend = working[0];
    const why = calibrate ? 'the only backend that works here' : 'first that works, by preference';
    return { backend, reason: overrideNote + why, measured: [], rejected };
  }

  const inputs = calibrationInputs();
  const want = await runWorkload(referenceBackend, inputs);
  const measured: Measurement[] = [];
  const timed: { backend: Backend; ms: number }[] = [];
  for (const backend of working) {
    try {
      if (!agrees(await runWorkload(backend, inputs), want)) throw new Error('computed a wrong result on the calibration workload');
      const ms = await time(backend, inputs);
      measured.push({ name: backend.name, label: backend.label, ms });
      timed.push({ backend, ms });
    } catch (error) {
      rejected.push({ name: backend.name, reason: reasonOf(error) });
      backend.dispose();
    }
  }
  if (timed.length === 0) {
    return { backend: referenceBackend, reason: overrideNote + 'every candidate failed calibration', measured, rejected };
  }
  timed.sort((p, q) => p.ms - q.ms);
  measured.sort((p, q) => p.ms - q.ms);
  for (const { backend } of timed.slice(1)) backend.dispose();
  return { backend: timed[0].backend, reason: `${overrideNote}fastest of ${timed.length} measured`, measured, rejected };
}

/** The line the learner reads: "training on: WebAssembly SIMD, 2 threads (fastest of 3 measured)". */
export function describeChoice(choice: Pick<BackendChoice, 'backend' | 'reason'>): string {
  return `training on: ${choice.backend.label} (${choice.reason})`;
}
