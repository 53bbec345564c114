import { describe, expect, it } from 'vitest';
import { maxAbsError, numericGradient, relativeError, weightedSum } from './gradcheck';
import { tensor } from '../../src/lib/engine/tensor';
import { values } from './helpers';

describe('numericGradient', () => {
  it('finds 3x^2 for sum(x^3) and leaves x untouched (rel 1e-5)', async () => {
    const x = tensor([-1.5, -0.3, 0, 0.7, 2], [5]);
    const before = values(x);
    const g = await numericGradient(async (t) => t.data.reduce((s, v) => s + v * v * v, 0), x, 1e-3);
    expect(g.shape).toEqual([5]);
    // central differences of a cubic are off by exactly eps^2 = 1e-6 per element
    expect(relativeError(g, before.map((v) => 3 * v * v))).toBeLessThan(1e-5);
    expect(values(x)).toEqual(before);
  });

  it('divides by the float32 step actually taken', async () => {
    // near 1000, float32 spacing is 6.1e-5, so x +- 1e-4 rounds to steps of 1.22e-4, not 1e-4
    const x = tensor([1000], [1]);
    const g = await numericGradient(async (t) => 2 * t.data[0], x, 1e-4);
    expect(g.data[0]).toBeCloseTo(2, 6);
  });
});

describe('comparisons', () => {
  it('relativeError is a norm ratio: 0 for equal, sqrt(2) for orthogonal unit vectors', () => {
    expect(relativeError([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(relativeError([1, 0], [0, 1])).toBeCloseTo(Math.SQRT2, 12);
    expect(relativeError([1.01, 0], [1, 0])).toBeCloseTo(0.01 / 1.01, 12);
    expect(relativeError([NaN], [1])).toBeNaN();
    expect(() => relativeError([1], [1, 2])).toThrow('1 values vs 2 values');
  });

  it('maxAbsError and weightedSum', () => {
    expect(maxAbsError([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(weightedSum(tensor([1, 2, 3], [3]), tensor([4, 5, 6], [3]))).toBe(32);
    expect(() => weightedSum(tensor([1], [1]), tensor([1, 2], [2]))).toThrow('t [1] vs weights [2]');
  });
});
