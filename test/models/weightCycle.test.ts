import { describe, expect, it } from 'vitest';
import { labelledData } from '../../src/lib/models/labelledData';
import { CycleDetector, findWeightCycle, parametersKey, type LayerParameters } from '../../src/lib/models/CycleDetector';

const p = (...rows: number[][]): LayerParameters => ({
  weights: rows.map((r) => Float64Array.from(r.slice(0, -1))),
  biases: Float64Array.from(rows.map((r) => r.at(-1)!))
});

describe('findWeightCycle', () => {
  it('reports where the first revisit starts and how long the loop is', () => {
    const history = [p([0, 0, 0]), p([1, 0, -1]), p([1, 1, 0]), p([0, 1, -1]), p([1, 1, 0]), p([0, 1, -1])];
    expect(findWeightCycle(history)).toEqual({ start: 2, length: 2 });
  });
  it('finds none in a walk that never comes back', () => {
    expect(findWeightCycle([p([0, 0, 0]), p([1, 0, 0]), p([2, 0, 0])])).toBeNull();
    expect(findWeightCycle([])).toBeNull();
  });
  it('compares exactly: a hair apart is not a revisit', () => {
    expect(findWeightCycle([p([0.1 + 0.2, 0, 0]), p([0.3, 0, 0])])).toBeNull();
    expect(parametersKey(p([0.1 + 0.2, 1, 2]))).not.toBe(parametersKey(p([0.3, 1, 2])));
  });
  it('tells units apart: swapping two units is a different layer', () => {
    expect(parametersKey(p([1, 2, 3], [4, 5, 6]))).not.toBe(parametersKey(p([4, 5, 6], [1, 2, 3])));
  });
  it('keeps the first cycle once found', () => {
    const detector = new CycleDetector();
    detector.push(0, p([0, 0, 0]));
    expect(detector.push(1, p([0, 0, 0]))).toEqual({ start: 0, length: 1 });
    expect(detector.push(2, p([5, 5, 5]))).toEqual({ start: 0, length: 1 });
  });
});

describe('labelledData', () => {
  it('lays rows out flat, as a Dataset does', () => {
    const data = labelledData([[1, 2], [3, 4]], [0, 1]);
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4]);
    expect(data.sampleShape).toEqual([2]);
    expect(data.n).toBe(2);
  });
  it('refuses ragged rows and missing labels', () => {
    expect(() => labelledData([[1, 2], [3]], [0, 1])).toThrow(/row 1/);
    expect(() => labelledData([[1, 2]], [0, 1])).toThrow(/labels/);
    expect(() => labelledData([], [])).toThrow();
  });
});
