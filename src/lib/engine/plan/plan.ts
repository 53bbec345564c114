/**
 * A plan: one training step (or one forward pass) of a model as a fixed list of kernel
 * calls (kernels.ts) on named buffers whose shapes are known ahead. compile.ts writes
 * plans; a runner executes them.
 *
 * A plan names buffers and never says where they live: the heap runner (runner.ts) gives
 * each name an offset in its one heap; a GPU runner can give the same names textures. So
 * the layout is the runner's concern, and one plan serves every kind of memory.
 */
import type { ActivationCode, WindowShape } from './kernels';

/**
 * What a buffer holds, which tells a runner how long it lives and who writes it:
 * - input, target: written by the runner before each step (the batch; sparse labels
 *   become one-hot rows here);
 * - mask: dropout's mask, drawn by the runner before each training step;
 * - weight, optimizerState: live for the whole fit, the same for every batch size;
 * - activation: a layer's output, kept from the forward pass for the backward pass;
 * - gradient: d loss / d something, written and read within one step;
 * - scratch: what a kernel needs on the side (im2col's patches, pooling's argmax, the
 *   count of correct answers).
 */
export type BufferKind = 'input' | 'target' | 'mask' | 'weight' | 'optimizerState' | 'activation' | 'gradient' | 'scratch';

export interface BufferSpec {
  readonly name: string;
  readonly kind: BufferKind;
  /** row-major; the first axis is the batch for every kind but weight and optimizerState */
  readonly shape: readonly number[];
  readonly dtype: 'f32' | 'i32';
}

/**
 * One kernel call, its arguments named as in PlanKernels, buffers by name. The optimizer
 * calls carry no rates: the runner supplies them each step (the learning rate may change,
 * Adam's bias correction does), from the plan's optimizer.
 */
export type PlanCall =
  | { readonly op: 'gemm'; m: number; n: number; k: number; a: string; transA: boolean; b: string; transB: boolean; c: string; accumulate: boolean }
  | { readonly op: 'biasActivation'; z: string; bias: string | null; out: string; rows: number; cols: number; act: ActivationCode }
  | { readonly op: 'activationGrad'; dy: string; y: string; dz: string; size: number; act: ActivationCode }
  | { readonly op: 'columnSum'; dz: string; db: string; rows: number; cols: number }
  | {
      readonly op: 'softmaxCrossEntropy';
      logits: string;
      targets: string;
      probs: string;
      dz: string;
      rows: number;
      cols: number;
      lossRows: number;
      correct: string;
    }
  | { readonly op: 'im2col'; x: string; cols: string; window: WindowShape }
  | { readonly op: 'col2im'; cols: string; dx: string; window: WindowShape }
  | { readonly op: 'maxPool'; x: string; y: string; argmax: string; window: WindowShape }
  | { readonly op: 'maxPoolGrad'; dy: string; argmax: string; dx: string; ySize: number; xSize: number }
  | { readonly op: 'multiply'; a: string; b: string; out: string; size: number }
  | { readonly op: 'sgd'; w: string; g: string; velocity: string | null; size: number }
  | { readonly op: 'adam'; w: string; g: string; m: string; v: string; size: number }
  | { readonly op: 'adadelta'; w: string; g: string; accGrad: string; accDelta: string; size: number };

/** One trainable array, in Keras's get_weights order (layer by layer, kernel then bias). */
export interface ParameterSpec {
  readonly layer: string;
  readonly name: 'kernel' | 'bias';
  readonly buffer: string;
  readonly grad: string;
  /** the optimizer's state buffers for this weight, in the order of the optimizer's state slots */
  readonly state: readonly string[];
  readonly shape: readonly number[];
}

/** Where to look, layer by layer, when a step produced a NaN or an Infinity. */
export interface LayerTaps {
  readonly layer: string;
  /** what the layer's forward pass wrote (for the last layer: its logits and the probabilities) */
  readonly outputs: readonly string[];
  /** d loss / d weight of each of its weights; empty in a forward plan */
  readonly grads: readonly string[];
  readonly params: readonly string[];
}

export interface DropoutMask {
  readonly layer: string;
  readonly buffer: string;
  readonly rate: number;
}

export interface Plan {
  /** 'train': forward, loss, backward and update; 'forward': outputs, loss and accuracy only */
  readonly mode: 'train' | 'forward';
  /** rows per call: a plan is compiled for one batch size */
  readonly rows: number;
  readonly buffers: readonly BufferSpec[];
  readonly calls: readonly PlanCall[];
  /** the buffers a runner fills before a step and reads after it */
  readonly io: { readonly input: string; readonly target: string; readonly probs: string; readonly correct: string };
  /** masks to draw before each training step (none in a forward plan: dropout is the identity there) */
  readonly masks: readonly DropoutMask[];
  readonly parameters: readonly ParameterSpec[];
  readonly layers: readonly LayerTaps[];
}

/** Buffers that live for the whole fit, whatever the batch size. */
export function isPersistent(kind: BufferKind): boolean {
  return kind === 'weight' || kind === 'optimizerState';
}
