/** Weight initialisers as Keras's defaults: Glorot uniform kernels, zero biases. Seeded. */
import type { Random } from '$lib/random';
import type { Tensor } from '$lib/engine/tensor';
import { sizeOf, zeros } from '$lib/engine/tensor';

/**
 * Uniform in [-limit, limit] with limit = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010),
 * which keeps the variance of activations and gradients about the same from layer to layer.
 * For a kernel [kh, kw, inC, outC] the fans count the receptive field: kh·kw·inC and kh·kw·outC.
 */
export function glorotUniform(shape: readonly number[], random: Random): Tensor {
  const receptive = sizeOf(shape.slice(0, -2));
  const fanIn = shape[shape.length - 2] * receptive;
  const fanOut = shape[shape.length - 1] * receptive;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = (2 * random() - 1) * limit;
  return { data, shape: [...shape] };
}

export function zerosInitializer(shape: readonly number[]): Tensor {
  return zeros(shape);
}
