import { describe, expect, it } from 'vitest';
import { iris } from '../../src/lib/datasets/iris';
import { pickClasses } from '../../src/lib/datasets/pickClasses';
import { pickFeatures } from '../../src/lib/datasets/pickFeatures';
import { takeRows } from '../../src/lib/datasets/takeRows';
import { blobs } from '../../src/lib/datasets/blobs';

describe('row, class and feature selection', () => {
  const data = iris({ seed: 1 });

  it('takeRows copies the rows asked for, in that order', () => {
    const d = takeRows(data, [149, 0]);
    expect(d.n).toBe(2);
    expect(Array.from(d.labels)).toEqual([2, 0]);
    expect(Array.from(d.x.subarray(4, 8))).toEqual(Array.from(data.x.subarray(0, 4)));
    expect(() => takeRows(data, [150])).toThrow(RangeError);
  });

  it('pickClasses numbers the classes in the order asked for', () => {
    const d = pickClasses(data, ['virginica', 'setosa']);
    expect(d.n).toBe(100);
    expect(d.classNames).toEqual(['virginica', 'setosa']);
    expect(d.labels[0]).toBe(1); // the first flower is a setosa
    expect(d.labels[d.n - 1]).toBe(0);
    expect(d.notes.at(-1)).toBe('virginica vs setosa: 100 of 150 rows');
    expect(() => pickClasses(data, ['rose'])).toThrow(/no class 'rose'/);
  });

  it('pickFeatures keeps the named columns in the order asked for', () => {
    const d = pickFeatures(data, ['petal width (cm)', 'sepal length (cm)']);
    expect(d.sampleShape).toEqual([2]);
    expect(Array.from(d.x.subarray(0, 2))).toEqual([0.2, 5.1].map(Math.fround));
    expect(() => pickFeatures(data, ['stem length (cm)'])).toThrow(RangeError);
  });

  it('pickFeatures refuses images', () => {
    const image = { ...blobs({ seed: 1, n: 4 }), sampleShape: [1, 2, 1] };
    expect(() => pickFeatures(image, ['x1'])).toThrow(/flat samples/);
  });
});
