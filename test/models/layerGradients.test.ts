/**
 * Every layer's backward pass against finite differences of its forward pass, on the
 * reference backend. With dy = r (random), d/dθ sum(layer(x; θ) * r) is exactly what
 * backward(r) returns for θ = x, the kernel and the bias, so one scalar checks the whole
 * Jacobian product. Then the same for a whole small CNN and its loss.
 *
 * Tolerance: relative 2-norm error 2e-3 with steps of 1e-2. Smooth activations leave a
 * truncation error of order eps² ≈ 1e-4; float32 rounding of the outputs adds ~1e-7 / 2e-2.
 * A wrong transpose, a missing 1/n or a dropped activation derivative gives errors of order 1.
 * ReLU and max-pooling are piecewise linear: the cases below assert that no pre-activation
 * sits within reach of relu's kink, where a central difference straddles it.
 */
import { describe, expect, it } from 'vitest';
import { numericGradient, relativeError, weightedSum } from '../engine/gradcheck';
import type { Tensor } from '../../src/lib/engine/tensor';
import type { ActivationSpec } from '../../src/lib/models/activations';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { flatten } from '../../src/lib/models/layers/flatten';
import type { Layer } from '../../src/lib/models/layers/layer';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { sequential } from '../../src/lib/models/sequential';
import { createRandom } from '../../src/lib/random';
import { randomTensor } from '../engine/helpers';

const EPS = 1e-2;
const TOL = 2e-3;

const softplus: ActivationSpec = {
  name: 'softplus',
  f: (z) => Math.log1p(Math.exp(z)),
  df: (z) => 1 / (1 + Math.exp(-z))
};

/** Builds the layer, gives its bias non-zero values, and checks dx and every weight's gradient. */
async function checkLayer(layer: Layer, inputShape: number[], seed: number): Promise<void> {
  layer.build(inputShape, createRandom(seed));
  layer.weights.forEach((w, i) => (w.value = randomTensor(w.value.shape, seed + 10 + i, 0.5)));
  const x = randomTensor([2, ...inputShape], seed + 1);
  const trace = await layer.forward(x);
  if (layer.activation === 'relu' && trace.z) {
    const nearest = Math.min(...Array.from(trace.z.data, Math.abs));
    expect(nearest, 'a pre-activation sits at relu\'s kink: pick another seed').toBeGreaterThan(0.05);
  }
  const r = randomTensor(trace.output.shape, seed + 2);
  const { dx, grads } = await layer.backward(r, trace);

  const numericX = await numericGradient(async (xp) => weightedSum((await layer.forward(xp)).output, r), x, EPS);
  expect(dx?.shape).toEqual(x.shape);
  expect(relativeError(dx as Tensor, numericX), `${layer.name} dx`).toBeLessThan(TOL);

  for (const [i, w] of layer.weights.entries()) {
    const original = w.value;
    const numeric = await numericGradient(async (wp) => {
      w.value = wp;
      return weightedSum((await layer.forward(x)).output, r);
    }, original, EPS);
    w.value = original;
    expect(grads[i].shape).toEqual(original.shape);
    expect(relativeError(grads[i], numeric), `${layer.name} ${w.name}`).toBeLessThan(TOL);
  }
}

describe('layer gradients = finite differences', () => {
  const activations: ActivationSpec[] = ['linear', 'sigmoid', 'tanh', 'relu', 'softmax', softplus];
  it.each(activations.map((a) => [typeof a === 'string' ? a : a.name, a] as const))('dense(4, %s)', async (_, activation) => {
    // seed 101: no relu pre-activation within 0.05 of the kink (seed 100 has one at 0.03)
    await checkLayer(dense(4, activation), [5], 101);
  });

  it.each([
    ['same', 1, 200],
    ['valid', 1, 300],
    ['same', 2, 400],
    ['valid', 2, 500]
  ] as const)('conv2d(3, 3×3, %s padding, stride %i, tanh)', async (padding, strides, seed) => {
    await checkLayer(conv2d(3, 3, { padding, strides, activation: 'tanh' }), [6, 5, 2], seed);
  });

  it('conv2d(2, 2×3, relu, strides [2, 1])', async () => {
    await checkLayer(conv2d(2, [2, 3], { strides: [2, 1], padding: 'same', activation: 'relu' }), [5, 6, 2], 102);
  });

  it.each([
    ['valid', 2, 2],
    ['same', 3, 2],
    ['valid', 2, 1]
  ] as const)('maxPooling2d %s, pool %i, stride %i', async (padding, poolSize, strides) => {
    await checkLayer(maxPooling2d({ poolSize, strides, padding }), [5, 5, 2], 700 + poolSize * 10 + strides);
  });

  it('flatten', async () => {
    await checkLayer(flatten(), [3, 2, 2], 800);
  });
});

describe('a whole small CNN', () => {
  it('every weight of conv → pool → conv → flatten → dense(softmax) under cross-entropy', async () => {
    const model = sequential(
      [
        conv2d(3, 3, { padding: 'same', activation: 'tanh', inputShape: [6, 6, 1] }),
        maxPooling2d({ poolSize: 2 }),
        conv2d(4, 2, { strides: 1, activation: 'sigmoid' }),
        flatten(),
        dense(3, 'softmax')
      ],
      { seed: 5 }
    );
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    // random biases too, so their gradients are not checked at a symmetric point
    model.setWeights(model.getWeights().map((w, i) => (i % 2 === 1 ? randomTensor(w.shape, 900 + i, 0.3) : w)));
    const x = randomTensor([3, 6, 6, 1], 901);
    const y = { data: Float32Array.of(0, 2, 1), shape: [3] };

    const { loss, grads } = await model.gradients(x, y);
    // a smaller step here: a first-layer kernel moves every pixel, and a step of 1e-2 makes
    // two values of a pooling window trade places (measured: error 8e-2 at 1e-2, 2e-4 at 1e-3)
    const eps = 1e-3;
    expect(loss).toBeGreaterThan(0);
    const weights = model.getWeights();
    for (const [i, w] of weights.entries()) {
      const numeric = await numericGradient(async (wp) => {
        model.setWeights(weights.map((v, j) => (j === i ? wp : v)));
        return (await model.evaluate(x, y)).loss;
      }, w, eps);
      model.setWeights(weights);
      expect(relativeError(grads[i], numeric), `weight array ${i}`).toBeLessThan(TOL);
    }
  });
});
