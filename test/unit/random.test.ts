import { describe, expect, it } from 'vitest';
import { createRandom, permutation } from '../../src/lib/random';

describe('createRandom', () => {
  it('replays the same sequence from the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('gives different sequences for different seeds', () => {
    expect(createRandom(1)()).not.toEqual(createRandom(2)());
  });
  it('permutes every index exactly once', () => {
    const p = Array.from(permutation(50, createRandom(3))).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
