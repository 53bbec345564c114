/** A 2D convolution layer, y = act(conv2d(x, kernel) + bias), as keras.layers.Conv2D (NHWC). */
import type { Padding } from '$lib/engine/backend';
import { activationGrad } from '$lib/engine/gradients/activationGrad';
import { conv2dGrad } from '$lib/engine/gradients/conv2dGrad';
import { add, conv2d as conv2dOp } from '$lib/engine/ops';
import { shapeToString, type Tensor } from '$lib/engine/tensor';
import { windowGeometry } from '$lib/engine/windowGeometry';
import type { Random } from '$lib/random';
import { activate, checkActivation, pythonActivation, type ActivationSpec } from '../activations';
import { glorotUniform, zerosInitializer } from '../initializers';
import { checkPositiveInt, notBuilt, pythonTuple, toPair, type Backward, type BackwardOptions, type Layer, type Trace, type Weight } from './layer';

export interface Conv2DOptions {
  /** default 1 */
  strides?: number | readonly [number, number];
  /** default 'valid', as Keras */
  padding?: Padding;
  /** default 'linear', as Keras */
  activation?: ActivationSpec;
  /** per-sample input shape [h, w, channels], e.g. [28, 28, 1], for the first layer */
  inputShape?: readonly number[];
}

export class Conv2D implements Layer {
  readonly className = 'Conv2D';
  name = 'conv2d';
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly activation: ActivationSpec;
  readonly inputShape?: readonly number[];
  weights: Weight[] = [];
  outputShape: readonly number[] = [];
  built = false;

  constructor(
    readonly filters: number,
    kernelSize: number | readonly [number, number],
    options: Conv2DOptions = {}
  ) {
    checkPositiveInt('conv2d', 'filters', filters);
    this.kernelSize = toPair('conv2d', 'kernelSize', kernelSize);
    this.strides = toPair('conv2d', 'strides', options.strides ?? 1);
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new Error(`conv2d: padding must be 'same' or 'valid', got '${String(this.padding)}'`);
    }
    this.activation = checkActivation(options.activation ?? 'linear', 'conv2d');
    this.inputShape = options.inputShape;
  }

  build(inputShape: readonly number[], random: Random): readonly number[] {
    if (inputShape.length !== 3) {
      throw new Error(`${this.name}: Conv2D takes images [height, width, channels], got per-sample shape ${shapeToString(inputShape)}`);
    }
    const [h, w, channels] = inputShape;
    const [kh, kw] = this.kernelSize;
    const g = windowGeometry(h, w, kh, kw, this.strides, this.padding);
    if (g.outH < 1 || g.outW < 1) {
      throw new Error(`${this.name}: a ${kh}×${kw} kernel does not fit a ${h}×${w} image with 'valid' padding`);
    }
    this.weights = [
      { name: 'kernel', value: glorotUniform([kh, kw, channels, this.filters], random) },
      { name: 'bias', value: zerosInitializer([this.filters]) }
    ];
    this.outputShape = [g.outH, g.outW, this.filters];
    this.built = true;
    return this.outputShape;
  }

  async forward(x: Tensor): Promise<Trace> {
    if (!this.built) throw notBuilt(this);
    const z = await add(await conv2dOp(x, this.weights[0].value, this.args()), this.weights[1].value);
    return { input: x, z, output: await activate(this.activation, z) };
  }

  async backward(dy: Tensor, trace: Trace, options: BackwardOptions = {}): Promise<Backward> {
    const dz = options.dyIsDz ? dy : await activationGrad(this.activation, trace.z as Tensor, trace.output, dy);
    const { dx, dkernel, dbias } = await conv2dGrad(trace.input, this.weights[0].value, dz, this.args(), !options.skipDx);
    return { dx, grads: [dkernel, dbias] };
  }

  kerasCode(): string {
    const strides = this.strides[0] === 1 && this.strides[1] === 1 ? '' : `, strides=${pythonTuple(this.strides)}`;
    const padding = this.padding === 'valid' ? '' : `, padding="${this.padding}"`;
    return `layers.Conv2D(${this.filters}, ${pythonTuple(this.kernelSize)}${strides}${padding}${pythonActivation(this.activation)})`;
  }

  private args() {
    return { strides: this.strides, padding: this.padding };
  }
}

/** conv2d(8, 3, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }) */
export function conv2d(filters: number, kernelSize: number | readonly [number, number], options: Conv2DOptions = {}): Conv2D {
  return new Conv2D(filters, kernelSize, options);
}
