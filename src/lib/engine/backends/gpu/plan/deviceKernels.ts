/**
 * PlanKernels (plan/kernels.ts) on the GPU, with buffer names in place of heap offsets.
 * Each method compiles one call of a plan into a Step: its gpu.js kernels are created
 * once (per call and shape), and running the Step reads and re-binds named arrays that
 * stay on the device. Only `upload` sends data to the device and only `read` brings it
 * back, so a runner can count on one upload per input and one readback per step.
 */
import { WebGL2Kernel, type GPU } from 'gpu.js';
import type { WindowShape } from '../../../plan/kernels';
import type { KernelSpec } from '../kernelCache';
import { DeviceArrays } from './deviceArrays';
import { activationGradSpec, biasActivationSpec, elementwiseSpec, type ElementwiseName } from './elementwiseKernels';
import { gemmKey, gemmSpec, packedGemmSpecs } from './gemmKernels';
import { rowsOnY, rowsOnZ, type MatrixOutput } from './grid';
import { KernelSite, type DeviceArray, type KernelArg } from './kernelSite';
import { columnSumSpecs, nonFiniteBlocksSpec, packSpec, reductionBlock, softmaxSpecs, sumFourSpec } from './reductionKernels';
import { col2imSpec, im2colSpec, maxPoolArgmaxSpec, maxPoolGradSpec, windowKey } from './windowKernels';

export type Step = () => Promise<void>;

/** A kernel argument: an array by name, or a number (a uniform) read when the step runs. */
type Arg = { name: string } | { value: () => number };

const named = (name: string): Arg => ({ name });
const scalar = (value: () => number): Arg => ({ value });

export interface SgdHyper {
  lr: number;
  momentum: number;
}

export interface AdamHyper {
  /** the learning rate with Adam's bias correction for this step folded in */
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface AdadeltaHyper {
  lr: number;
  rho: number;
  epsilon: number;
}

export class DeviceKernels {
  readonly arrays = new DeviceArrays();
  private readonly sites: KernelSite[] = [];

  private readonly grid: MatrixOutput;
  /** gemm through RGBA-packed operands (see gemmKernels.ts): on WebGL only */
  private readonly packedGemm: boolean;
  private readonly maxTextureSize: number;

  /**
   * @param gpu a gpu.js instance in mode 'webgl2', 'webgl' or 'webgpu'
   * @param options.packedGemm override the packed gemm (default: on WebGL), to measure both
   */
  constructor(
    readonly gpu: GPU,
    options: { packedGemm?: boolean } = {}
  ) {
    const webgpu = (gpu as unknown as { mode: string }).mode === 'webgpu';
    this.grid = webgpu ? rowsOnY : rowsOnZ;
    this.packedGemm = !webgpu && (options.packedGemm ?? true);
    const features = (WebGL2Kernel as unknown as { features?: { maxTextureSize?: number } | null }).features;
    this.maxTextureSize = features?.maxTextureSize ?? 4096;
  }

  /** Compiled kernels so far (sites that update in place hold two). */
  get compiled(): number {
    return this.sites.reduce((n, s) => n + s.compiled, 0);
  }

  private site(key: string, spec: KernelSpec): KernelSite {
    const site = new KernelSite(this.gpu, key, spec);
    this.sites.push(site);
    return site;
  }

  /** A step that runs one kernel on args and binds its result to `out`. */
  private kernel(key: string, spec: KernelSpec, args: readonly Arg[], out: string): Step {
    const site = this.site(key, spec);
    return async () => {
      const values: KernelArg[] = args.map((a) => ('name' in a ? this.arrays.get(a.name) : a.value()));
      this.arrays.set(out, await site.run(values, (storage) => this.arrays.held(storage, out)));
    };
  }

  private elementwise(name: ElementwiseName, size: number, args: readonly Arg[], out: string): Step {
    return this.kernel(`${name}:${size}`, elementwiseSpec(name, size), args, out);
  }

  /** Steps run one after the other. */
  private static chain(steps: readonly Step[]): Step {
    return async () => {
      for (const step of steps) await step();
    };
  }

  /** A writer that uploads `size` values into `name`: the only way data reaches the device. */
  upload(name: string, size: number): (data: Float32Array) => Promise<void> {
    const site = this.site(`upload:${size}`, elementwiseSpec('upload', size));
    return async (data) => {
      if (data.length !== size) throw new Error(`gpu plan: '${name}' takes ${size} values, got ${data.length}`);
      this.arrays.set(name, await site.run([data], (storage) => this.arrays.held(storage, name)));
    };
  }

  /** Reads an array back (the only readback): resolves with its values, flat. */
  async read(name: string, size: number): Promise<Float32Array> {
    const value: DeviceArray = this.arrays.get(name);
    return flatten(await value.toArray(), size);
  }

  gemm(m: number, n: number, k: number, a: string, transA: boolean, b: string, transB: boolean, c: string, accumulate: boolean): Step {
    const shape = { m, n, k, transA, transB, accumulate };
    const key = gemmKey(shape);
    if (this.packedGemm) {
      const s = packedGemmSpecs(shape, this.grid, this.maxTextureSize);
      const [packedA, packedB, blocks] = [`${c}·a4`, `${c}·b4`, `${c}·blocks`];
      return DeviceKernels.chain([
        this.kernel(`${key}:packA`, s.packA, [named(a)], packedA),
        this.kernel(`${key}:packB`, s.packB, [named(b)], packedB),
        this.kernel(`${key}:blocks`, s.block, [named(packedA), named(packedB)], blocks),
        this.kernel(`${key}:unpack`, s.unpack, accumulate ? [named(blocks), named(c)] : [named(blocks)], c)
      ]);
    }
    const args = accumulate ? [named(a), named(b), named(c)] : [named(a), named(b)];
    return this.kernel(key, gemmSpec(shape, this.grid), args, c);
  }

  biasActivation(z: string, bias: string | null, out: string, rows: number, cols: number, act: number): Step {
    const spec = biasActivationSpec(rows, cols, act, bias !== null, this.grid);
    const args = bias === null ? [named(z)] : [named(z), named(bias)];
    return this.kernel(`biasActivation:${rows}x${cols}:${act}:${+(bias !== null)}`, spec, args, out);
  }

  activationGrad(dy: string, y: string, dz: string, size: number, act: number): Step {
    return this.kernel(`activationGrad:${size}:${act}`, activationGradSpec(size, act), [named(dy), named(y)], dz);
  }

  columnSum(dz: string, db: string, rows: number, cols: number): Step {
    const specs = columnSumSpecs(rows, cols, this.grid);
    if (specs.length === 1) return this.kernel(`columnSum:${rows}x${cols}`, specs[0], [named(dz)], db);
    const partial = `${db}·blocks`;
    return DeviceKernels.chain([
      this.kernel(`columnSum:${rows}x${cols}:blocks`, specs[0], [named(dz)], partial),
      this.kernel(`columnSum:${rows}x${cols}:total`, specs[1], [named(partial)], db)
    ]);
  }

  /**
   * Softmax and cross-entropy of each row, as PlanKernels.softmaxCrossEntropy; instead of
   * returning the loss it binds `stats` to [loss summed over rows, correct rows], so the
   * runner reads both back with whatever else the step reports.
   */
  softmaxCrossEntropy(logits: string, targets: string, probs: string, dz: string, rows: number, cols: number, lossRows: number, stats: string): Step {
    const s = softmaxSpecs(rows, cols, lossRows, this.grid);
    const key = `softmax:${rows}x${cols}`;
    return DeviceKernels.chain([
      this.kernel(`${key}:probs`, s.probs, [named(logits)], probs),
      this.kernel(`${key}:${lossRows}:dz`, s.dz, [named(probs), named(targets)], dz),
      this.kernel(`${key}:stats`, s.stats, [named(probs), named(targets)], stats)
    ]);
  }

  im2col(x: string, cols: string, s: WindowShape): Step {
    return this.kernel(windowKey('im2col', s), im2colSpec(s), [named(x)], cols);
  }

  col2im(cols: string, dx: string, s: WindowShape): Step {
    return this.kernel(windowKey('col2im', s), col2imSpec(s), [named(cols)], dx);
  }

  maxPool(x: string, y: string, argmax: string, s: WindowShape): Step {
    const size = s.n * s.outH * s.outW * s.c;
    return DeviceKernels.chain([
      this.kernel(windowKey('maxPoolArgmax', s), maxPoolArgmaxSpec(s), [named(x)], argmax),
      this.elementwise('gather', size, [named(x), named(argmax)], y)
    ]);
  }

  /** The pooling's window is needed to gather (PlanKernels.maxPoolGrad scatters and needs only sizes). */
  maxPoolGrad(dy: string, argmax: string, dx: string, s: WindowShape): Step {
    return this.kernel(windowKey('maxPoolGrad', s), maxPoolGradSpec(s), [named(dy), named(argmax)], dx);
  }

  multiply(a: string, b: string, out: string, size: number): Step {
    return this.elementwise('multiply', size, [named(a), named(b)], out);
  }

  /** v (null without momentum) as Keras: v = momentum·v − lr·g, w += v; or w −= lr·g. */
  sgd(w: string, g: string, v: string | null, size: number, hyper: () => SgdHyper): Step {
    const lr = scalar(() => hyper().lr);
    if (v === null) return this.elementwise('sgd', size, [named(w), named(g), lr], w);
    return DeviceKernels.chain([
      this.elementwise('velocity', size, [named(v), named(g), lr, scalar(() => hyper().momentum)], v),
      this.elementwise('add', size, [named(w), named(v)], w)
    ]);
  }

  adam(w: string, g: string, m: string, v: string, size: number, hyper: () => AdamHyper): Step {
    return DeviceKernels.chain([
      this.elementwise('moment', size, [named(m), named(g), scalar(() => hyper().beta1)], m),
      this.elementwise('squaredMoment', size, [named(v), named(g), scalar(() => hyper().beta2)], v),
      this.elementwise('adam', size, [named(w), named(m), named(v), scalar(() => hyper().alpha), scalar(() => hyper().epsilon)], w)
    ]);
  }

  /** The weight is updated before accDelta, because both read accDelta's old value. */
  adadelta(w: string, g: string, accGrad: string, accDelta: string, size: number, hyper: () => AdadeltaHyper): Step {
    const rho = scalar(() => hyper().rho);
    const epsilon = scalar(() => hyper().epsilon);
    return DeviceKernels.chain([
      this.elementwise('runningSquare', size, [named(accGrad), named(g), rho], accGrad),
      this.elementwise('adadeltaWeight', size, [named(w), named(accDelta), named(accGrad), named(g), scalar(() => hyper().lr), epsilon], w),
      this.elementwise('adadeltaDelta', size, [named(accDelta), named(accGrad), named(g), rho, epsilon], accDelta)
    ]);
  }

  /**
   * Binds `into` to one cell: how many values of all the named arrays (sizes given) are
   * NaN or ±Infinity (PlanKernels.countNonFinite over several arrays, so a step counts
   * all its weights for one readback). One pass over each array, then sums of up to four
   * partial counts.
   */
  countNonFiniteOf(arrays: readonly { name: string; size: number }[], into: string): Step {
    const steps: Step[] = [];
    let parts = arrays.map((a, i) => {
      const partial = `${into}·${i}`;
      steps.push(this.kernel(`nonFinite:${a.size}:blocks`, nonFiniteBlocksSpec(a.size), [named(a.name)], partial));
      return { name: partial, cells: Math.ceil(a.size / reductionBlock) };
    });
    let round = 0;
    do {
      const next: { name: string; cells: number }[] = [];
      for (let i = 0; i < parts.length; i += 4) {
        const group = parts.slice(i, i + 4);
        const sum = parts.length <= 4 ? into : `${into}·sum${round}·${i}`;
        const args = [0, 1, 2, 3].map((j) => named(group[Math.min(j, group.length - 1)].name));
        steps.push(this.kernel(`sumFour:${group.map((g) => g.cells).join(',')}`, sumFourSpec(group.map((g) => g.cells)), args, sum));
        next.push({ name: sum, cells: 1 });
      }
      parts = next;
      round++;
    } while (parts.length > 1);
    return DeviceKernels.chain(steps);
  }

  /** Binds `into` to [cell of each source], at most four, for one readback. */
  pack(sources: readonly { name: string; cell: number }[], into: string): Step {
    const spec = packSpec(sources.map((s) => s.cell));
    const args = [0, 1, 2, 3].map((i) => named(sources[Math.min(i, sources.length - 1)].name));
    return this.kernel(`pack:${sources.length}`, spec, args, into);
  }

  dispose(): void {
    for (const site of this.sites) site.dispose();
    this.sites.length = 0;
    this.arrays.clear();
  }
}

/** gpu.js results are nested per output dimension (rows of Float32Arrays); flat row-major values. */
function flatten(value: unknown, size: number): Float32Array {
  const out = new Float32Array(size);
  let at = 0;
  const walk = (v: unknown): void => {
    if (v instanceof Float32Array) {
      out.set(v.subarray(0, Math.min(v.length, size - at)), at);
      at += v.length;
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (typeof v === 'number') {
      out[at++] = v;
    } else {
      throw new Error(`unexpected gpu.js result of type ${typeof v}`);
    }
  };
  walk(value);
  if (at !== size) throw new Error(`gpu plan: read ${at} values, ${size} expected`);
  return out;
}
