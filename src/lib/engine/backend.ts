/**
 * The kernel contract. Every backend (backends/reference: plain TypeScript, the
 * specification; backends/wasm: our WebAssembly SIMD kernels; backends/gpu: gpu.js)
 * implements each kernel under the same name.
 * Ops (ops.ts) check their inputs and call the active backend; gradients are
 * written once, from ops. All kernels are async, as gpu.js v3 will require.
 */
import type { ModelDescriptor } from './plan/compile';
import type { PlanKernels } from './plan/kernels';
import type { ParameterSpec } from './plan/plan';
import type { PlanRunnerOptions, RunnerOptimizerState, StepResult } from './plan/runner';
import type { Tensor } from './tensor';

export type UnaryOp =
  | 'sigmoid' | 'tanh' | 'relu' | 'step' | 'sign'
  | 'exp' | 'log' | 'neg' | 'square' | 'sqrt' | 'abs'
  /** derivatives of activations in terms of their input x */
  | 'sigmoidGrad' | 'tanhGrad' | 'reluGrad';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

/** Activations a dense or conv layer can apply, as Keras names them. */
export type Activation = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'softmax';

export type Padding = 'same' | 'valid';

export interface Conv2dOptions {
  /** [strideH, strideW] */
  strides: readonly [number, number];
  padding: Padding;
}

export interface Pool2dOptions {
  /** [poolH, poolW] */
  poolSize: readonly [number, number];
  /** [strideH, strideW] */
  strides: readonly [number, number];
  padding: Padding;
}

export interface Backend {
  /** 'reference', 'wasm' or a gpu.js backend id such as 'gpu:webgl2', 'gpu:webasm' */
  readonly name: string;
  /** what the learner reads: "WebAssembly SIMD, 2 threads", "WebGL2", "plain JavaScript" */
  readonly label: string;

  /** a [m, k] @ b [k, n] -> [m, n]; transposeA/B treat a/b as stored transposed */
  matmul(a: Tensor, b: Tensor, transposeA?: boolean, transposeB?: boolean): Promise<Tensor>;
  /**
   * Elementwise a op b. b has a's shape, or a suffix of it (broadcast over the leading
   * axes, e.g. a bias [c] onto [n, c] or [n, h, w, c]), or is a scalar (size 1).
   */
  binary(op: BinaryOp, a: Tensor, b: Tensor): Promise<Tensor>;
  unary(op: UnaryOp, x: Tensor): Promise<Tensor>;
  /** softmax over the last axis */
  softmax(x: Tensor): Promise<Tensor>;
  /** sum over one axis (the axis disappears), or over everything (axis null -> shape []) */
  sum(x: Tensor, axis: number | null): Promise<Tensor>;
  /**
   * A dense layer's forward pass, act(x @ w + b): x [n, in], w [in, out], b [out].
   * A backend may fuse it; it must equal the composed ops.
   */
  dense(x: Tensor, w: Tensor, b: Tensor, activation: Activation): Promise<Tensor>;

  /** x [n, h, w, inC], kernel [kh, kw, inC, outC] -> [n, oh, ow, outC] (cross-correlation, as Keras) */
  conv2d(x: Tensor, kernel: Tensor, options: Conv2dOptions): Promise<Tensor>;
  /** d loss / d x, given dy [n, oh, ow, outC] */
  conv2dBackpropInput(dy: Tensor, kernel: Tensor, xShape: readonly number[], options: Conv2dOptions): Promise<Tensor>;
  /** d loss / d kernel, given x and dy */
  conv2dBackpropFilter(x: Tensor, dy: Tensor, kernelShape: readonly number[], options: Conv2dOptions): Promise<Tensor>;
  /** x [n, h, w, c] -> [n, oh, ow, c] */
  maxPool2d(x: Tensor, options: Pool2dOptions): Promise<Tensor>;
  /** routes dy back to the position of each window's maximum in x (first maximum on ties) */
  maxPool2dBackprop(dy: Tensor, x: Tensor, options: Pool2dOptions): Promise<Tensor>;

  /**
   * The kernels of a compiled training step (plan/kernels.ts), for a backend that can keep
   * a whole fit's weights, optimizer state and activations resident. Each call returns a
   * fresh set with its own heap, which one PlanRunner then owns. Absent: models train op by op.
   */
  planKernels?(): PlanKernels;

  /**
   * A runner of compiled steps that keeps the plan's buffers in the backend's own device
   * memory: PlanRunner's methods (plan/runner.ts), awaited. For a GPU, which cannot offer
   * planKernels: its memory is no heap of cells a Float32Array can view (f32() is the
   * heap itself), a buffer name maps to a texture or storage buffer instead, and a
   * readback on WebGPU is asynchronous. Absent: models use planKernels, or train op by op.
   */
  planRunner?(model: ModelDescriptor, options: PlanRunnerOptions): DevicePlanRunner;

  /**
   * The most bytes one model's training may take here (weights, optimizer state, a step's
   * activations and gradients): a model that needs more is refused before training, with
   * the bytes it needs, instead of failing mid-way. Absent: no limit known.
   */
  readonly memoryLimit?: number;

  /** frees compiled kernels */
  dispose(): void;
}

/** The ops every backend implements, by name. */
export const opNames = [
  'matmul',
  'binary',
  'unary',
  'softmax',
  'sum',
  'dense',
  'conv2d',
  'conv2dBackpropInput',
  'conv2dBackpropFilter',
  'maxPool2d',
  'maxPool2dBackprop'
] as const;
export type OpName = (typeof opNames)[number];

/** A backend's ops written as functions of its own context first (a kernel cache, a heap). */
export type OpsOf<C> = { [K in OpName]: (context: C, ...args: Parameters<Backend[K]>) => ReturnType<Backend[K]> };

/** The ops with their context bound: what a backend object holds. */
export function bindOps<C>(context: C, ops: OpsOf<C>): Pick<Backend, OpName> {
  return Object.fromEntries(opNames.map((name) => [name, (...args: unknown[]) => (ops[name] as (c: C, ...rest: unknown[]) => unknown)(context, ...args)])) as unknown as Pick<Backend, OpName>;
}

/** Whether a backend can run compiled steps at all (on a heap of cells, or on its device). */
export function runsCompiledSteps(backend: Backend): boolean {
  return Boolean(backend.planKernels ?? backend.planRunner);
}

/** PlanRunner's methods on memory the page cannot view: every transfer is awaited. */
export interface DevicePlanRunner {
  readonly parameters: readonly ParameterSpec[];
  /** read at every step, so a rate changed between steps takes effect */
  learningRate: number;
  /** optimizer steps taken */
  iterations: number;
  loadWeights(weights: readonly Tensor[]): Promise<void>;
  readWeights(): Promise<Tensor[]>;
  loadOptimizerState(state: RunnerOptimizerState): Promise<void>;
  readOptimizerState(): Promise<RunnerOptimizerState>;
  /** one training step; rejects with PlanDivergedError, the weights of before the step kept, if anything stops being finite */
  trainStep(x: Tensor, y: Tensor): Promise<StepResult>;
  evaluate(x: Tensor, y: Tensor, batchSize: number): Promise<StepResult>;
  predict(x: Tensor, batchSize: number): Promise<Tensor>;
  /** frees the device memory and kernels of this runner */
  dispose(): void;
}
