import { it, expect } from 'vitest';
import { loadMnistStandardFile } from '../../src/lib/datasets/mnistNode';
import { setBackend } from '../../src/lib/engine/ops';
import { createBackend } from '../../src/lib/engine/select';
import { buildModel } from '../../src/lib/models/modelSpec';
import { digitsTensor, labModelSpec, labPresets, labTargets, labVariants, withPreset } from '../../src/lib/sim/mnistLabSpec';
it('keras mnist_cnn', async () => {
  const { train, test } = await loadMnistStandardFile();
  setBackend(await createBackend('wasm'));
  const config = { ...withPreset(labVariants.cnn.defaults, labPresets[1]), epochs: 1 };
  const model = buildModel(labModelSpec(config, 42));
  console.log('plan', model.planReason);
  const epochs = Number(process.env.EPOCHS ?? 1);
  const t0 = performance.now();
  for (let e = 1; e <= epochs; e++) {
    await model.fit(digitsTensor(train), labTargets(train.labels, train.n, config.loss), { epochs: 1, batchSize: 128, seed: 42 + e });
    const r = await model.evaluate(digitsTensor(test), labTargets(test.labels, test.n, config.loss), { batchSize: 500 });
    console.log(`epoch ${e}: test accuracy ${r.accuracy.toFixed(4)} loss ${r.loss.toFixed(4)} at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  expect(true).toBe(true);
}, 3_600_000);
