#!/usr/bin/env node
/**
 * Keras's mnist_cnn example as the CNN lab's preset, trained on the 60,000 training digits
 * of the standard MNIST split on our WebAssembly kernels, and scored on the 10,000 test
 * digits after the epochs named (by default 1, 3 and 12, against the example's 99.25%):
 *   npm run data && node scripts/mnist-cnn.mjs [--epochs 1,3,12] [--seed 42]
 */
import { withModule } from './viteModules.mjs';

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const checkpoints = option('--epochs', '1,3,12').split(',').map(Number);
const seed = Number(option('--seed', '42'));
await withModule('/scripts/mnistCnnRun.ts', ({ runMnistCnn }) => runMnistCnn({ checkpoints, seed }));
