/**
 * NaN and Infinity: with a learning rate far too large, training must stop with a
 * TrainingDivergedError that names where the bad number appeared and what to try,
 * and the model must keep its last weights that were all finite.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/lib/engine/tensor';
import { dense } from '../../src/lib/models/layers/dense';
import { sequential } from '../../src/lib/models/sequential';
import { TrainingDivergedError } from '../../src/lib/models/TrainingDivergedError';

const t = (values: number[], shape: number[]): Tensor => ({ data: Float32Array.from(values), shape });
const x = t([0, 0, 0, 1, 1, 0, 1, 1, 3, -2, -4, 5], [6, 2]);
const y = t([0, 1, 1, 0, 2, 3], [6, 1]);

describe('divergence', () => {
  it('a huge learning rate: the error names the layer and the fix, and the last finite weights stay', async () => {
    const model = sequential([dense(8, 'relu', { inputShape: [2] }), dense(1)], { seed: 2 });
    model.compile({ optimizer: 'sgd', learningRate: 5, loss: 'meanSquaredError' });
    let lastGood: Float32Array[] = model.getWeights().map((w) => w.data);
    let batches = 0;
    const error = await model
      .fit(x, y, {
        epochs: 50,
        batchSize: 6,
        onBatchEnd: () => {
          batches++;
          lastGood = model.getWeights().map((w) => w.data);
        }
      })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const e = error as TrainingDivergedError;
    expect(batches).toBeGreaterThan(0);
    expect(e.details.epoch).toBe(batches + 1);
    expect(['dense', 'dense_1', 'loss']).toContain(e.details.layer);
    expect(e.message).toContain('lower the learning rate from 5 to 0.5');
    expect(e.message).toContain(`at epoch ${batches + 1}, batch 1`);
    const now = model.getWeights();
    now.forEach((w, i) => {
      expect(Array.from(w.data)).toEqual(Array.from(lastGood[i]));
      expect(w.data.every(Number.isFinite)).toBe(true);
    });
  });

  it('a learner\'s activation that returns NaN is blamed on its formula, not the learning rate', async () => {
    const root = { name: 'root', f: (z: number) => Math.sqrt(z), df: (z: number) => 0.5 / Math.sqrt(z) };
    const model = sequential([dense(3, root, { inputShape: [2] }), dense(1)], { seed: 1 });
    model.compile({ optimizer: 'sgd', learningRate: 0.01, loss: 'meanSquaredError' });
    const before = model.getWeights();
    const e = (await model.trainOnBatch(x, y).catch((err: unknown) => err)) as TrainingDivergedError;
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect(e.details).toMatchObject({ layer: 'dense', stage: 'forward', value: 'NaN' });
    expect(e.details.activation?.input).toBeLessThan(0);
    expect(e.message).toMatch(/The activation 'root' returned NaN for the input -[\d.]+/);
    expect(e.message).not.toContain('learning rate');
    expect(model.getWeights()).toEqual(before);
  });

  it('an update that overflows float32 is dropped, optimiser state included', async () => {
    const model = sequential([dense(1, 'linear', { inputShape: [1] })], { seed: 1 });
    model.compile({ optimizer: 'sgd', learningRate: 1e38, loss: 'meanSquaredError' });
    model.setWeights([t([1], [1, 1]), t([0], [1])]);
    const e = (await model.trainOnBatch(t([10], [1, 1]), t([0], [1, 1])).catch((err: unknown) => err)) as TrainingDivergedError;
    expect(e.details).toMatchObject({ layer: 'dense', stage: 'update' });
    expect(e.message).toContain('from 1e+38 to 1e+37');
    expect(Array.from(model.getWeights()[0].data)).toEqual([1]);
    expect(model.compileConfig?.optimizer.getState().iterations).toBe(0);
  });
});
