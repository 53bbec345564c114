/**
 * The lab's Keras mnist_cnn preset on the full MNIST, epoch by epoch, scored on the test
 * digits at each checkpoint (scripts/mnist-cnn.mjs runs it). The optimiser's state
 * carries from one fit to the next, as it does in Keras when fit is called again.
 */
import { loadMnistStandardFile } from '$lib/datasets/mnistNode';
import { setBackend } from '$lib/engine/ops';
import { createBackend } from '$lib/engine/select';
import { buildModel } from '$lib/models/modelSpec';
import { digitsTensor, labModelSpec, labPresets, labTargets, labVariants, withPreset } from '$lib/sim/mnistLabSpec';

export async function runMnistCnn({ checkpoints, seed }: { checkpoints: number[]; seed: number }): Promise<void> {
  const { train, test } = await loadMnistStandardFile();
  setBackend(await createBackend('wasm'));
  const preset = labPresets.find((p) => p.id === 'keras-mnist-cnn')!;
  const config = withPreset(labVariants.cnn.defaults, preset);
  const model = buildModel(labModelSpec(config, seed));
  if (model.planReason) throw new Error(`the preset would not run as a compiled step: ${model.planReason}`);
  const x = digitsTensor(train);
  const y = labTargets(train.labels, train.n, config.loss);
  const testX = digitsTensor(test);
  const testY = labTargets(test.labels, test.n, config.loss);
  console.info(`Keras mnist_cnn preset: ${model.countParams().toLocaleString('en')} weights, ${config.optimizer} at ${config.learningRate}, batch ${config.batchSize}, seed ${seed}`);
  const last = Math.max(...checkpoints);
  let trainingSeconds = 0;
  for (let epoch = 1; epoch <= last; epoch++) {
    const started = performance.now();
    const history = await model.fit(x, y, { epochs: 1, batchSize: config.batchSize, seed: seed + epoch });
    const seconds = (performance.now() - started) / 1000;
    trainingSeconds += seconds;
    let line = `epoch ${epoch}: train loss ${history.loss[0].toFixed(4)}, ${seconds.toFixed(0)} s (${(train.n / seconds).toFixed(0)} samples/s)`;
    if (checkpoints.includes(epoch)) {
      const { loss, accuracy } = await model.evaluate(testX, testY, { batchSize: 500 });
      line += `; test loss ${loss.toFixed(4)}, accuracy ${(accuracy * 100).toFixed(2)}%`;
    }
    console.info(line);
  }
  console.info(`trained ${last} epochs in ${(trainingSeconds / 60).toFixed(1)} min`);
}
