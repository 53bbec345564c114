import { describe, expect, it } from 'vitest';
import {
  checkNetworkView,
  describeNetwork,
  edgeWidth,
  formatValue,
  layoutNetwork,
  maxAbsWeight,
  unitLabelSpots,
  unitNames,
  type NetworkView
} from '../../src/lib/scenes/networkView';
import { anchored, around, overlapArea, type Rect } from '../../src/lib/scenes/labelSpots';

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

describe('unitLabelSpots', () => {
  // a stage as wide as a phone's and a laptop's picture; text boxes as wide as the scene's 12 px words (7 px a character)
  const stages = [
    { width: 322, height: 388 },
    { width: 620, height: 368 }
  ];
  const line = 14;
  const words = (layers: number[], width: number, height: number, heatmaps: boolean, inputs: string[], deltas = false) => {
    const names = unitNames({ layers, names: [inputs] });
    const layout = layoutNetwork(layers, width, height, heatmaps, Math.max(...inputs.map((n) => n.length * 7)));
    const spots = unitLabelSpots(layers, layout, heatmaps, line, 0, 4 * 7 + 'b −0.00'.length * 7 + 6);
    const half = heatmaps ? layout.radius * 0.85 + 2 : layout.radius;
    const labels: Rect[] = [];
    const bodies: Rect[] = [];
    layers.forEach((n, l) =>
      layout.centres[l].forEach((c, i) => {
        bodies.push(around(c.x, c.y, half));
        const at = spots[l][i];
        labels.push(anchored(c.x + at.name.x, c.y + at.name.y, names[l][i].length * 7, line - 3, at.name.anchorX));
        if (l > 0) {
          if (at.bias) labels.push(anchored(c.x + at.bias.x, c.y + at.bias.y, 'b −0.00'.length * 7, line - 3, at.bias.anchorX));
          if (deltas) labels.push(anchored(c.x + at.delta.x, c.y + at.delta.y, 'δ −0.000'.length * 7, line - 3, at.delta.anchorX));
        }
      })
    );
    return { labels, bodies };
  };
  const problems = ({ labels, bodies }: { labels: Rect[]; bodies: Rect[] }, width: number, height: number) => {
    const found: string[] = [];
    labels.forEach((a, i) => {
      if (a.x < 0 || a.y < 0 || a.x + a.width > width || a.y + a.height > height) found.push(`label ${i} leaves the stage`);
      labels.forEach((b, j) => j > i && overlapArea(a, b) > 1 && found.push(`labels ${i} and ${j} overlap`));
      bodies.forEach((b, j) => overlapArea(a, b) > 1 && found.push(`label ${i} covers unit ${j}`));
    });
    return found;
  };
  for (const { width, height } of stages) {
    it(`keeps the words of the playground's largest network off each other, off the units and on a ${width}×${height} stage`, () => {
      for (const layers of [[2, 8, 8, 1], [2, 4, 2, 1], [7, 8, 8, 8, 1]]) {
        const inputs = ['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁x₂', 'sin πx₁', 'sin πx₂'].slice(0, layers[0]);
        expect(problems(words(layers, width, height, true, inputs), width, height), `${layers.join('-')}`).toEqual([]);
      }
    });
    it(`keeps the words of the backprop network, δ included, apart on a ${width}×${height} stage`, () => {
      expect(problems(words([2, 2, 1], width, 300, false, ['x₁', 'x₂'], true), width, 300)).toEqual([]);
    });
  }
  it("writes a crowded unit's name and bias on one line, a roomy one's on two, and drops the bias where one line is too wide", () => {
    const crowded = unitLabelSpots([2, 8, 1], layoutNetwork([2, 8, 1], 620, 368, true), true, line, 0, 80);
    expect(crowded[1][0].name.y).toBe(crowded[1][0].bias?.y);
    const narrow = unitLabelSpots([2, 8, 8, 1], layoutNetwork([2, 8, 8, 1], 322, 388, true), true, line, 0, 80);
    expect(narrow[1][0].bias).toBeNull();
    const roomy = unitLabelSpots([2, 2, 1], layoutNetwork([2, 2, 1], 620, 368, true), true, line, 0, 80);
    expect(roomy[1][0].bias!.y).toBeGreaterThan(roomy[1][0].name.y);
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
