import { describe, expect, it } from 'vitest';
import { logicGate } from '../../src/lib/datasets/logicGates';
import { wrongSide } from '../../src/lib/models/wrongSide';
import { judgeLine, lineUnit, xorSums } from '../../src/lib/sim/handLine';

const xor = logicGate('xor');
const and = logicGate('and');
const box = { xMin: -0.5, xMax: 1.5, yMin: -0.5, yMax: 1.5 };

describe('a line placed by hand on XOR', () => {
  it('a vertical line through x = ½ fires on its left: (0, 0) and (1, 0) are on the wrong side', () => {
    const judgement = judgeLine(xor, box, { guess: { angle: 90, offset: 0 }, flipped: false });
    expect(judgement.unit?.weights[0]).toBeCloseTo(-1, 12);
    expect(judgement.unit?.weights[1]).toBeCloseTo(0, 12);
    expect(judgement.unit?.bias).toBeCloseTo(0.5, 12);
    expect(judgement.wrong).toEqual([0, 2]);
    expect(judgement.points.map((p) => p.given)).toEqual([1, 1, 0, 0]);
    const flipped = judgeLine(xor, box, { guess: { angle: 90, offset: 0 }, flipped: true });
    expect(flipped.wrong).toEqual([1, 3]);
  });

  it('lists exactly what wrongSide lists, and never fewer than one point, for every line on a fine sweep', () => {
    let fewest = Infinity;
    for (let angle = 0; angle < 180; angle += 3) {
      for (let offset = -0.7; offset <= 0.7; offset += 0.025) {
        for (const flipped of [false, true]) {
          const judgement = judgeLine(xor, box, { guess: { angle, offset }, flipped });
          const unit = judgement.unit;
          if (unit) expect(judgement.wrong).toEqual(wrongSide(unit.weights, unit.bias, xor));
          expect(judgement.wrong.length).toBeGreaterThanOrEqual(1);
          fewest = Math.min(fewest, judgement.wrong.length);
          // the reason, in numbers: both sums are w1 + w2 + 2b for every line
          const sums = xorSums(judgement)!;
          expect(sums.ones).toBeCloseTo(sums.zeros, 9);
        }
      }
    }
    expect(fewest).toBe(1);
  });

  it('finds a line that gets AND right, so the failure is XOR’s, not the method’s', () => {
    // the anti-diagonal x + y = 1.5, firing above it (towards (1, 1))
    const judgement = judgeLine(and, box, { guess: { angle: 135, offset: -0.25 * Math.SQRT1_2 * 2 }, flipped: true });
    expect(judgement.wrong).toEqual([]);
    expect(xorSums(judgement)).toBeNull();
  });

  it('turns the firing side with the line: one degree never swings the normal round', () => {
    let previous = lineUnit(box, { guess: { angle: 0, offset: 0 }, flipped: false })!;
    for (let angle = 1; angle < 180; angle++) {
      const unit = lineUnit(box, { guess: { angle, offset: 0 }, flipped: false })!;
      expect(unit.weights[0] * previous.weights[0] + unit.weights[1] * previous.weights[1]).toBeGreaterThan(0.99);
      previous = unit;
    }
  });

  it('says there is no line when the guess misses the plot', () => {
    expect(lineUnit({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, { guess: { angle: 0, offset: 0.7 }, flipped: false })).toBeNull();
  });
});
