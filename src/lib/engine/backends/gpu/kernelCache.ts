/**
 * Compiled gpu.js kernels, one per (kernel name, shape, options), so a training loop
 * compiles each kernel once and then only calls it. Also the one place that turns
 * gpu.js's nested results (rows of Float32Arrays) back into flat row-major data.
 */
import type { GPU, IKernelRunShortcut, KernelOutput } from 'gpu.js';

/** What `this` holds inside a kernel function: the thread's cell and the baked-in constants. */
export interface KernelThis<C> {
  readonly thread: { readonly x: number; readonly y: number; readonly z: number };
  readonly constants: C;
}

/** gpu.js dimensions, x fastest: [x], [x, y] or [x, y, z]. */
export type KernelOutputSize = [number] | [number, number] | [number, number, number];

export interface KernelSpec {
  // gpu.js reads the function's source text; its types are ours to describe
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  source: Function;
  output: KernelOutputSize;
  constants: Record<string, number>;
  /** 'Array(4)' for kernels that write four cells per thread */
  returnType?: 'Number' | 'Array(4)';
  /** helper functions the kernel calls */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  functions?: Function[];
  /** GLSL helpers the kernel calls (gpu.js nativeFunctions): WebGL kernels only */
  nativeFunctions?: { name: string; source: string; argumentTypes: Record<string, string>; returnType: string }[];
}

/**
 * How many compiled kernels to keep. A training run uses a few dozen shapes; the bound
 * matters on webasm, where each threaded kernel holds its own shared memory (reserved
 * at 256 MiB) and its own worker pool, and a browser refuses more after a few dozen.
 */
const maxKernels = 40;

export class KernelCache {
  /** in order of last use, least recent first */
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  /** kernels with a call in flight, which eviction must not destroy */
  private readonly busy = new Map<IKernelRunShortcut, number>();

  /**
   * @param gpu the gpu.js instance, already in its mode
   * @param asyncMode true puts kernels under the Promise contract (webasm split across its
   *   worker pool); false keeps webasm single-threaded and WebGL readbacks synchronous
   * @param poolSize worker threads for webasm's threaded runs
   * @param blockRows whether kernels should compute several rows per thread (pays on webasm only)
   */
  constructor(
    readonly gpu: GPU,
    private readonly asyncMode: boolean,
    private readonly poolSize: number | undefined,
    readonly blockRows: boolean
  ) {}

  get size(): number {
    return this.kernels.size;
  }

  /** The compiled kernel for `key`, compiling it on first use. */
  kernel(key: string, spec: () => KernelSpec): IKernelRunShortcut {
    let kernel = this.kernels.get(key);
    if (kernel) {
      this.kernels.delete(key);
    } else {
      if (this.kernels.size >= maxKernels) this.evictOne();
      const s = spec();
      kernel = this.gpu.createKernel(s.source as never, {
        output: s.output,
        constants: s.constants,
        precision: 'single',
        asyncMode: this.asyncMode,
        tactic: 'precision',
        ...(s.returnType ? { returnType: s.returnType } : {}),
        ...(s.functions ? { functions: s.functions } : {}),
        ...(this.poolSize ? { poolSize: this.poolSize } : {})
      } as never);
    }
    this.kernels.set(key, kernel);
    return kernel;
  }

  /** Runs a kernel and returns its result as one fresh, flat Float32Array of `size` values. */
  async run(key: string, spec: () => KernelSpec, args: Float32Array[], size: number): Promise<Float32Array> {
    const kernel = this.kernel(key, spec);
    this.busy.set(kernel, (this.busy.get(kernel) ?? 0) + 1);
    let result: KernelOutput;
    try {
      result = (await kernel(...args)) as KernelOutput;
    } finally {
      const left = (this.busy.get(kernel) ?? 1) - 1;
      if (left > 0) this.busy.set(kernel, left);
      else this.busy.delete(kernel);
    }
    const out = new Float32Array(size);
    const written = flattenInto(result, out, 0);
    if (written !== size) {
      throw new Error(`gpu kernel ${key} returned ${written} values, ${size} expected`);
    }
    return out;
  }

  /** Destroys the least recently used kernel that is not running. */
  private evictOne(): void {
    for (const [key, kernel] of this.kernels) {
      if (this.busy.has(kernel)) continue;
      this.kernels.delete(key);
      kernel.destroy();
      return;
    }
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) kernel.destroy();
    this.kernels.clear();
  }
}

/** Copies a (possibly nested) gpu.js result into out at offset; returns where it stopped. */
function flattenInto(value: unknown, out: Float32Array, offset: number): number {
  if (value instanceof Float32Array) {
    out.set(value, offset);
    return offset + value.length;
  }
  if (Array.isArray(value)) {
    let at = offset;
    for (const item of value) at = flattenInto(item, out, at);
    return at;
  }
  if (typeof value === 'number') {
    out[offset] = value;
    return offset + 1;
  }
  throw new Error(`unexpected gpu.js result of type ${typeof value}`);
}
