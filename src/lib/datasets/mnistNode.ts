/**
 * Node-only MNIST loading (tests, benchmarks, scripts). Kept apart from mnist.ts
 * so that no page or worker bundle ever pulls in node:fs.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseMnist, readMnist, readMnistRecords, type MnistImages } from './mnist';
import { parseMnistStandard } from './mnistStandard';
import type { Dataset } from './types';

/** src/static/data/mnist.bin of this checkout, as `npm run data` writes it. */
export const MNIST_FILE = fileURLToPath(new URL('../../static/data/mnist.bin', import.meta.url));
/** src/static/data/mnist-standard.bin of this checkout, as `npm run data` writes it. */
export const MNIST_STANDARD_FILE = fileURLToPath(new URL('../../static/data/mnist-standard.bin', import.meta.url));

export async function loadMnistFile(path: string = MNIST_FILE): Promise<{ train: Dataset; test: Dataset }> {
  return parseMnist(await readMnistBytes(path));
}

/** The digits as stored (bytes), for checks on the asset itself. */
export async function loadMnistImages(path: string = MNIST_FILE): Promise<MnistImages> {
  return readMnist(await readMnistBytes(path));
}

/** The standard split: 60,000 training and 10,000 test digits, each in published order. */
export async function loadMnistStandardFile(path: string = MNIST_STANDARD_FILE): Promise<{ train: Dataset; test: Dataset }> {
  return parseMnistStandard(await readMnistBytes(path));
}

/** The standard split's two records as stored (bytes): [training, test]. */
export async function loadMnistStandardImages(path: string = MNIST_STANDARD_FILE): Promise<MnistImages[]> {
  return readMnistRecords(await readMnistBytes(path), 'mnist-standard');
}

async function readMnistBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`mnist: ${path} is missing; run \`npm run data\` to build it`, { cause: error });
    }
    throw error;
  }
}
