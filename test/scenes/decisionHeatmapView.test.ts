import { describe, expect, it } from 'vitest';
import { divergingColor } from '../../src/lib/scenes/heatmapColors';
import { gridPoints } from '../../src/lib/geometry';
import { contourSegments, describeHeatmap, heatmapShape, shareAbove, type DecisionHeatmapView } from '../../src/lib/scenes/decisionHeatmapView';

const box = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };

describe('gridPoints', () => {
  it('lists cell centres row by row from the top left, as the scene draws them', () => {
    const p = gridPoints(box, 2);
    expect(Array.from(p)).toEqual([0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25]);
  });
});

describe('contourSegments', () => {
  it('finds a vertical boundary where the output steps from 0 to 1 between columns', () => {
    // 3×3, left column 0, others 1: crossings halfway between column centres 1/6 and 1/2
    const grid = [0, 1, 1, 0, 1, 1, 0, 1, 1];
    const segments = contourSegments({ grid, resolution: 3, box });
    expect(segments).toHaveLength(2);
    for (const s of segments) {
      expect(s.x1).toBeCloseTo(1 / 3);
      expect(s.x2).toBeCloseTo(1 / 3);
    }
    const ys = segments.flatMap((s) => [s.y1, s.y2]).sort();
    expect(ys[0]).toBeCloseTo(1 / 6);
    expect(ys[3]).toBeCloseTo(5 / 6);
  });
  it('places the crossing by interpolation, and draws nothing when the output never crosses', () => {
    const s = contourSegments({ grid: [0.4, 0.8, 0.4, 0.8], resolution: 2, box });
    expect(s).toHaveLength(1);
    // 0.5 lies a quarter of the way from 0.4 to 0.8
    expect(s[0].x1).toBeCloseTo(0.25 + 0.5 * 0.25);
    expect(contourSegments({ grid: [0.6, 0.9, 0.7, 0.99], resolution: 2, box })).toEqual([]);
  });
  it('resolves a saddle (XOR corners) by the cell mean: two segments cutting off the corners that differ from the centre', () => {
    // top-left and bottom-right high, centre mean 0.45 < 0.5: the two high corners are cut off
    const s = contourSegments({ grid: [0.9, 0.1, 0.1, 0.7], resolution: 2, box });
    expect(s).toHaveLength(2);
    const mids = s.map((q) => ({ x: (q.x1 + q.x2) / 2, y: (q.y1 + q.y2) / 2 }));
    // one near the top-left corner (0.25, 0.75), one near the bottom-right (0.75, 0.25)
    expect(mids.some((m) => m.x < 0.5 && m.y > 0.5)).toBe(true);
    expect(mids.some((m) => m.x > 0.5 && m.y < 0.5)).toBe(true);
  });
});

describe('colours, shapes and words', () => {
  it('runs from blue through white to orange, pale at full strength 0.7', () => {
    expect(divergingColor(0.5)).toBe(0xffffff);
    expect(divergingColor(0, 1)).toBe(0x0072b2);
    expect(divergingColor(1, 1)).toBe(0xe69f00);
    expect(divergingColor(2, 1)).toBe(0xe69f00);
    expect(divergingColor(Number.NaN)).toBe(0xffffff);
    const blue = divergingColor(0);
    expect(blue & 0xff).toBeGreaterThan((blue >> 16) & 0xff);
    expect(blue).not.toBe(0x0072b2);
  });
  it('gives each class its own shape', () => {
    expect([0, 1, 2, 3, 4].map(heatmapShape)).toEqual(['circle', 'square', 'triangle', 'diamond', 'circle']);
  });
  it('says how much of the plane is class 1 and how each point fares', () => {
    const view: DecisionHeatmapView = {
      grid: [0.1, 0.9, 0.9, 0.1],
      resolution: 2,
      box: { xMin: -0.5, xMax: 1.5, yMin: -0.5, yMax: 1.5 },
      points: [
        { x: 0, y: 0, label: 0, output: 0.2 },
        { x: 0, y: 1, label: 1, output: 0.4 }
      ],
      highlight: 1
    };
    expect(shareAbove(view.grid)).toBe(0.5);
    expect(describeHeatmap(view)).toBe(
      'Model output over x₁ from −0.5 to 1.5 and x₂ from −0.5 to 1.5: 50% of the plane is above 0.5 (class 1, orange), the rest below (class 0, blue). ' +
        'Points: (0, 0) class 0 circle, output 0.20 right; (0, 1) class 1 square, output 0.40 wrong (current).'
    );
  });
});
