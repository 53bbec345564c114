import { describe, expect, it } from 'vitest';
import {
  classRegions,
  clipHalfPlane,
  describeDecision,
  lineEquation,
  niceTicks,
  type DecisionView
} from '../../src/lib/scenes/decisionView';

const box = { xMin: 0, xMax: 4, yMin: 0, yMax: 2 };
const area = (poly: { x: number; y: number }[]) => Math.abs(poly.reduce((s, p, i) => s + p.x * poly[(i + 1) % poly.length].y - poly[(i + 1) % poly.length].x * p.y, 0)) / 2;

const view: DecisionView = {
  box,
  xLabel: 'petal length (cm)',
  yLabel: 'petal width (cm)',
  classNames: ['setosa', 'versicolor'],
  noun: 'flower',
  points: [
    { x: 1, y: 0.2, label: 0 },
    { x: 3, y: 1.5, label: 1 },
    { x: 3.5, y: 0.1, label: 0 }
  ],
  units: [{ weights: [1, 0], bias: -2, name: 'unit', label: 1 }],
  regions: 'binary',
  step: 'heaviside'
};

describe('decision geometry', () => {
  it('splits the box into the two sides of one unit', () => {
    const [fires, silent] = classRegions(view);
    expect(fires.label).toBe(1);
    expect(area(fires.polygon)).toBeCloseTo(4, 9);
    expect(area(silent.polygon)).toBeCloseTo(4, 9);
    expect(clipHalfPlane([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }], 1, 0, -2)).toEqual([]);
  });
  it('gives each of three units the part of the box where it scores highest', () => {
    const three: DecisionView = {
      ...view,
      regions: 'argmax',
      units: [
        { weights: [-1, 0], bias: 1, name: 'a', label: 0 },
        { weights: [0, 0], bias: 0, name: 'b', label: 1 },
        { weights: [1, 0], bias: -3, name: 'c', label: 2 }
      ]
    };
    const regions = classRegions(three);
    expect(regions.map((r) => Math.round(area(r.polygon) * 1e9) / 1e9)).toEqual([2, 4, 2]);
  });
  it('describes the picture in words', () => {
    const text = describeDecision({ ...view, highlight: { index: 2, mistake: true }, wrong: [2] });
    expect(text).toContain('Scatter plot of 3 flowers, petal length (cm) across, petal width (cm) up: 2 setosa (circles), 1 versicolor (squares).');
    expect(text).toContain('line 1.00·x₁ + 0.00·x₂ − 2.00 = 0');
    expect(text).toContain('1 flower on the wrong side.');
    expect(text).toContain('Highlighted: flower 3, a setosa at (3.50, 0.10), a mistake');
    expect(describeDecision({ ...view, wrong: [] })).toContain('Every flower is on its own side.');
    // the count is the model's: a view without it says nothing about sides
    expect(describeDecision(view)).not.toContain('side');
    expect(lineEquation({ weights: [-0.5, 0.25], bias: 0 })).toBe('−0.50·x₁ + 0.25·x₂ + 0.00 = 0');
  });
  it('picks round ticks', () => {
    expect(niceTicks(0, 2, 4)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(0.72, 5.38, 5)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('classRegions with units that score alike', () => {
  it('gives the plane to the first of equal units, as argmax does, so only one region (and one name) is drawn', () => {
    const unit = (label: number) => ({ weights: [0, 0] as const, bias: 0, name: `u${label}`, label });
    const regions = classRegions({ units: [unit(0), unit(1), unit(2)], regions: 'argmax', box: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, classNames: ['a', 'b', 'c'] });
    expect(regions.map((r) => r.polygon.length > 0)).toEqual([true, false, false]);
  });
});
