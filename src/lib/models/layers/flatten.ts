/** Flattens each sample to one axis, [n, h, w, c] -> [n, h·w·c], as keras.layers.Flatten. */
import { reshape } from '$lib/engine/ops';
import { sizeOf, type Tensor } from '$lib/engine/tensor';
import { notBuilt, type Backward, type Layer, type Trace } from './layer';

export interface FlattenOptions {
  inputShape?: readonly number[];
}

export class Flatten implements Layer {
  readonly className = 'Flatten';
  name = 'flatten';
  readonly inputShape?: readonly number[];
  readonly weights = [];
  outputShape: readonly number[] = [];
  built = false;

  constructor(options: FlattenOptions = {}) {
    this.inputShape = options.inputShape;
  }

  build(inputShape: readonly number[]): readonly number[] {
    this.outputShape = [sizeOf(inputShape)];
    this.built = true;
    return this.outputShape;
  }

  async forward(x: Tensor): Promise<Trace> {
    if (!this.built) throw notBuilt(this);
    // row-major NHWC data is already laid out flat: only the shape changes
    return { input: x, output: reshape(x, [x.shape[0], this.outputShape[0]]) };
  }

  async backward(dy: Tensor, trace: Trace): Promise<Backward> {
    return { dx: reshape(dy, trace.input.shape), grads: [] };
  }

  kerasCode(): string {
    return 'layers.Flatten()';
  }
}

export function flatten(options: FlattenOptions = {}): Flatten {
  return new Flatten(options);
}
