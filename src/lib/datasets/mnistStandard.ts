/**
 * MNIST as published (LeCun, Cortes & Burges): the official 60,000 training and 10,000
 * test digits, converted at build time by scripts/build-data.mjs into
 * src/static/data/mnist-standard.bin (two records of the format that script documents).
 * Accuracies on this split can be set beside published ones. At 11.5 MB it is fetched
 * only when a lab asks, with progress for a bar; the small set (mnist.ts) stays for
 * quick steps and tests.
 */
import { AssetLoadError, fetchAsset, type FetchAssetOptions } from './fetchAsset';
import { mnistDataset, readMnistRecords } from './mnist';
import type { Dataset } from './types';

/** Where the asset lies under the site's base path. */
export const MNIST_STANDARD_ASSET = 'data/mnist-standard.bin';
export const MNIST_STANDARD_TRAIN_SIZE = 60_000;
export const MNIST_STANDARD_TEST_SIZE = 10_000;

const WHERE = 'mnist-standard';

/**
 * The full set failed to load. The message is for the learner as it stands; `fallback`
 * names (in the dataset registry) the small set a page can offer instead.
 */
export class MnistStandardLoadError extends Error {
  readonly fallback = 'mnist';

  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(`The full MNIST (60,000 training + 10,000 test digits) could not be loaded from ${url}: ${reason}.`, options);
    this.name = 'MnistStandardLoadError';
  }
}

/**
 * Decodes mnist-standard.bin: the training part then the test part, each in its
 * published order (fit shuffles the training part itself).
 */
export async function parseMnistStandard(bytes: Uint8Array | ArrayBuffer): Promise<{ train: Dataset; test: Dataset }> {
  const records = await readMnistRecords(bytes, WHERE);
  if (records.length !== 2) throw new Error(`${WHERE}: the file holds ${records.length} record(s), expected 2 (training, then test)`);
  const [train, test] = records;
  if (train.n !== MNIST_STANDARD_TRAIN_SIZE || test.n !== MNIST_STANDARD_TEST_SIZE) {
    throw new Error(`${WHERE}: ${train.n} training and ${test.n} test digits, expected ${MNIST_STANDARD_TRAIN_SIZE} and ${MNIST_STANDARD_TEST_SIZE}`);
  }
  return {
    train: await mnistDataset(train, null, `training part: the ${train.n} MNIST training digits as published (LeCun, Cortes & Burges)`),
    test: await mnistDataset(test, null, `test part: the ${test.n} MNIST test digits as published, never trained on`)
  };
}

/**
 * Fetches and decodes the full set in a page or worker. `url` should carry the site's
 * base path, e.g. `${base}/${MNIST_STANDARD_ASSET}`. Any failure but a cancel rejects
 * with a MnistStandardLoadError whose message a page can show as it is.
 */
export async function fetchMnistStandard(url: string | URL, options: FetchAssetOptions = {}): Promise<{ train: Dataset; test: Dataset }> {
  let bytes: Uint8Array;
  try {
    bytes = await fetchAsset(url, options);
  } catch (error) {
    if (!(error instanceof AssetLoadError)) throw error;
    throw new MnistStandardLoadError(error.url, error.reason, { cause: error });
  }
  try {
    return await parseMnistStandard(bytes);
  } catch (error) {
    throw new MnistStandardLoadError(String(url), `the file is not a whole mnist-standard.bin (${(error as Error).message})`, { cause: error });
  }
}
