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
}

export class KernelCache {
  private readonly kernels = new Map<string, IKernelRunShortcut>();

  /**
   * @param gpu the gpu.js instance, already in its mode
   * @param asyncMode true puts kernels under the Promise contract (webgl2 readback off the
   *   main thread, webasm split across its worker pool); false keeps webasm single-threaded
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
    if (!kernel) {
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
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** Runs a kernel and returns its result as one fresh, flat Float32Array of `size` values. */
  async run(key: string, spec: () => KernelSpec, args: Float32Array[], size: number): Promise<Float32Array> {
    const kernel = this.kernel(key, spec);
    const result = (await kernel(...args)) as KernelOutput;
    const out = new Float32Array(size);
    const written = flattenInto(result, out, 0);
    if (written !== size) {
      throw new Error(`gpu kernel ${key} returned ${written} values, ${size} expected`);
    }
    return out;
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
