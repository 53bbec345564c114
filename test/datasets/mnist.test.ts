import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_TRAIN_SIZE, parseMnist, readMnist, type MnistImages } from '../../src/lib/datasets/mnist';
import { loadMnistFile, loadMnistImages, MNIST_FILE } from '../../src/lib/datasets/mnistNode';
import type { Dataset } from '../../src/lib/datasets/types';
import { ensureMnist } from './ensureMnist';

/** The package stores digits grouped by class: 1,001 zeros, 1,127 ones, ... 7s start here. */
const FIRST_SEVEN = 1001 + 1127 + 991 + 1032 + 980 + 863 + 1014;
/** Labels of the first ten training digits under MNIST_SPLIT_SEED. */
const PINNED_FIRST_TRAIN_LABELS = '1144473371';

function ascii(pixels: ArrayLike<number>, offset: number, scale: number): string {
  const lines: string[] = [];
  for (let r = 0; r < 28; r++) {
    let line = '';
    for (let c = 0; c < 28; c++) {
      const v = pixels[offset + r * 28 + c] / scale;
      line += v > 0.5 ? '#' : v > 0.1 ? '+' : '.';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Ink-weighted mean column of rows [r0, r1) over every image of one class. */
function inkColumn(images: MnistImages, digit: number, r0: number, r1: number): number {
  let ink = 0;
  let moment = 0;
  for (let i = 0; i < images.n; i++) {
    if (images.labels[i] !== digit) continue;
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < 28; c++) {
        const v = images.pixels[i * 784 + r * 28 + c];
        ink += v;
        moment += v * c;
      }
    }
  }
  return moment / ink;
}

/** One string per image (its bytes), to compare images as set members. */
function imageKeys(d: Dataset): string[] {
  const keys: string[] = [];
  const bytes = new Uint8Array(784);
  for (let i = 0; i < d.n; i++) {
    for (let p = 0; p < 784; p++) bytes[p] = Math.round(d.x[i * 784 + p] * 255);
    keys.push(Buffer.from(bytes).toString('latin1'));
  }
  return keys;
}

/** Deep equality of large typed arrays, without a slow element-by-element diff. */
function sameBytes(a: Float32Array | Int32Array, b: Float32Array | Int32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('mnist', () => {
  let images: MnistImages;
  let split: { train: Dataset; test: Dataset };

  beforeAll(async () => {
    ensureMnist();
    images = await loadMnistImages();
    split = await loadMnistFile();
  }, 120_000);

  it('ships in at most 2 MB, gzip-compressed', () => {
    expect(statSync(MNIST_FILE).size).toBeLessThanOrEqual(2_000_000);
    const head = readFileSync(MNIST_FILE).subarray(0, 2);
    expect(Array.from(head)).toEqual([0x1f, 0x8b]);
  });

  it('holds 10,000 digits of 28 x 28, labels 0..9 roughly balanced', () => {
    expect(images.n).toBe(10_000);
    expect([images.rows, images.cols]).toEqual([28, 28]);
    const counts = new Array(10).fill(0);
    for (const label of images.labels) counts[label]++;
    expect(counts.reduce((a, b) => a + b)).toBe(10_000);
    for (const count of counts) expect(count).toBeGreaterThan(800);
    for (const count of counts) expect(count).toBeLessThan(1200);
  });

  it('is upright and not mirrored: a 7 has its bar on top and its stem running down to the left', () => {
    const art = ascii(images.pixels, FIRST_SEVEN * 784, 255);
    console.log(`digit ${images.labels[FIRST_SEVEN]}, image ${FIRST_SEVEN}:\n${art}`);
    console.log(`digit ${images.labels[0]}, image 0:\n${ascii(images.pixels, 0, 255)}`);
    expect(images.labels[FIRST_SEVEN]).toBe(7);
    expect(images.labels[FIRST_SEVEN - 1]).toBe(6);
    expect(art.split('\n').slice(7, 12).join('\n')).toBe(
      [
        '...............++####.......',
        '............++########......',
        '.........#############......',
        '.......+######+.++####......',
        '.......#####++...####.......'
      ].join('\n')
    );
    // over all 7s: the stem runs from upper right to lower left (mirrored or upside down, it would not)
    expect(inkColumn(images, 7, 22, 26)).toBeLessThan(inkColumn(images, 7, 12, 16) - 2);
    // over all 1s: ink is taller than wide (a transposed image would be wider)
    let rowSpread = 0;
    let colSpread = 0;
    for (let i = 0; i < images.n; i++) {
      if (images.labels[i] !== 1) continue;
      for (let p = 0; p < 784; p++) {
        const v = images.pixels[i * 784 + p];
        rowSpread += v * (Math.floor(p / 28) - 13.5) ** 2;
        colSpread += v * ((p % 28) - 13.5) ** 2;
      }
    }
    expect(rowSpread).toBeGreaterThan(2 * colSpread);
  });

  it('splits 8,000 / 2,000, disjoint, covering every digit once', () => {
    const { train, test } = split;
    expect(train.n).toBe(MNIST_TRAIN_SIZE);
    expect(test.n).toBe(2000);
    const trainKeys = imageKeys(train);
    const testKeys = new Set(imageKeys(test));
    expect(trainKeys.filter((k) => testKeys.has(k))).toEqual([]);
    expect(new Set([...trainKeys, ...testKeys]).size).toBe(10_000);
  });

  it('splits the same way every time, whatever the lesson seed', async () => {
    const again = await parseMnist(readFileSync(MNIST_FILE));
    expect(sameBytes(again.train.labels, split.train.labels)).toBe(true);
    expect(sameBytes(again.test.x, split.test.x)).toBe(true);
    expect(sameBytes(again.test.x, split.train.x.subarray(0, again.test.x.length))).toBe(false);
    // pinned: a changed split would leak training digits into old test results
    expect(Array.from(split.train.labels.subarray(0, 10)).join('')).toBe(PINNED_FIRST_TRAIN_LABELS);
    for (const part of [split.train, split.test]) {
      const counts = new Array(10).fill(0);
      for (const label of part.labels) counts[label]++;
      for (const count of counts) expect(count / part.n).toBeGreaterThan(0.07);
    }
  });

  it('gives pixels as floats in [0, 1], ink about 13% on average, shape [28, 28, 1]', () => {
    const { train } = split;
    expect(train.sampleShape).toEqual([28, 28, 1]);
    expect(train.x.length).toBe(MNIST_TRAIN_SIZE * 784);
    expect(train.classNames).toHaveLength(10);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of train.x) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(sum / train.x.length).toBeGreaterThan(0.1);
    expect(sum / train.x.length).toBeLessThan(0.16);
  });

  it('reads already-decompressed bytes and rejects anything else', async () => {
    const raw = new Uint8Array(16 + 1 + 784);
    raw.set([0x4d, 0x4e, 0x53, 0x54, 1, 28, 28, 10, 1, 0, 0, 0]);
    raw[16] = 3;
    raw[17 + 5] = 255;
    const plain = await readMnist(raw);
    const zipped = await readMnist(gzipSync(raw));
    expect(plain.n).toBe(1);
    expect(Array.from(zipped.labels)).toEqual([3]);
    expect(zipped.pixels[5]).toBe(255);
    await expect(readMnist(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(/npm run data/);
    await expect(readMnist(raw.subarray(0, 100))).rejects.toThrow(/header promises/);
  });
});
