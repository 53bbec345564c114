/** A fully connected layer, y = act(x @ kernel + bias), as keras.layers.Dense. */
import { activationGrad } from '$lib/engine/gradients/activationGrad';
import { denseGrad } from '$lib/engine/gradients/denseGrad';
import { add, matmul } from '$lib/engine/ops';
import { shapeToString, type Tensor } from '$lib/engine/tensor';
import type { Random } from '$lib/random';
import { activate, activationName, checkActivation, pythonActivation, type ActivationSpec } from '../activations';
import { glorotUniform, zerosInitializer } from '../initializers';
import { checkPositiveInt, notBuilt, type Backward, type BackwardOptions, type Layer, type Trace, type Weight } from './layer';

export interface DenseOptions {
  /** per-sample input shape, e.g. [784], for the first layer */
  inputShape?: readonly number[];
}

export class Dense implements Layer {
  readonly className = 'Dense';
  name = 'dense';
  readonly activation: ActivationSpec;
  readonly inputShape?: readonly number[];
  weights: Weight[] = [];
  outputShape: readonly number[] = [];
  built = false;

  constructor(
    readonly units: number,
    activation: ActivationSpec = 'linear',
    options: DenseOptions = {}
  ) {
    checkPositiveInt('dense', 'units', units);
    this.activation = checkActivation(activation, 'dense');
    this.inputShape = options.inputShape;
  }

  build(inputShape: readonly number[], random: Random): readonly number[] {
    if (inputShape.length !== 1) {
      throw new Error(
        `${this.name}: Dense takes one value per feature, got per-sample shape ${shapeToString(inputShape)}: put flatten() before it`
      );
    }
    this.weights = [
      { name: 'kernel', value: glorotUniform([inputShape[0], this.units], random) },
      { name: 'bias', value: zerosInitializer([this.units]) }
    ];
    this.outputShape = [this.units];
    this.built = true;
    return this.outputShape;
  }

  async forward(x: Tensor): Promise<Trace> {
    if (!this.built) throw notBuilt(this);
    // unfused, because the backward pass needs z, the activation's input
    const z = await add(await matmul(x, this.weights[0].value), this.weights[1].value);
    return { input: x, z, output: await activate(this.activation, z) };
  }

  async backward(dy: Tensor, trace: Trace, options: BackwardOptions = {}): Promise<Backward> {
    const dz = options.dyIsDz ? dy : await activationGrad(this.activation, trace.z as Tensor, trace.output, dy);
    const { dx, dw, db } = await denseGrad(trace.input, this.weights[0].value, dz, !options.skipDx);
    return { dx, grads: [dw, db] };
  }

  kerasCode(): string {
    return `layers.Dense(${this.units}${pythonActivation(this.activation)})`;
  }

  toString(): string {
    return `${this.name}: Dense(${this.units}, ${activationName(this.activation)})`;
  }
}

/** dense(128, 'relu'), dense(10, 'softmax'), dense(1, 'sigmoid', { inputShape: [2] }) */
export function dense(units: number, activation: ActivationSpec = 'linear', options: DenseOptions = {}): Dense {
  return new Dense(units, activation, options);
}
