/**
 * The plan kernels (plan/kernels.ts) on our WebAssembly SIMD128 modules (the .wat files
 * beside this one, assembled at build time into kernels.generated.ts). All modules import
 * one `WebAssembly.Memory`, the heap: the caller's offsets and sizes are in 4-byte cells,
 * the modules take byte addresses, and this wrapper converts between the two and nothing
 * else, so each kernel's meaning is read in its .wat file.
 */
import type { ActivationCode, PlanKernels, WindowShape } from '../../plan/kernels';
import { wasmModules } from './kernels.generated';

/** The per-op backend's unary ops, as activation.wat numbers them (0..3 are ActivationCode). */
export const UnaryCode = {
  relu: 1, sigmoid: 2, tanh: 3, step: 4, sign: 5, exp: 6, log: 7, neg: 8, square: 9, sqrt: 10, abs: 11,
  sigmoidGrad: 12, tanhGrad: 13, reluGrad: 14
} as const;

/** Binary ops as elementwise.wat numbers them. */
export const BinaryCode = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5 } as const;

type Kernel = (...args: number[]) => number;
type ModuleName = Exclude<keyof typeof wasmModules, 'probe'>;
const moduleNames = Object.keys(wasmModules).filter((name) => name !== 'probe') as ModuleName[];

const pageBytes = 65536;

/**
 * The most one heap may grow to. 32-bit WebAssembly could address 4 GiB, but browsers on
 * phones and 32-bit systems refuse far less, and a tab that holds gigabytes is often killed:
 * a model that needs more is refused before training (see Backend.memoryLimit).
 */
export const WASM_HEAP_LIMIT = 1024 ** 3;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Why this engine cannot run our kernels, or null when it can. */
export function wasmUnavailable(): string | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    return 'this browser has no WebAssembly';
  }
  if (!WebAssembly.validate(decode(wasmModules.probe))) {
    return "this browser's WebAssembly has no SIMD (fixed-width SIMD128, from Chrome 91, Firefox 89, Safari 16.4)";
  }
  return null;
}

let compiled: Promise<Record<ModuleName, WebAssembly.Module>> | undefined;

/** Compiles the modules once per page or worker; every heap instantiates the same code. */
function compileModules(): Promise<Record<ModuleName, WebAssembly.Module>> {
  compiled ??= Promise.all(moduleNames.map((name) => WebAssembly.compile(decode(wasmModules[name])))).then(
    (modules) => Object.fromEntries(moduleNames.map((name, i) => [name, modules[i]])) as Record<ModuleName, WebAssembly.Module>,
    (error) => {
      compiled = undefined;
      throw error;
    }
  );
  return compiled;
}

/**
 * One heap and the kernels that run on it. Create with createWasmKernels. Besides the
 * plan kernels it offers the per-op backend's unary, binary and softmax.
 */
export class WasmKernels implements PlanKernels {
  readonly name = 'wasm';
  private floats: Float32Array;
  private ints: Int32Array;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly k: Record<string, Kernel>
  ) {
    this.floats = new Float32Array(memory.buffer);
    this.ints = new Int32Array(memory.buffer);
  }

  f32(): Float32Array {
    // growing the memory detaches the old buffer and every view on it
    if (this.floats.buffer !== this.memory.buffer) this.floats = new Float32Array(this.memory.buffer);
    return this.floats;
  }

  i32(): Int32Array {
    if (this.ints.buffer !== this.memory.buffer) this.ints = new Int32Array(this.memory.buffer);
    return this.ints;
  }

  /** Grows the heap to at least `cells` cells; says how many bytes it needed when it cannot. */
  reserve(cells: number): void {
    const bytes = cells * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    try {
      this.memory.grow(Math.ceil((bytes - have) / pageBytes));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`the WebAssembly heap cannot grow to ${bytes.toLocaleString('en')} bytes (${why})`);
    }
  }

  gemm(m: number, n: number, k: number, a: number, transA: boolean, b: number, transB: boolean, c: number, accumulate: boolean): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      // an empty sum: the wasm loops assume at least one step
      if (!accumulate) this.f32().fill(0, c, c + m * n);
      return;
    }
    // A·Bᵀ reads both operands along k (gemmDot.wat); the other cases broadcast A onto rows of B (gemm.wat)
    if (transB && !transA) this.k.gemmDot(m, n, k, a * 4, b * 4, c * 4, +accumulate);
    else this.k.gemm(m, n, k, a * 4, +transA, b * 4, +transB, c * 4, +accumulate);
  }

  biasActivation(z: number, bias: number, out: number, rows: number, cols: number, act: ActivationCode): void {
    this.k.biasActivation(z * 4, bias < 0 ? -1 : bias * 4, out * 4, rows, cols, act);
  }

  activationGrad(dy: number, y: number, dz: number, size: number, act: ActivationCode): void {
    this.k.activationGrad(dy * 4, y * 4, dz * 4, size, act);
  }

  columnSum(dz: number, db: number, rows: number, cols: number): void {
    this.k.columnSum(dz * 4, db * 4, rows, cols);
  }

  softmaxCrossEntropy(logits: number, targets: number, probs: number, dz: number, rows: number, cols: number, lossRows: number, correct: number): number {
    return this.k.softmaxCrossEntropy(logits * 4, targets * 4, probs * 4, dz * 4, rows, cols, lossRows, correct * 4);
  }

  im2col(x: number, cols: number, s: WindowShape): void {
    this.k.im2col(x * 4, cols * 4, ...windowArgs(s));
  }

  col2im(cols: number, dx: number, s: WindowShape): void {
    this.k.col2im(cols * 4, dx * 4, ...windowArgs(s));
  }

  maxPool(x: number, y: number, argmax: number, s: WindowShape): void {
    this.k.maxPool(x * 4, y * 4, argmax * 4, ...windowArgs(s));
  }

  maxPoolGrad(dy: number, argmax: number, dx: number, ySize: number, xSize: number): void {
    this.k.maxPoolGrad(dy * 4, argmax * 4, dx * 4, ySize, xSize);
  }

  multiply(a: number, b: number, out: number, size: number): void {
    this.k.multiply(a * 4, b * 4, out * 4, size);
  }

  sgd(w: number, g: number, v: number, size: number, lr: number, momentum: number): void {
    // without momentum there is no velocity to address
    this.k.sgd(w * 4, g * 4, Math.max(v, 0) * 4, size, lr, momentum);
  }

  adam(w: number, g: number, m: number, v: number, size: number, alpha: number, beta1: number, beta2: number, epsilon: number): void {
    this.k.adam(w * 4, g * 4, m * 4, v * 4, size, alpha, 1 - beta1, 1 - beta2, epsilon);
  }

  adadelta(w: number, g: number, accGrad: number, accDelta: number, size: number, lr: number, rho: number, epsilon: number): void {
    this.k.adadelta(w * 4, g * 4, accGrad * 4, accDelta * 4, size, lr, rho, 1 - rho, epsilon);
  }

  countNonFinite(p: number, size: number): number {
    return this.k.countNonFinite(p * 4, size);
  }

  /** out[i] = op(x[i]) for the per-op backend's unary ops */
  unary(op: number, x: number, out: number, size: number): void {
    this.k.unary(op, x * 4, out * 4, size);
  }

  /** out[i] = a[i] op b[i mod period] (period 1: b is one value) */
  binary(op: number, a: number, b: number, out: number, size: number, period: number): void {
    this.k.binary(op, a * 4, b * 4, out * 4, size, period);
  }

  /** softmax of each row of x [rows, cols] into out */
  softmax(x: number, out: number, rows: number, cols: number): void {
    this.k.softmax(x * 4, out * 4, rows, cols);
  }
}

function windowArgs(s: WindowShape): number[] {
  return [s.n, s.h, s.w, s.c, s.kh, s.kw, s.strideH, s.strideW, s.padTop, s.padLeft, s.outH, s.outW];
}

/**
 * A new heap with the kernels instantiated on it. Rejects with the reason when this
 * engine has no WebAssembly or no SIMD, or when a module fails to compile.
 */
export async function createWasmKernels(): Promise<WasmKernels> {
  const missing = wasmUnavailable();
  if (missing) throw new Error(missing);
  return instantiateKernels(await compileModules());
}

/** Modules compiled once (compileWasmModules), instantiated on a new heap without waiting. */
export type WasmModules = Record<ModuleName, WebAssembly.Module>;

export const compileWasmModules: () => Promise<WasmModules> = compileModules;

/**
 * A new heap on already compiled modules, synchronously: instantiating a compiled module
 * is cheap and allowed on a page's main thread (only compiling large modules is not), so
 * a backend can hand every compiled step a heap of its own when it asks.
 */
export function instantiateKernels(modules: WasmModules): WasmKernels {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: WASM_HEAP_LIMIT / pageBytes });
  const kernels: Record<string, Kernel> = {};
  for (const name of moduleNames) Object.assign(kernels, new WebAssembly.Instance(modules[name], { env: { memory } }).exports);
  return new WasmKernels(memory, kernels);
}
