import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DATASET_NAMES,
  DATASETS,
  datasetEntry,
  isDatasetName,
  type AssetDatasetEntry,
  type SyncDatasetEntry
} from '../../src/lib/datasets/index';
import { MNIST_FILE } from '../../src/lib/datasets/mnistNode';
import { ensureMnist } from './ensureMnist';

const syncEntries = [...DATASETS.values()].filter((e): e is SyncDatasetEntry => e.kind !== 'images');

describe('dataset registry', () => {
  it('names every dataset the ladder uses, uniquely', () => {
    for (const name of [
      'logic-and',
      'logic-or',
      'logic-nand',
      'logic-nor',
      'logic-xor',
      'logic-not',
      'xor',
      'circles',
      'spirals',
      'moons',
      'blobs',
      'iris',
      'iris-setosa-versicolor',
      'iris-versicolor-virginica',
      'penguins',
      'penguins-adelie-gentoo',
      'mnist',
      'mnist-standard'
    ]) {
      expect(isDatasetName(name)).toBe(true);
    }
    expect(new Set(DATASET_NAMES).size).toBe(DATASET_NAMES.length);
    expect(isDatasetName('imagenet')).toBe(false);
    expect(() => datasetEntry('imagenet')).toThrow(/unknown dataset 'imagenet'; known: logic-and/);
  });

  it.each(syncEntries.map((e) => [e.name, e] as const))('%s builds a Dataset of its own name, deterministically', (name, entry) => {
    const a = entry.create({ seed: 42 });
    const b = entry.create({ seed: 42 });
    expect(a.name).toBe(name);
    expect(a.x).toEqual(b.x);
    expect(a.n).toBeGreaterThan(0);
    expect(a.x.length).toBe(a.n * a.sampleShape.reduce((p, q) => p * q, 1));
    expect(a.labels.length).toBe(a.n);
    expect(a.labels.every((l) => l >= 0 && l < a.classNames.length)).toBe(true);
    expect(a.featureNames).toHaveLength(a.sampleShape[0]);
  });

  it('lists the options that generated data honours, with defaults the generator agrees with', () => {
    for (const entry of syncEntries) {
      if (entry.kind !== 'points') {
        expect(entry.options).toBeUndefined();
        continue;
      }
      const options = entry.options!;
      const d = entry.create({ seed: 1 });
      expect(d.n).toBe(options.n.default);
      expect(d.classNames).toHaveLength(options.classes?.default ?? 2);
    }
    expect((datasetEntry('blobs') as SyncDatasetEntry).options?.classes).toEqual({ min: 2, max: 8, default: 2 });
  });

  it('points mnist at its static asset and parses it', { timeout: 120_000 }, async () => {
    const entry = datasetEntry('mnist') as AssetDatasetEntry;
    expect(entry.kind).toBe('images');
    expect(entry.asset).toBe('data/mnist.bin');
    expect(MNIST_FILE.endsWith(`src/static/${entry.asset}`)).toBe(true);
    const { test } = await entry.parse(readFileSync(ensureMnist()));
    expect(test.n).toBe(2000);
  });
});
