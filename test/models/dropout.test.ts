/**
 * dropout(rate): inverted dropout in training steps only, seeded so a run replays,
 * the identity in predict and evaluate; its backward pass against finite differences
 * with the mask held fixed (building the layer again restarts its masks), alone and
 * inside a model, where the training flag must reach it.
 */
import { describe, expect, it } from 'vitest';
import { numericGradient, relativeError, weightedSum } from '../engine/gradcheck';
import type { Tensor } from '../../src/lib/engine/tensor';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { dropout, type Dropout } from '../../src/lib/models/layers/dropout';
import { flatten } from '../../src/lib/models/layers/flatten';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { sequential } from '../../src/lib/models/sequential';
import { createRandom } from '../../src/lib/random';
import { randomTensor } from '../engine/helpers';

const ones = (n: number): Tensor => ({ data: new Float32Array(n).fill(1), shape: [1, n] });

describe('dropout(rate)', () => {
  it('refuses a rate outside [0, 1)', () => {
    expect(() => dropout(1)).toThrow('dropout: rate must be a number in [0, 1), got 1');
    expect(() => dropout(-0.1)).toThrow(/got -0.1/);
    expect(() => dropout(Number.NaN)).toThrow(/got NaN/);
  });

  it('in a training step zeroes about rate of the values and scales the rest by 1 / (1 − rate); otherwise passes x through', async () => {
    const layer = dropout(0.25);
    layer.build([10_000], createRandom(3));
    const x = ones(10_000);
    const { output } = await layer.forward(x, { training: true });
    const kept = output.data.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.75)]));
    // 10,000 draws: the kept share has a standard deviation of 0.0043
    expect(kept.length / 10_000).toBeGreaterThan(0.73);
    expect(kept.length / 10_000).toBeLessThan(0.77);
    for (const options of [undefined, {}, { training: false }]) expect((await layer.forward(x, options)).output).toBe(x);
    const none = dropout(0);
    none.build([4], createRandom(3));
    expect((await none.forward(ones(4), { training: true })).output.data).toEqual(ones(4).data);
  });

  it('draws new masks step after step, and the same ones again once rebuilt or given the same seed', async () => {
    const masks = async (layer: Dropout) => {
      const out: number[][] = [];
      for (let i = 0; i < 3; i++) out.push(Array.from((await layer.forward(ones(64), { training: true })).output.data));
      return out;
    };
    const a = dropout(0.5);
    a.build([64], createRandom(1));
    const first = await masks(a);
    expect(first[1]).not.toEqual(first[0]);
    a.build([64], createRandom(1));
    expect(await masks(a)).toEqual(first);
    const b = dropout(0.5);
    b.build([64], createRandom(2));
    expect(await masks(b)).not.toEqual(first);
    const [c, d] = [dropout(0.5, { seed: 7 }), dropout(0.5, { seed: 7 })];
    c.build([64], createRandom(1));
    d.build([64], createRandom(2));
    expect(await masks(c)).toEqual(await masks(d));
  });

  it('backward = finite differences of the forward pass under the same mask', async () => {
    const layer = dropout(0.4, { seed: 11 });
    const shape = [3, 2, 2];
    layer.build(shape, createRandom(0));
    const x = randomTensor([2, ...shape], 1);
    const trace = await layer.forward(x, { training: true });
    const r = randomTensor(trace.output.shape, 2);
    const { dx, grads } = await layer.backward(r, trace);
    const numeric = await numericGradient(async (xp) => {
      layer.build(shape, createRandom(0));
      return weightedSum((await layer.forward(xp, { training: true })).output, r);
    }, x, 1e-2);
    expect(grads).toEqual([]);
    expect(dx?.shape).toEqual(x.shape);
    // dropout is linear in x: only float32 rounding separates the two
    expect(relativeError(dx as Tensor, numeric)).toBeLessThan(1e-4);
    const zeroed = trace.output.data.reduce((k, v) => k + (v === 0 ? 1 : 0), 0);
    expect(zeroed).toBeGreaterThan(0);
    expect(zeroed).toBeLessThan(x.data.length);
  });
});

describe('dropout in a Sequential model', () => {
  const x = randomTensor([6, 5], 20);
  const y: Tensor = { data: Float32Array.of(0, 1, 2, 1, 0, 2), shape: [6] };

  function withDropout(seed = 4) {
    const m = sequential([dense(8, 'tanh', { inputShape: [5] }), dropout(0.5, { seed: 9 }), dense(3, 'softmax')], { seed });
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.5, metrics: ['accuracy'] });
    return m;
  }

  it('is the identity in predict and evaluate: the same numbers as the model without it', async () => {
    const m = withDropout();
    const plain = sequential([dense(8, 'tanh', { inputShape: [5] }), dense(3, 'softmax')]);
    plain.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    plain.setWeights(m.getWeights());
    expect((await m.predict(x)).data).toEqual((await plain.predict(x)).data);
    expect(await m.evaluate(x, y)).toEqual(await plain.evaluate(x, y));
  });

  it('acts in fit, and a model built from the same seed replays the same run', async () => {
    const runs = [withDropout(), withDropout()];
    const losses = [];
    for (const m of runs) losses.push((await m.fit(x, y, { epochs: 5, batchSize: 3 })).loss);
    expect(losses[1]).toEqual(losses[0]);
    expect(runs[1].getWeights()).toEqual(runs[0].getWeights());
    // the same weights and data, trained without dropout, end elsewhere
    const noDrop = sequential([dense(8, 'tanh', { inputShape: [5] }), dense(3, 'softmax')], { seed: 4 });
    noDrop.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', learningRate: 0.5 });
    noDrop.setWeights(withDropout().getWeights());
    await noDrop.fit(x, y, { epochs: 5, batchSize: 3 });
    expect(noDrop.getWeights()[0].data).not.toEqual(runs[0].getWeights()[0].data);
  });

  it('every weight\'s gradient in a training step = finite differences of the training loss, masks held fixed', async () => {
    const m = withDropout();
    const layer = m.layers[1] as Dropout;
    const restart = () => layer.build([8], createRandom(0));
    restart();
    const { loss, grads } = await m.gradients(x, y);
    const weights = m.getWeights();
    // the training loss differs from evaluate's: dropout was on
    expect(loss).not.toBeCloseTo((await m.evaluate(x, y)).loss, 6);
    for (const [i, w] of weights.entries()) {
      const numeric = await numericGradient(async (wp) => {
        m.setWeights(weights.map((v, j) => (j === i ? wp : v)));
        restart();
        return (await m.gradients(x, y)).loss;
      }, w, 1e-2);
      m.setWeights(weights);
      expect(relativeError(grads[i], numeric), `weight array ${i}`).toBeLessThan(2e-3);
    }
  });

  it('summary() and toKerasCode() as Keras has them: Keras\'s mnist_cnn, 1,199,882 parameters', () => {
    const m = sequential([
      conv2d(32, 3, { activation: 'relu', inputShape: [28, 28, 1] }),
      conv2d(64, 3, { activation: 'relu' }),
      maxPooling2d({ poolSize: 2 }),
      dropout(0.25),
      flatten(),
      dense(128, 'relu'),
      dropout(0.5),
      dense(10, 'softmax')
    ]);
    const lines = m.summary().split('\n');
    expect(lines.filter((l) => l.startsWith('│'))).toEqual([
      '│ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │',
      '│ conv2d_1 (Conv2D)               │ (None, 24, 24, 64)     │        18,496 │',
      '│ max_pooling2d (MaxPooling2D)    │ (None, 12, 12, 64)     │             0 │',
      '│ dropout (Dropout)               │ (None, 12, 12, 64)     │             0 │',
      '│ flatten (Flatten)               │ (None, 9216)           │             0 │',
      '│ dense (Dense)                   │ (None, 128)            │     1,179,776 │',
      '│ dropout_1 (Dropout)             │ (None, 128)            │             0 │',
      '│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │'
    ]);
    expect(lines).toContain(' Total params: 1,199,882 (4.58 MB)');
    const code = m.toKerasCode();
    expect(code).toContain('    layers.Dropout(0.25),\n    layers.Flatten(),\n');
    expect(code).toContain('    layers.Dropout(0.5),\n    layers.Dense(10, activation="softmax"),\n');
  });

  it('saves and loads weights around it', () => {
    const [a, b] = [withDropout(1), withDropout(2)];
    b.fromJSON(JSON.stringify(a));
    expect(b.getWeights()).toEqual(a.getWeights());
  });
});
