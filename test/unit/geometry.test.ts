import { describe, expect, it } from 'vitest';
import { boxAround, cellCentre, gridPoints, lineInBox, lineMargin, segmentInBox, type Box, type Point } from '../../src/lib/geometry';
import { decisionLine } from '../../src/lib/models/ltu';
import { decisionSegment } from '../../src/lib/scenes/decisionView';

const square: Box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
const sorted = (ends: [Point, Point] | null) => ends && [...ends].sort((p, q) => p.x - q.x || p.y - q.y);

describe('lineInBox', () => {
  it('has no line without a normal, whatever the offset', () => {
    expect(lineInBox(0, 0, 1, square)).toBeNull();
    expect(lineInBox(0, 0, 0, square)).toBeNull();
  });
  it('ends on the edges, on the line', () => {
    const ends = lineInBox(1, 2, -0.5, square)!;
    for (const p of ends) {
      expect(p.x + 2 * p.y - 0.5).toBeCloseTo(0, 12);
      expect(Math.abs(Math.abs(p.x) - 1) < 1e-12 || Math.abs(Math.abs(p.y) - 1) < 1e-12).toBe(true);
    }
  });
  it('goes corner to corner on a diagonal, each corner once', () => {
    expect(sorted(lineInBox(1, -1, 0, square))).toEqual([
      { x: -1, y: -1 },
      { x: 1, y: 1 }
    ]);
  });
  it('keeps an end that rounding puts a hair outside the box, once', () => {
    // the line through (0, 0.2) and the corner (1, 1): in floats it meets x = 1 at y = 1.0000000000000002
    const box: Box = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
    const ends = sorted(lineInBox(0.8 * 0.1, -0.1, 0.2 * 0.1, box))!;
    expect(ends).toHaveLength(2);
    expect(ends[0].x).toBe(0);
    expect(ends[0].y).toBeCloseTo(0.2, 12);
    expect(ends[1].x).toBeCloseTo(1, 12);
    expect(ends[1].y).toBeCloseTo(1, 12);
  });
  it('is null when the line only touches a corner or misses the box', () => {
    expect(lineInBox(1, 1, -2, square)).toBeNull();
    expect(lineInBox(1, 1, -5, square)).toBeNull();
  });
  it('runs the whole edge when the line lies along one', () => {
    expect(sorted(lineInBox(1, 0, -1, square))).toEqual([
      { x: 1, y: -1 },
      { x: 1, y: 1 }
    ]);
  });
  it('is the one clipper: the model and the scene give the same ends, corners included', () => {
    const box: Box = { xMin: 0, xMax: 4, yMin: 0, yMax: 2 };
    const cases: [[number, number], number][] = [
      [[1, 0], -2],
      [[0.5, 0.8], -2],
      [[1, 1], -1],
      [[-2, 3], 1],
      [[1, 2], -8], // touches the corner (4, 2) only
      [[1, -2], 0], // corner (0, 0) to corner (4, 2)
      [[1, 1], -6], // misses
      [[0, 1], -2] // along the top edge
    ];
    for (const [w, b] of cases) expect(decisionSegment(w, b, box)).toEqual(decisionLine(w, b, box));
  });
});

describe('grids and frames', () => {
  it('lists cell centres row by row from the top left', () => {
    expect(Array.from(gridPoints({ xMin: 0, xMax: 2, yMin: 0, yMax: 2 }, 2))).toEqual([0.5, 1.5, 1.5, 1.5, 0.5, 0.5, 1.5, 0.5]);
    expect(cellCentre({ xMin: 0, xMax: 4, yMin: 0, yMax: 4 }, 4, 0, 3)).toEqual({ x: 0.5, y: 0.5 });
  });
  it('frames points with a margin of each side, and a unit span when they line up', () => {
    expect(boxAround([{ x: 0, y: 0 }, { x: 10, y: 5 }], 0.1)).toEqual({ xMin: -1, xMax: 11, yMin: -0.5, yMax: 5.5 });
    expect(boxAround([{ x: 2, y: 3 }], 0.5)).toEqual({ xMin: 1.5, xMax: 2.5, yMin: 2.5, yMax: 3.5 });
  });
});

describe('lineMargin', () => {
  const points = [
    { x: 0, y: 0, label: 0 },
    { x: 3, y: 0, label: 1 },
    { x: 4, y: 1, label: 1 }
  ];

  it('is the distance to the nearest point when the line separates, whatever the scale of its coefficients', () => {
    // x = 1 keeps label 1 on the right: the nearest point, the origin, is 1 away
    expect(lineMargin(1, 0, -1, points)).toBeCloseTo(1, 12);
    expect(lineMargin(7, 0, -7, points)).toBeCloseTo(1, 12);
    expect(lineMargin(1, 0, -1.5, points)).toBeCloseTo(1.5, 12);
  });

  it('is negative when a point is on the wrong side, and -Infinity without a line', () => {
    expect(lineMargin(-1, 0, 1, points)).toBeCloseTo(-3, 12);
    expect(lineMargin(1, 0, -3.5, points)).toBeCloseTo(-0.5, 12);
    expect(lineMargin(0, 0, 1, points)).toBe(-Infinity);
  });
});

describe('segmentInBox', () => {
  const box = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  it('keeps a segment inside the box whole and cuts one that leaves it at the edge', () => {
    expect(segmentInBox({ x: 0.2, y: 0.2 }, { x: 0.8, y: 0.5 }, box)).toEqual([{ x: 0.2, y: 0.2 }, { x: 0.8, y: 0.5 }]);
    const [a, b] = segmentInBox({ x: 0.5, y: 0.5 }, { x: 0.5, y: -1 }, box)!;
    expect(a).toEqual({ x: 0.5, y: 0.5 });
    expect(b.x).toBeCloseTo(0.5);
    expect(b.y).toBeCloseTo(0);
  });
  it('gives nothing for a segment that misses the box', () => {
    expect(segmentInBox({ x: 2, y: 0 }, { x: 3, y: 1 }, box)).toBeNull();
    expect(segmentInBox({ x: -1, y: 2 }, { x: 2, y: 2 }, box)).toBeNull();
  });
});
