import { describe, expect, it } from 'vitest';
// the page-side entry point: if it ever pulled in node:fs, this file would not load in the browser
import { datasetEntry, fetchMnist, MNIST_ASSET, type SyncDatasetEntry } from '../../src/lib/datasets/index';

describe('datasets in the browser', () => {
  it('decodes mnist.bin with the browser DecompressionStream, with the same fixed split as Node', async () => {
    // src/static is the public directory: served at the root, as the built site serves it at its base
    const { train, test } = await fetchMnist(`/${MNIST_ASSET}`);
    expect(train.n).toBe(8000);
    expect(test.n).toBe(2000);
    expect(Array.from(train.labels.subarray(0, 10)).join('')).toBe('1144473371');
    expect(train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('reports a missing asset by its status, not as garbage data', async () => {
    await expect(fetchMnist('/data/no-such-file.bin')).rejects.toThrow(/404/);
  });

  it('has the tables bundled, with no request to the internet', () => {
    const penguins = (datasetEntry('penguins') as SyncDatasetEntry).create({ seed: 1 });
    const iris = (datasetEntry('iris') as SyncDatasetEntry).create({ seed: 1 });
    expect(penguins.n).toBe(333);
    expect(iris.n).toBe(150);
    const external = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => new URL(url).origin !== location.origin);
    expect(external).toEqual([]);
  });
});
