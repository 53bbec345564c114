import { describe, expect, it } from 'vitest';
import { penguins } from '../../src/lib/datasets/penguins';
import { fitStandardizer } from '../../src/lib/datasets/standardize';
import { trainTestSplit } from '../../src/lib/datasets/trainTestSplit';
import type { Dataset } from '../../src/lib/datasets/types';

function columnStats(d: Dataset, j: number): { mean: number; std: number } {
  const k = d.sampleShape[0];
  let mean = 0;
  for (let i = 0; i < d.n; i++) mean += d.x[i * k + j] / d.n;
  let variance = 0;
  for (let i = 0; i < d.n; i++) variance += (d.x[i * k + j] - mean) ** 2 / d.n;
  return { mean, std: Math.sqrt(variance) };
}

function table(rows: number[][]): Dataset {
  return {
    name: 'table',
    n: rows.length,
    x: Float32Array.from(rows.flat()),
    sampleShape: [rows[0].length],
    labels: new Int32Array(rows.length),
    featureNames: rows[0].map((_, j) => `f${j}`),
    classNames: ['only'],
    notes: []
  };
}

describe('fitStandardizer', () => {
  it('gives the training data mean 0 and std 1 in every feature, whatever its unit', () => {
    const { train } = trainTestSplit(penguins({ seed: 1 }), { seed: 9 });
    const scaled = fitStandardizer(train).apply(train);
    for (let j = 0; j < 4; j++) {
      const { mean, std } = columnStats(scaled, j);
      expect(mean).toBeCloseTo(0, 4);
      expect(std).toBeCloseTo(1, 4);
    }
  });

  it('scales the test data with the training statistics, not its own', () => {
    const train = table([[0, 10], [2, 30]]);
    const test = table([[4, 20]]);
    const s = fitStandardizer(train);
    expect(Array.from(s.mean)).toEqual([1, 20]);
    expect(Array.from(s.std)).toEqual([1, 10]);
    expect(Array.from(s.apply(test).x)).toEqual([3, 0]);
    expect(s.apply(test).notes.at(-1)).toMatch(/'table' \(2 samples\)/);
  });

  it('inverts back to the original units', () => {
    const train = table([[1, 100], [3, 300], [8, 50]]);
    const s = fitStandardizer(train);
    const back = s.invert(s.apply(train).x);
    back.forEach((v, i) => expect(v).toBeCloseTo(train.x[i], 3));
  });

  it('centres a constant feature instead of dividing by zero', () => {
    const s = fitStandardizer(table([[5, 1], [5, 2], [5, 3]]));
    expect(s.std[0]).toBe(1);
    expect(Array.from(s.apply(table([[5, 2]])).x)).toEqual([0, 0]);
  });

  it('refuses data with another number of features', () => {
    const s = fitStandardizer(table([[1, 2], [3, 4]]));
    expect(() => s.apply(table([[1, 2, 3]]))).toThrow(RangeError);
  });
});
