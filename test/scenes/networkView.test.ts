import { describe, expect, it } from 'vitest';
import {
  checkNetworkView,
  describeNetwork,
  edgeWidth,
  formatValue,
  layoutNetwork,
  maxAbsWeight,
  unitNames,
  type NetworkView
} from '../../src/lib/scenes/networkView';

const xorNet: NetworkView = {
  layers: [2, 2, 1],
  weights: [
    [
      [0.5, -1.25],
      [2, 0]
    ],
    [[-3], [1]]
  ],
  biases: [[0.1, -0.2], [0.3]],
  activations: [[0, 1], [0.88, 0.45], [0.31]],
  deltas: [[-0.05, 0.02], [0.31]]
};

describe('unitNames', () => {
  it('names inputs, one hidden layer and a single output as a textbook does', () => {
    expect(unitNames(xorNet)).toEqual([['x₁', 'x₂'], ['h₁', 'h₂'], ['ŷ']]);
  });
  it('numbers hidden layers when there are several, outputs when there are several, and keeps given names', () => {
    expect(unitNames({ layers: [1, 2, 2, 3] })).toEqual([['x₁'], ['h₁,₁', 'h₁,₂'], ['h₂,₁', 'h₂,₂'], ['ŷ₁', 'ŷ₂', 'ŷ₃']]);
    expect(unitNames({ layers: [2, 1], names: [['A', 'B']] })).toEqual([['A', 'B'], ['ŷ']]);
    expect(unitNames({ layers: [12, 1] })[0][10]).toBe('x₁₁');
  });
});

describe('checkNetworkView', () => {
  it('accepts a consistent view', () => {
    expect(() => checkNetworkView(xorNet)).not.toThrow();
  });
  it('names the first part that does not fit the layer sizes', () => {
    expect(() => checkNetworkView({ ...xorNet, weights: [xorNet.weights[0]] })).toThrow(/2 weight matrices expected, got 1/);
    expect(() => checkNetworkView({ ...xorNet, weights: [[[1, 2]], xorNet.weights[1]] })).toThrow(/weights\[0\] must be 2×2/);
    expect(() => checkNetworkView({ ...xorNet, activations: [[0, 1], [0.5], [0.3]] })).toThrow(/activations\[1\] must hold 2 values, got 1/);
    expect(() => checkNetworkView({ ...xorNet, deltas: [[0.1, 0.2], [0.3, 0.4]] })).toThrow(/deltas\[1\] must hold 1 values, got 2/);
    expect(() => checkNetworkView({ layers: [2], weights: [] })).toThrow(/two or more positive integers/);
  });
});

describe('layoutNetwork', () => {
  it('puts layers in evenly spaced columns left to right, units centred top to bottom', () => {
    const { centres, radius } = layoutNetwork([2, 2, 1], 600, 300);
    expect(centres.map((c) => c.length)).toEqual([2, 2, 1]);
    const xs = centres.map((c) => c[0].x);
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1]);
    expect(xs[0]).toBeGreaterThan(radius);
    expect(xs[2]).toBeLessThan(600 - radius);
    expect(centres[0][0].y).toBeLessThan(centres[0][1].y);
    expect(centres[2][0].y).toBeCloseTo(150);
    expect((centres[1][0].y + centres[1][1].y) / 2).toBeCloseTo(150);
  });
  it('keeps units of the densest column from overlapping', () => {
    const { centres, radius } = layoutNetwork([4, 8, 2], 500, 260);
    const column = centres[1];
    for (let i = 1; i < column.length; i++) expect(column[i].y - column[i - 1].y).toBeGreaterThan(2 * radius);
  });
});

describe('edge widths and numbers', () => {
  it('scales thickness by magnitude against the largest weight, the same for either sign', () => {
    const max = maxAbsWeight(xorNet.weights);
    expect(max).toBe(3);
    expect(edgeWidth(0, max)).toBe(1);
    expect(edgeWidth(-3, max)).toBe(9);
    expect(edgeWidth(1.5, max)).toBe(edgeWidth(-1.5, max));
    expect(edgeWidth(1.5, max)).toBe(5);
  });
  it('writes a real minus sign and never −0', () => {
    expect(formatValue(-0.25)).toBe('−0.250');
    expect(formatValue(-0.0001)).toBe('0.000');
    expect(formatValue(1 / 3, 2)).toBe('0.33');
  });
});

describe('describeNetwork', () => {
  it('reads out values, deltas, every weight with its sign, and the selection', () => {
    const text = describeNetwork({ ...xorNet, selected: { kind: 'edge', layer: 0, from: 1, to: 0 } });
    expect(text).toContain('Network 2-2-1.');
    expect(text).toContain('Inputs: x₁ = 0.000, x₂ = 1.000.');
    expect(text).toContain('Hidden: h₁ = 0.880 (δ −0.0500), h₂ = 0.450 (δ 0.0200).');
    expect(text).toContain('Output: ŷ = 0.310 (δ 0.3100).');
    expect(text).toContain('x₁→h₂ −1.25 (dashed)');
    expect(text).toContain('x₂→h₁ +2.00');
    expect(text).toContain('h₁→ŷ −3.00 (dashed)');
    expect(text).toContain('Selected: the weight from x₂ to h₁.');
  });
  it('names units without values before a sample is shown', () => {
    expect(describeNetwork({ layers: [2, 1], weights: [[[1], [-1]]] })).toBe('Network 2-1. Inputs: x₁, x₂. Output: ŷ. Weights: x₁→ŷ +1.00, x₂→ŷ −1.00 (dashed).');
  });
});
