import { describe, expect, it } from 'vitest';
import { iris, irisPair, irisTable, IRIS_FEATURES } from '../../src/lib/datasets/iris';
import { pickClasses } from '../../src/lib/datasets/pickClasses';
import { pickFeatures } from '../../src/lib/datasets/pickFeatures';
import { trainTestSplit } from '../../src/lib/datasets/trainTestSplit';
import type { Dataset } from '../../src/lib/datasets/types';
import { perceptronSeparates } from './separable';

describe('iris', () => {
  const d = iris({ seed: 1 });

  it('has 150 flowers, 4 measurements, 50 of each of 3 species', () => {
    expect(d.n).toBe(150);
    expect(d.sampleShape).toEqual([4]);
    expect(d.x.length).toBe(600);
    expect(d.featureNames).toEqual([...IRIS_FEATURES]);
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const counts = [0, 0, 0];
    for (const label of d.labels) counts[label]++;
    expect(counts).toEqual([50, 50, 50]);
  });

  it('reads the first flower of the source, in centimetres', () => {
    expect(Array.from(d.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(d.labels[0]).toBe(0);
    for (const v of d.x) expect(v > 0 && v < 8).toBe(true);
  });

  it('picks two species on two features and renumbers them 0 and 1', () => {
    const pair = irisPair({ seed: 1 }, ['setosa', 'versicolor'], ['petal length (cm)', 'petal width (cm)']);
    expect(pair.name).toBe('iris-setosa-versicolor');
    expect(pair.n).toBe(100);
    expect(pair.sampleShape).toEqual([2]);
    expect(pair.classNames).toEqual(['setosa', 'versicolor']);
    expect(pair.featureNames).toEqual(['petal length (cm)', 'petal width (cm)']);
    expect(Array.from(pair.x.subarray(0, 2))).toEqual([1.4, 0.2].map(Math.fround));
    expect(pair.labels.filter((l) => l === 1)).toHaveLength(50);
  });

  it('setosa vs versicolor on the petals is linearly separable (chapter 2), versicolor vs virginica is not (chapter 3)', () => {
    const petals = ['petal length (cm)', 'petal width (cm)'] as const;
    const easy: Dataset = irisPair({ seed: 1 }, ['setosa', 'versicolor'], petals);
    expect(perceptronSeparates(easy, 100)).toBe(true);
    // a textbook overlap: flower 71 (versicolor) and 134 (virginica) share petals 4.8 x 1.8
    const hard = irisPair({ seed: 1 }, ['versicolor', 'virginica'], petals);
    const rows = (label: number) =>
      Array.from({ length: hard.n }, (_, i) => i)
        .filter((i) => hard.labels[i] === label)
        .map((i) => `${hard.x[2 * i].toFixed(1)}x${hard.x[2 * i + 1].toFixed(1)}`);
    const shared = rows(0).filter((p) => rows(1).includes(p));
    expect(shared).toContain('4.8x1.8');
  });
});

describe('irisTable: the source values, float64', () => {
  it('holds the decimals of the file; iris() is the same table rounded to float32', () => {
    const table = irisTable();
    const rounded = iris();
    expect(table.x).toBeInstanceOf(Float64Array);
    expect(rounded.x).toBeInstanceOf(Float32Array);
    expect(table.x[2]).toBe(1.4);
    expect(rounded.x[2]).not.toBe(1.4);
    expect(Array.from(rounded.x)).toEqual(Array.from(table.x, Math.fround));
    expect({ ...rounded, x: null }).toEqual({ ...table, x: null });
  });

  it('stays float64 through picking classes and features and a split', () => {
    const pair = pickFeatures(pickClasses(irisTable(), ['setosa', 'versicolor']), ['petal width (cm)', 'petal length (cm)']);
    const { train, test } = trainTestSplit(pair, { seed: 3 });
    for (const part of [pair, train, test]) expect(part.x).toBeInstanceOf(Float64Array);
    expect([pair.x[0], pair.x[1]]).toEqual([0.2, 1.4]);
    expect(train.n + test.n).toBe(100);
  });
});
