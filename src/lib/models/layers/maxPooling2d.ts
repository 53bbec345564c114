/** Max pooling over [h, w] windows, as keras.layers.MaxPooling2D. No weights. */
import type { Padding } from '$lib/engine/backend';
import { maxPool2dGrad } from '$lib/engine/gradients/maxPool2dGrad';
import { maxPool2d } from '$lib/engine/ops';
import { shapeToString, type Tensor } from '$lib/engine/tensor';
import { windowGeometry } from '$lib/engine/windowGeometry';
import { notBuilt, pythonTuple, toPair, type Backward, type Layer, type Trace } from './layer';

export interface MaxPooling2DOptions {
  /** default 2, as Keras */
  poolSize?: number | readonly [number, number];
  /** default: poolSize, as Keras */
  strides?: number | readonly [number, number];
  /** default 'valid' */
  padding?: Padding;
  inputShape?: readonly number[];
}

export class MaxPooling2D implements Layer {
  readonly className = 'MaxPooling2D';
  name = 'max_pooling2d';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly inputShape?: readonly number[];
  readonly weights = [];
  outputShape: readonly number[] = [];
  built = false;

  constructor(options: MaxPooling2DOptions = {}) {
    this.poolSize = toPair('maxPooling2d', 'poolSize', options.poolSize ?? 2);
    this.strides = toPair('maxPooling2d', 'strides', options.strides ?? this.poolSize);
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new Error(`maxPooling2d: padding must be 'same' or 'valid', got '${String(this.padding)}'`);
    }
    this.inputShape = options.inputShape;
  }

  build(inputShape: readonly number[]): readonly number[] {
    if (inputShape.length !== 3) {
      throw new Error(`${this.name}: MaxPooling2D takes images [height, width, channels], got per-sample shape ${shapeToString(inputShape)}`);
    }
    const [h, w, channels] = inputShape;
    const g = windowGeometry(h, w, this.poolSize[0], this.poolSize[1], this.strides, this.padding);
    if (g.outH < 1 || g.outW < 1) {
      throw new Error(`${this.name}: a ${this.poolSize.join('×')} pool does not fit a ${h}×${w} image with 'valid' padding`);
    }
    this.outputShape = [g.outH, g.outW, channels];
    this.built = true;
    return this.outputShape;
  }

  async forward(x: Tensor): Promise<Trace> {
    if (!this.built) throw notBuilt(this);
    return { input: x, output: await maxPool2d(x, this.args()) };
  }

  async backward(dy: Tensor, trace: Trace): Promise<Backward> {
    return { dx: await maxPool2dGrad(trace.input, dy, this.args()), grads: [] };
  }

  kerasCode(): string {
    const parts = [`pool_size=${pythonTuple(this.poolSize)}`];
    if (this.strides[0] !== this.poolSize[0] || this.strides[1] !== this.poolSize[1]) {
      parts.push(`strides=${pythonTuple(this.strides)}`);
    }
    if (this.padding !== 'valid') parts.push(`padding="${this.padding}"`);
    return `layers.MaxPooling2D(${parts.join(', ')})`;
  }

  private args() {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/** maxPooling2d({ poolSize: 2 }) */
export function maxPooling2d(options: MaxPooling2DOptions = {}): MaxPooling2D {
  return new MaxPooling2D(options);
}
