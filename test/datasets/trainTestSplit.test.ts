import { describe, expect, it } from 'vitest';
import { iris } from '../../src/lib/datasets/iris';
import { trainTestSplit } from '../../src/lib/datasets/trainTestSplit';
import type { Dataset } from '../../src/lib/datasets/types';

const rowsOf = (d: Dataset) =>
  Array.from({ length: d.n }, (_, i) => `${Array.from(d.x.subarray(i * 4, i * 4 + 4)).join(',')}:${d.labels[i]}`);

describe('trainTestSplit', () => {
  const data = iris({ seed: 1 });

  it('splits 80/20 by class by default, with every row in exactly one part', () => {
    const { train, test } = trainTestSplit(data, { seed: 5 });
    expect(train.n).toBe(120);
    expect(test.n).toBe(30);
    for (const label of [0, 1, 2]) {
      expect(test.labels.filter((l) => l === label)).toHaveLength(10);
      expect(train.labels.filter((l) => l === label)).toHaveLength(40);
    }
    // iris has duplicate rows, so compare as multisets
    expect([...rowsOf(train), ...rowsOf(test)].sort()).toEqual(rowsOf(data).sort());
  });

  it('is the same for the same seed and differs for another', () => {
    const a = trainTestSplit(data, { seed: 5, testFraction: 0.3 });
    const b = trainTestSplit(data, { seed: 5, testFraction: 0.3 });
    const c = trainTestSplit(data, { seed: 6, testFraction: 0.3 });
    expect(a.test.x).toEqual(b.test.x);
    expect(a.train.labels).toEqual(b.train.labels);
    expect(a.test.x).not.toEqual(c.test.x);
    expect(a.test.n).toBe(45);
  });

  it('interleaves the classes, which arrive grouped', () => {
    const { train } = trainTestSplit(data, { seed: 5 });
    expect(new Set(train.labels.slice(0, 12)).size).toBe(3);
  });

  it('copies, so scaling a part never changes the source', () => {
    const { train } = trainTestSplit(data, { seed: 5 });
    train.x.fill(0);
    expect(data.x[0]).toBeCloseTo(5.1, 5);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => trainTestSplit(data, { seed: 1, testFraction: 0 })).toThrow(RangeError);
    expect(() => trainTestSplit(data, { seed: 1, testFraction: 1 })).toThrow(RangeError);
  });
});
