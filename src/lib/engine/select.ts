/**
 * Which backend trains. The fastest backend that works wins, not the first that exists
 * (pixi's autoDetectRenderer picks by preference; here the preference is often wrong:
 * WebGL2 on a software rasteriser is ~10x slower than WebAssembly, and a 2-4-1 network
 * trains faster in plain JavaScript than through any kernel dispatch). So the chooser
 * times one real training step of the model about to be trained on each working
 * candidate, handed to it as a trial by the caller (the engine knows no model): one
 * warm-up step (which compiles kernels and lays heaps out), then the median of three.
 *
 * A software GPU (softwareGpu.ts) is skipped unless `?backend=` names it, and every
 * candidate left out is recorded with why. The backends that worked and lost stay listed,
 * fastest first, as where a fit goes if its backend fails mid-way (fallBack).
 */
import { runsCompiledSteps, type Backend } from './backend';
import { backendTitles, resolveBackendName, unknownBackendMessage, type BackendName } from './backendNames';
import { createGpuBackend, type GpuMode } from './backends/gpu/index';
import { referenceBackend } from './backends/reference/index';
import { createWasmBackend } from './backends/wasm/index';
import { softwareGpuReason } from './softwareGpu';

export { parseBackendParam } from './backendNames';

/**
 * What the chooser measures unless told otherwise, most preferred first. gpu.js's webasm
 * and cpu modes are left out (measured slower than the reference, they cannot win), and
 * so is WebGL1 (every browser with WebGL2 has it, no faster); all stay available by name.
 */
export const measuredCandidates: readonly BackendName[] = ['gpu:webgpu', 'gpu:webgl2', 'wasm', 'reference'];

export interface Rejection {
  name: string;
  /** what the learner reads for it */
  title: string;
  reason: string;
  /**
   * unavailable: not on this machine; skipped: a software GPU nobody asked for; failed: it
   * broke while building, measuring or training; unknown: a name nobody knows
   */
  kind: 'unavailable' | 'skipped' | 'failed' | 'unknown';
}

export interface Measurement {
  name: string;
  label: string;
  /** milliseconds per training step: the median of three after a warm-up */
  ms: number;
  /** timed once only: that one step took over CUT_FACTOR times the best median, so it could not win */
  cut?: boolean;
}

export interface BackendChoice {
  backend: Backend;
  /** why this one, short enough for one line */
  reason: string;
  /** the candidates timed, fastest first (empty when nothing was measured) */
  measured: Measurement[];
  /** the candidates left out, and why */
  rejected: Rejection[];
  /** where a fit goes if this backend fails mid-way, fastest first; plain JavaScript is always among them */
  fallbacks: string[];
}

/**
 * One training step of the model about to be trained, set up on a backend: the chooser
 * runs the returned step once to warm up, then times it. The step resolves with its loss
 * (NaN when it diverged), so candidates can be checked against each other.
 */
export type StepTrial = (backend: Backend) => Promise<() => Promise<number>>;

export interface ChooseOptions {
  /** a backend name or alias from `?backend=` (see parseBackendParam) */
  override?: string;
  /** the model's step to time; without it, the first candidate that works is taken */
  trial?: StepTrial;
  /** candidates, most preferred first (default measuredCandidates) */
  candidates?: readonly string[];
  /** where backends come from; a worker keeps one pool so a backend is built once (default: a new pool, losers disposed) */
  pool?: BackendPool;
  /** why a GPU candidate is software, or null (default softwareGpuReason) */
  software?: (name: string) => Promise<string | null>;
}

/** A step over this many times the best median so far is not timed again. */
const CUT_FACTOR = 4;
/** First-step losses of two backends agree within this, relative (float32 sums in other orders). */
const LOSS_TOLERANCE = 1e-3;

/** Builds a backend by canonical name or alias; rejects with the reason when it does not work here. */
export async function createBackend(name: string): Promise<Backend> {
  const canonical = resolveBackendName(name);
  if (!canonical) throw new Error(unknownBackendMessage(name));
  if (canonical === 'reference') return referenceBackend;
  if (canonical === 'wasm') return createWasmBackend();
  return createGpuBackend({ mode: canonical.slice(4) as GpuMode });
}

/** Backends built once each, failures remembered with their reason (they do not heal within a page). */
export class BackendPool {
  private readonly made = new Map<string, Promise<Backend>>();
  private readonly create: (name: string) => Promise<Backend>;

  constructor(create: (name: string) => Promise<Backend> = createBackend) {
    this.create = create;
  }

  get(name: string): Promise<Backend> {
    let backend = this.made.get(name);
    if (!backend) {
      backend = this.create(name);
      // a rejection is remembered and reported where it is awaited
      backend.catch(() => {});
      this.made.set(name, backend);
    }
    return backend;
  }

  /** Disposes one backend and forgets it, e.g. after it failed mid-fit; the next get builds it afresh. */
  drop(name: string): void {
    const backend = this.made.get(name);
    this.made.delete(name);
    void backend?.then((b) => b.dispose(), () => {});
  }

  /** Disposes every backend but `keep`. */
  disposeAll(keep?: Backend): void {
    for (const [name, backend] of this.made) {
      void backend.then((b) => b !== keep && b.dispose(), () => {});
      this.made.delete(name);
    }
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const titleOf = (name: string) => backendTitles[name as BackendName] ?? name;
const isGpu = (name: string) => name.startsWith('gpu:');

/** Median of three timed steps, or one when it already loses by CUT_FACTOR. */
async function timeSteps(step: () => Promise<number>, best: number): Promise<{ ms: number; cut: boolean }> {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
    if (r === 0 && times[0] > CUT_FACTOR * best) return { ms: times[0], cut: true };
  }
  times.sort((p, q) => p - q);
  return { ms: times[1], cut: false };
}

const lossesAgree = (a: number, b: number) => Math.abs(a - b) <= LOSS_TOLERANCE * (1 + Math.abs(b));

/**
 * Picks the backend to train on: a working override; else the fastest working candidate
 * on the trial step (or, without a trial, the first that works). Never rejects: plain
 * JavaScript is the last resort whatever the candidates say.
 */
export async function chooseBackend(options: ChooseOptions = {}): Promise<BackendChoice> {
  const { trial, candidates = measuredCandidates, software = softwareGpuReason } = options;
  const pool = options.pool ?? new BackendPool();
  const settle = (choice: BackendChoice) => {
    if (!options.pool) pool.disposeAll(choice.backend);
    return choice;
  };
  const rejected: Rejection[] = [];
  let note = '';
  const override = options.override === undefined ? undefined : (resolveBackendName(options.override) ?? options.override);

  if (override !== undefined) {
    if (!resolveBackendName(override)) {
      const reason = unknownBackendMessage(override);
      rejected.push({ name: override, title: override, reason, kind: 'unknown' });
      note = `?backend=${override} not used: ${reason}; `;
    } else {
      try {
        const backend = await pool.get(override);
        const fallbacks = withReference(candidates.filter((n) => n !== override), override);
        return settle({ backend, reason: `chosen by ?backend=${override}`, measured: [], rejected, fallbacks });
      } catch (error) {
        const reason = reasonOf(error);
        rejected.push({ name: override, title: titleOf(override), reason, kind: 'unavailable' });
        note = `?backend=${override} not used: ${reason}; `;
      }
    }
  }

  const working: Backend[] = [];
  for (const name of candidates) {
    if (name === override) continue;
    const soft = isGpu(name) ? await software(name).catch(() => null) : null;
    if (soft) {
      rejected.push({ name, title: titleOf(name), reason: soft, kind: 'skipped' });
      continue;
    }
    try {
      working.push(await pool.get(name));
      if (!trial) break;
    } catch (error) {
      rejected.push({ name, title: titleOf(name), reason: reasonOf(error), kind: 'unavailable' });
    }
  }
  if (working.length === 0) working.push(await pool.get('reference').catch(() => referenceBackend));

  if (!trial || working.length === 1) {
    const backend = working[0];
    const why = trial ? 'the only backend that works here' : 'first that works, by preference';
    return settle({ backend, reason: note + why, measured: [], rejected, fallbacks: withReference([], backend.name) });
  }

  const timed: { backend: Backend; ms: number; cut: boolean; loss: number }[] = [];
  let best = Infinity;
  for (const backend of working) {
    try {
      const step = await trial(backend);
      const loss = await step();
      const { ms, cut } = await timeSteps(step, best);
      if (!cut) best = Math.min(best, ms);
      timed.push({ backend, ms, cut, loss });
    } catch (error) {
      rejected.push({ name: backend.name, title: backend.label, reason: reasonOf(error), kind: 'failed' });
    }
  }

  // a backend whose first step disagrees with plain JavaScript's computes something else
  const reference = timed.find((t) => t.backend.name === 'reference');
  const agreeing = timed.filter((t) => {
    if (!reference || t === reference || !Number.isFinite(t.loss) || !Number.isFinite(reference.loss) || lossesAgree(t.loss, reference.loss)) return true;
    const reason = `its first step's loss was ${t.loss.toPrecision(6)}, plain JavaScript's ${reference.loss.toPrecision(6)}`;
    rejected.push({ name: t.backend.name, title: t.backend.label, reason, kind: 'failed' });
    return false;
  });

  if (agreeing.length === 0) {
    const backend = await pool.get('reference').catch(() => referenceBackend);
    return settle({ backend, reason: `${note}every candidate failed its trial step`, measured: [], rejected, fallbacks: [] });
  }
  agreeing.sort((p, q) => p.ms - q.ms);
  const measured = agreeing.map(({ backend, ms, cut }) => ({ name: backend.name, label: backend.label, ms, ...(cut ? { cut } : {}) }));
  const backend = agreeing[0].backend;
  const fallbacks = withReference(agreeing.slice(1).map((t) => t.backend.name), backend.name);
  const why = agreeing.length === 1 ? "the only one that ran this model's step" : `fastest of ${agreeing.length} measured`;
  return settle({ backend, reason: note + why, measured, rejected, fallbacks });
}

/** The names in their order, without `current`, and with plain JavaScript (last, if it was not there). */
function withReference(names: readonly string[], current: string): string[] {
  const rest = names.filter((n) => n !== current);
  return current === 'reference' || rest.includes('reference') ? rest : [...rest, 'reference'];
}

export interface FallBackOptions {
  /** the pool the choice came from: the failed backend is dropped from it, the next taken from it */
  pool?: BackendPool;
  software?: (name: string) => Promise<string | null>;
}

/**
 * The next backend after `choice.backend` failed mid-fit (a lost WebGL context, a lost
 * GPU device, a WebAssembly heap that could not be made): the next of its fallbacks that
 * works here, software GPUs skipped. Null when none is left.
 */
export async function fallBack(choice: BackendChoice, error: unknown, options: FallBackOptions = {}): Promise<BackendChoice | null> {
  const { software = softwareGpuReason } = options;
  const failed = choice.backend;
  if (options.pool) options.pool.drop(failed.name);
  else failed.dispose();
  const rejected: Rejection[] = [...choice.rejected];
  const get = (name: string) => (options.pool ? options.pool.get(name) : createBackend(name));
  for (const [i, name] of choice.fallbacks.entries()) {
    const soft = isGpu(name) ? await software(name).catch(() => null) : null;
    if (soft) {
      rejected.push({ name, title: titleOf(name), reason: soft, kind: 'skipped' });
      continue;
    }
    try {
      const backend = await get(name);
      const reason = `${failed.label} failed mid-fit (${reasonOf(error)}), so training went on here from the weights it had reached`;
      const measured = choice.measured.filter((m) => m.name !== failed.name);
      return { backend, reason, measured, rejected, fallbacks: choice.fallbacks.slice(i + 1) };
    } catch (cause) {
      rejected.push({ name, title: titleOf(name), reason: reasonOf(cause), kind: 'unavailable' });
    }
  }
  return null;
}

/**
 * The line the learner reads, e.g. "training on: WebAssembly SIMD (our kernels), compiled
 * step — fastest of 3 measured; WebGL2 skipped: software renderer (SwiftShader)".
 * `planReason` is the model's (Sequential.planReason): null when it runs as a compiled
 * step, why not otherwise; leave it out when no model is known yet.
 */
export function describeChoice(choice: Pick<BackendChoice, 'backend' | 'reason' | 'rejected'>, planReason?: string | null): string {
  const { backend } = choice;
  let how = '';
  if (planReason !== undefined) {
    // a reason that names the backend is about the backend, not the model: the label says it already
    if (!runsCompiledSteps(backend) || planReason?.includes(backend.label)) how = ', op by op';
    else how = planReason === null ? ', compiled step' : `, op by op: ${planReason}`;
  }
  const left = choice.rejected.filter((r) => r.kind === 'skipped' || r.kind === 'failed').map((r) => `; ${r.title} ${r.kind}: ${r.reason}`);
  return `training on: ${backend.label}${how} — ${choice.reason}${left.join('')}`;
}
