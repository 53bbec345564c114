/**
 * From a model described as plain data (its layers, loss, optimizer and input shape) to
 * the plans of one training step and one forward pass. The engine knows no model class,
 * so the models describe themselves in these terms (models/planPath.ts).
 *
 * What a plan covers: dense, conv2d, maxPool2d, flatten and dropout layers with linear,
 * relu, sigmoid or tanh activations, ending in a dense softmax layer trained with
 * categorical or sparse categorical cross-entropy (fused: d loss / d logits = (p − y) / n),
 * and SGD (with or without momentum), Adam or Adadelta. Anything else (mean squared error,
 * binary cross-entropy, a softmax in the middle, a learner's own activation or optimizer)
 * gets a reason from planReason and runs op by op.
 *
 * Convolution is im2col + gemm: z = cols · W with W [kh·kw·inC, outC], the Keras kernel
 * [kh, kw, inC, outC] read as a matrix, because im2col orders each patch (ky, kx, channel).
 * Its backward pass reuses the patches: dW = colsᵀ · dz, dcols = dz · Wᵀ, then col2im.
 */
import type { Activation, Padding } from '../backend';
import type { LossName } from '../losses';
import { sizeOf } from '../tensor';
import { windowGeometry } from '../windowGeometry';
import { ActivationCode, type WindowShape } from './kernels';
import type { BufferKind, BufferSpec, DropoutMask, LayerTaps, ParameterSpec, Plan, PlanCall } from './plan';

export type LayerDescriptor =
  | { readonly kind: 'dense'; readonly name: string; readonly units: number; readonly activation: Activation }
  | {
      readonly kind: 'conv2d';
      readonly name: string;
      readonly filters: number;
      readonly kernel: readonly [number, number];
      readonly strides: readonly [number, number];
      readonly padding: Padding;
      readonly activation: Activation;
    }
  | {
      readonly kind: 'maxPool2d';
      readonly name: string;
      readonly pool: readonly [number, number];
      readonly strides: readonly [number, number];
      readonly padding: Padding;
    }
  | { readonly kind: 'flatten'; readonly name: string }
  | { readonly kind: 'dropout'; readonly name: string; readonly rate: number };

export type OptimizerDescriptor =
  | { readonly kind: 'sgd'; readonly learningRate: number; readonly momentum: number }
  | { readonly kind: 'adam'; readonly learningRate: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number }
  | { readonly kind: 'adadelta'; readonly learningRate: number; readonly rho: number; readonly epsilon: number };

export interface ModelDescriptor {
  /** per sample, e.g. [784] or [28, 28, 1] */
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerDescriptor[];
  readonly loss: LossName;
  readonly optimizer: OptimizerDescriptor;
}

const fusable: ReadonlySet<Activation> = new Set<Activation>(['linear', 'relu', 'sigmoid', 'tanh']);

/** Why this model cannot run as a plan, in words a learner can read; null when it can. */
export function planReason(model: ModelDescriptor): string | null {
  if (model.loss !== 'categoricalCrossentropy' && model.loss !== 'sparseCategoricalCrossentropy') {
    return `the loss ${model.loss} runs op by op (a compiled step covers softmax with categorical cross-entropy)`;
  }
  const last = model.layers[model.layers.length - 1];
  if (!last || last.kind !== 'dense' || last.activation !== 'softmax') {
    return 'a compiled step ends in a dense softmax layer; this model runs op by op';
  }
  if (!model.inputShape.every((d) => Number.isInteger(d) && d > 0)) return `the input shape [${model.inputShape.join(', ')}] is not known yet`;
  let shape = model.inputShape;
  for (const [i, layer] of model.layers.entries()) {
    if ((layer.kind === 'dense' || layer.kind === 'conv2d') && !fusable.has(layer.activation) && i < model.layers.length - 1) {
      return `${layer.name}'s activation ${layer.activation} runs op by op (a compiled step fuses linear, relu, sigmoid and tanh)`;
    }
    if (layer.kind === 'dense' && shape.length !== 1) return `${layer.name} takes one value per feature: put a flatten before it`;
    if ((layer.kind === 'conv2d' || layer.kind === 'maxPool2d') && shape.length !== 3) return `${layer.name} takes images [height, width, channels]`;
    if (layer.kind === 'dropout' && !(layer.rate >= 0 && layer.rate < 1)) return `${layer.name}'s rate ${layer.rate} is not in [0, 1)`;
    shape = outputShape(layer, shape);
    if (!shape.every((d) => d >= 1)) return `${layer.name}'s window does not fit its input`;
  }
  return null;
}

function windowOf(layer: LayerDescriptor & { kind: 'conv2d' | 'maxPool2d' }, rows: number, shape: readonly number[]): WindowShape {
  const [h, w, c] = shape;
  const [kh, kw] = layer.kind === 'conv2d' ? layer.kernel : layer.pool;
  const g = windowGeometry(h, w, kh, kw, layer.strides, layer.padding);
  return { n: rows, h, w, c, kh, kw, strideH: layer.strides[0], strideW: layer.strides[1], padTop: g.padTop, padLeft: g.padLeft, outH: g.outH, outW: g.outW };
}

function outputShape(layer: LayerDescriptor, shape: readonly number[]): readonly number[] {
  switch (layer.kind) {
    case 'dense':
      return [layer.units];
    case 'conv2d': {
      const s = windowOf(layer, 1, shape);
      return [s.outH, s.outW, layer.filters];
    }
    case 'maxPool2d': {
      const s = windowOf(layer, 1, shape);
      return [s.outH, s.outW, shape[2]];
    }
    case 'flatten':
      return [sizeOf(shape)];
    case 'dropout':
      return shape;
  }
}

/** The optimizer's state buffers per weight, in the order of its state slots. */
function stateNames(optimizer: OptimizerDescriptor): readonly string[] {
  switch (optimizer.kind) {
    case 'sgd':
      return optimizer.momentum === 0 ? [] : ['velocity'];
    case 'adam':
      return ['m', 'v'];
    case 'adadelta':
      return ['accGrad', 'accDelta'];
  }
}

/** Every trainable array, in Keras's get_weights order, with its gradient and optimizer state. */
export function planParameters(model: ModelDescriptor): ParameterSpec[] {
  const params: ParameterSpec[] = [];
  let shape = model.inputShape;
  for (const layer of model.layers) {
    const kernel =
      layer.kind === 'dense' ? [sizeOf(shape), layer.units] : layer.kind === 'conv2d' ? [layer.kernel[0], layer.kernel[1], shape[2], layer.filters] : null;
    if (kernel) {
      const bias = [kernel[kernel.length - 1]];
      for (const [name, s] of [['kernel', kernel], ['bias', bias]] as const) {
        const buffer = `${layer.name}/${name}`;
        params.push({ layer: layer.name, name, buffer, grad: `${buffer}.grad`, state: stateNames(model.optimizer).map((k) => `${buffer}.${k}`), shape: s });
      }
    }
    shape = outputShape(layer, shape);
  }
  return params;
}

/** Collects buffers (once per name) and calls. */
class Builder {
  readonly buffers = new Map<string, BufferSpec>();
  readonly calls: PlanCall[] = [];

  buffer(name: string, kind: BufferKind, shape: readonly number[], dtype: 'f32' | 'i32' = 'f32'): string {
    if (!this.buffers.has(name)) this.buffers.set(name, { name, kind, shape: [...shape], dtype });
    return name;
  }

  call(c: PlanCall): void {
    this.calls.push(c);
  }
}

/** What the forward pass left for the backward pass of one layer. */
interface Forward {
  readonly layer: LayerDescriptor;
  /** the buffer the layer read and its per-sample shape */
  readonly input: string;
  readonly inShape: readonly number[];
  /** the buffer it wrote (the same as input for flatten and an inference dropout) */
  readonly output: string;
  readonly outShape: readonly number[];
  readonly window?: WindowShape;
  readonly scratch?: string;
}

const gradOf = (buffer: string) => `${buffer}.grad`;

/** The kernels' code for an activation planReason accepted (never softmax: that one is fused with the loss). */
function code(activation: Activation): ActivationCode {
  if (activation === 'softmax') throw new Error('compilePlan: softmax is fused with the loss, not applied by a layer');
  return ActivationCode[activation];
}

/**
 * The plan of one training step ('train') or one forward pass ('forward') over `rows`
 * samples. Throws if planReason(model) gives a reason.
 */
export function compilePlan(model: ModelDescriptor, rows: number, mode: 'train' | 'forward'): Plan {
  const reason = planReason(model);
  if (reason) throw new Error(`compilePlan: ${reason}`);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`compilePlan: rows must be a positive integer, got ${rows}`);
  const train = mode === 'train';
  const b = new Builder();
  const params = planParameters(model);
  const paramsOf = (layer: string) => params.filter((p) => p.layer === layer);
  for (const p of params) {
    b.buffer(p.buffer, 'weight', p.shape);
    for (const s of p.state) if (train) b.buffer(s, 'optimizerState', p.shape);
  }

  const input = b.buffer('input', 'input', [rows, ...model.inputShape]);
  const masks: DropoutMask[] = [];
  const taps: LayerTaps[] = [];
  const forwards: Forward[] = [];
  const lastIndex = model.layers.length - 1;
  let current = input;
  let shape = model.inputShape;

  for (const [i, layer] of model.layers.entries()) {
    const outShape = outputShape(layer, shape);
    const rowSize = sizeOf(outShape);
    let output = current;
    let window: WindowShape | undefined;
    let scratch: string | undefined;
    const own = () => b.buffer(`${layer.name}/output`, 'activation', [rows, ...outShape]);
    switch (layer.kind) {
      case 'dense': {
        const [kernel, bias] = paramsOf(layer.name);
        output = own();
        b.call({ op: 'gemm', m: rows, n: layer.units, k: sizeOf(shape), a: current, transA: false, b: kernel.buffer, transB: false, c: output, accumulate: false });
        // the softmax of the last layer is fused with the loss below
        const act = i === lastIndex ? ActivationCode.linear : code(layer.activation);
        b.call({ op: 'biasActivation', z: output, bias: bias.buffer, out: output, rows, cols: layer.units, act });
        break;
      }
      case 'conv2d': {
        const [kernel, bias] = paramsOf(layer.name);
        window = windowOf(layer, rows, shape);
        const patch = window.kh * window.kw * window.c;
        const positions = rows * window.outH * window.outW;
        scratch = b.buffer(`${layer.name}/cols`, 'scratch', [positions, patch]);
        output = own();
        b.call({ op: 'im2col', x: current, cols: scratch, window });
        b.call({ op: 'gemm', m: positions, n: layer.filters, k: patch, a: scratch, transA: false, b: kernel.buffer, transB: false, c: output, accumulate: false });
        const act = code(layer.activation);
        b.call({ op: 'biasActivation', z: output, bias: bias.buffer, out: output, rows: positions, cols: layer.filters, act });
        break;
      }
      case 'maxPool2d':
        window = windowOf(layer, rows, shape);
        scratch = b.buffer(`${layer.name}/argmax`, 'scratch', [rows, ...outShape], 'i32');
        output = own();
        b.call({ op: 'maxPool', x: current, y: output, argmax: scratch, window });
        break;
      case 'flatten':
        // NHWC rows are already flat: the next layer reads the same cells
        break;
      case 'dropout':
        if (train && layer.rate > 0) {
          scratch = b.buffer(`${layer.name}/mask`, 'mask', [rows, ...outShape]);
          masks.push({ layer: layer.name, buffer: scratch, rate: layer.rate });
          output = own();
          b.call({ op: 'multiply', a: current, b: scratch, out: output, size: rows * rowSize });
        }
        break;
    }
    const layerParams = paramsOf(layer.name);
    taps.push({
      layer: layer.name,
      outputs: output === current ? [] : [output],
      grads: train ? layerParams.map((p) => p.grad) : [],
      params: layerParams.map((p) => p.buffer)
    });
    forwards.push({ layer, input: current, inShape: shape, output, outShape, window, scratch });
    current = output;
    shape = outShape;
  }

  const classes = shape[0];
  const probs = b.buffer('loss/probs', 'activation', [rows, classes]);
  const target = b.buffer('target', 'target', [rows, classes]);
  const correct = b.buffer('loss/correct', 'scratch', [1], 'i32');
  const dLogits = b.buffer(gradOf(current), 'gradient', [rows, classes]);
  b.call({ op: 'softmaxCrossEntropy', logits: current, targets: target, probs, dz: dLogits, rows, cols: classes, lossRows: rows, correct });
  const lastTaps = taps[lastIndex];
  taps[lastIndex] = { ...lastTaps, outputs: [...lastTaps.outputs, probs] };

  if (train) {
    backward(b, forwards, paramsOf, rows);
    for (const p of params) update(b, model.optimizer, p);
  }
  return {
    mode,
    rows,
    buffers: [...b.buffers.values()],
    calls: b.calls,
    io: { input, target, probs, correct },
    masks,
    parameters: params,
    layers: taps
  };
}

/**
 * d loss / d everything, from the last layer back to the first layer with weights: nothing
 * before it learns, so neither it (dx) nor the layers before it run backward at all.
 */
function backward(b: Builder, forwards: readonly Forward[], paramsOf: (layer: string) => ParameterSpec[], rows: number): void {
  const first = forwards.findIndex((f) => f.layer.kind === 'dense' || f.layer.kind === 'conv2d');
  const last = forwards.length - 1;
  for (let i = last; i >= first; i--) {
    const { layer, input, inShape, output, outShape, window, scratch } = forwards[i];
    const needDx = i > first;
    const dy = gradOf(output);
    const dx = needDx ? b.buffer(gradOf(input), 'gradient', [rows, ...inShape]) : '';
    switch (layer.kind) {
      case 'dense': {
        const [kernel, bias] = paramsOf(layer.name);
        const [inSize, units] = [sizeOf(inShape), layer.units];
        b.buffer(kernel.grad, 'gradient', kernel.shape);
        b.buffer(bias.grad, 'gradient', bias.shape);
        // the last layer's dy is already d loss / d logits (softmax fused with the loss)
        if (i < last && layer.activation !== 'linear') {
          b.call({ op: 'activationGrad', dy, y: output, dz: dy, size: rows * units, act: code(layer.activation) });
        }
        b.call({ op: 'gemm', m: inSize, n: units, k: rows, a: input, transA: true, b: dy, transB: false, c: kernel.grad, accumulate: false });
        b.call({ op: 'columnSum', dz: dy, db: bias.grad, rows, cols: units });
        if (needDx) b.call({ op: 'gemm', m: rows, n: inSize, k: units, a: dy, transA: false, b: kernel.buffer, transB: true, c: dx, accumulate: false });
        break;
      }
      case 'conv2d': {
        const [kernel, bias] = paramsOf(layer.name);
        const s = window as WindowShape;
        const cols = scratch as string;
        const patch = s.kh * s.kw * s.c;
        const positions = rows * s.outH * s.outW;
        b.buffer(kernel.grad, 'gradient', kernel.shape);
        b.buffer(bias.grad, 'gradient', bias.shape);
        if (layer.activation !== 'linear') {
          b.call({ op: 'activationGrad', dy, y: output, dz: dy, size: positions * layer.filters, act: code(layer.activation) });
        }
        b.call({ op: 'gemm', m: patch, n: layer.filters, k: positions, a: cols, transA: true, b: dy, transB: false, c: kernel.grad, accumulate: false });
        b.call({ op: 'columnSum', dz: dy, db: bias.grad, rows: positions, cols: layer.filters });
        if (needDx) {
          // the patches are spent once dW has them: their gradient takes the same cells, the plan's largest buffer
          b.call({ op: 'gemm', m: positions, n: patch, k: layer.filters, a: dy, transA: false, b: kernel.buffer, transB: true, c: cols, accumulate: false });
          b.call({ op: 'col2im', cols, dx, window: s });
        }
        break;
      }
      case 'maxPool2d':
        if (needDx) b.call({ op: 'maxPoolGrad', dy, argmax: scratch as string, dx, ySize: rows * sizeOf(outShape), xSize: rows * sizeOf(inShape) });
        break;
      case 'flatten':
        break;
      case 'dropout':
        if (needDx && scratch) b.call({ op: 'multiply', a: dy, b: scratch, out: dx, size: rows * sizeOf(outShape) });
        break;
    }
  }
}

function update(b: Builder, optimizer: OptimizerDescriptor, p: ParameterSpec): void {
  const size = sizeOf(p.shape);
  switch (optimizer.kind) {
    case 'sgd':
      b.call({ op: 'sgd', w: p.buffer, g: p.grad, velocity: p.state[0] ?? null, size });
      break;
    case 'adam':
      b.call({ op: 'adam', w: p.buffer, g: p.grad, m: p.state[0], v: p.state[1], size });
      break;
    case 'adadelta':
      b.call({ op: 'adadelta', w: p.buffer, g: p.grad, accGrad: p.state[0], accDelta: p.state[1], size });
      break;
  }
}
