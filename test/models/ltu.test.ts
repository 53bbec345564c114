import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/lib/geometry';
import { LTU, applyStep, decisionLine, heaviside, sign, weightedSum } from '../../src/lib/models/ltu';

const box: Box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

describe('steps, as the seed talk defines them', () => {
  it('heaviside is 0 below zero and 1 from zero on', () => {
    expect([-2, -1e-12, 0, 1e-12, 3].map(heaviside)).toEqual([0, 0, 1, 1, 1]);
  });
  it('sign is -1, 0 or +1', () => {
    expect([-2, -1e-12, 0, 1e-12, 3].map(sign)).toEqual([-1, -1, 0, 1, 1]);
  });
  it('the two steps differ exactly where z <= 0', () => {
    expect([-1, 0, 1].map((z) => [applyStep('heaviside', z), applyStep('sign', z)])).toEqual([
      [0, -1],
      [1, 0],
      [1, 1]
    ]);
  });
});

describe('LTU', () => {
  it('computes z = w·x + b and steps it', () => {
    const unit = new LTU(3, { weights: [0.5, -1, 2], bias: -0.25 });
    expect(unit.forward([2, 1, 0.5])).toBe(0.5 * 2 - 1 + 2 * 0.5 - 0.25);
    expect(unit.predict([2, 1, 0.5])).toBe(1);
    expect(unit.predict([0, 1, 0])).toBe(0);
    const signed = new LTU(2, { step: 'sign', weights: [1, 1], bias: -1 });
    expect([signed.predict([0, 0]), signed.predict([0.5, 0.5]), signed.predict([1, 1])]).toEqual([-1, 0, 1]);
  });
  it('starts at zero weights, so heaviside fires and sign says 0', () => {
    expect(new LTU(2).predict([5, -5])).toBe(1);
    expect(new LTU(2, { step: 'sign' }).predict([5, -5])).toBe(0);
  });
  it('hands out copies of its parameters', () => {
    const unit = new LTU(2, { weights: [1, 2], bias: 3 });
    const p = unit.parameters();
    unit.weights[0] = 10;
    unit.bias = 0;
    expect(Array.from(p.weights)).toEqual([1, 2]);
    expect(p.bias).toBe(3);
  });
  it('rejects inputs of the wrong length', () => {
    expect(() => new LTU(2).forward([1, 2, 3])).toThrow(/3 inputs for 2 weights/);
    expect(() => weightedSum([1], 0, [])).toThrow();
    expect(() => new LTU(2, { weights: [1] })).toThrow();
  });
});

describe('decisionLine', () => {
  const onLine = (w: number[], b: number, p: { x: number; y: number }) => w[0] * p.x + w[1] * p.y + b;

  it('is null without weights, whatever the bias', () => {
    expect(decisionLine([0, 0], 1, box)).toBeNull();
    expect(decisionLine([0, 0], 0, box)).toBeNull();
  });
  it('draws a vertical line for w = (1, 0)', () => {
    const line = decisionLine([1, 0], -0.5, box);
    expect(line).not.toBeNull();
    const xs = line!.map((p) => p.x);
    const ys = line!.map((p) => p.y).sort();
    expect(xs).toEqual([0.5, 0.5]);
    expect(ys).toEqual([-1, 1]);
  });
  it('draws a horizontal line for w = (0, 2)', () => {
    const line = decisionLine([0, 2], 1, box)!;
    expect(line.map((p) => p.y)).toEqual([-0.5, -0.5]);
    expect(line.map((p) => p.x).sort()).toEqual([-1, 1]);
  });
  it('returns two distinct endpoints on the box edges that satisfy w·p + b = 0', () => {
    const w = [1, 2];
    const b = -0.5;
    const line = decisionLine(w, b, box)!;
    for (const p of line) {
      expect(onLine(w, b, p)).toBeCloseTo(0, 12);
      const onEdge = Math.abs(Math.abs(p.x) - 1) < 1e-12 || Math.abs(Math.abs(p.y) - 1) < 1e-12;
      expect(onEdge).toBe(true);
    }
    expect(line[0]).not.toEqual(line[1]);
  });
  it('goes corner to corner on the diagonal without doubling the corners', () => {
    const line = decisionLine([1, -1], 0, box)!;
    const sorted = [...line].sort((p, q) => p.x - q.x);
    expect(sorted).toEqual([
      { x: -1, y: -1 },
      { x: 1, y: 1 }
    ]);
  });
  it('is null when the line misses the box', () => {
    expect(decisionLine([1, 1], -5, box)).toBeNull();
  });
  it('works in data units, e.g. iris petals in cm', () => {
    const petals: Box = { xMin: 1, xMax: 5.1, yMin: 0.1, yMax: 1.8 };
    const line = decisionLine([1, 1], -3, petals)!;
    expect(line).toHaveLength(2);
    for (const p of line) expect(p.x + p.y).toBeCloseTo(3, 12);
  });
  it('needs exactly two weights', () => {
    expect(() => decisionLine([1, 2, 3], 0, box)).toThrow();
  });
});
