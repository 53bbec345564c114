import { describe, expect, it } from 'vitest';
import { anchored, around, lengthInside, overlapArea, pickSpot } from '../../src/lib/scenes/labelSpots';

describe('pickSpot', () => {
  const inside = { x: 0, y: 0, width: 200, height: 100 };
  it('takes the first spot that covers nothing', () => {
    const spots = [anchored(50, 50, 40, 14), anchored(50, 20, 40, 14)];
    expect(pickSpot(spots, { inside, taken: [] })).toBe(0);
    expect(pickSpot(spots, { inside, taken: [around(50, 50, 5)] })).toBe(1);
  });
  it('would rather cover data points than another word, and never leaves the box for either', () => {
    const spots = [anchored(195, 50, 40, 14), anchored(50, 50, 40, 14), anchored(120, 50, 40, 14)];
    const taken = [around(50, 50, 10)];
    const crowd = [around(120, 50, 4)];
    expect(pickSpot(spots, { inside, taken, crowd })).toBe(2);
  });
});

describe('pickSpot and lines', () => {
  const inside = { x: 0, y: 0, width: 200, height: 100 };
  it('keeps a word off a line it would sit across, even its own region border', () => {
    // a narrow region: its name fits at the centre only across the line at x = 60
    const spots = [anchored(60, 50, 40, 14), anchored(60, 20, 40, 14), anchored(30, 50, 40, 14)];
    const line = [{ x: 60, y: 0 }, { x: 60, y: 100 }] as const;
    expect(pickSpot(spots, { inside, taken: [] })).toBe(0);
    expect(pickSpot(spots, { inside, taken: [], lines: [line] })).toBe(2);
  });
  it('would rather lie across a line than cover another word', () => {
    const spots = [anchored(100, 50, 40, 14), anchored(150, 50, 40, 14)];
    const line = [{ x: 100, y: 0 }, { x: 100, y: 100 }] as const;
    expect(pickSpot(spots, { inside, taken: [anchored(150, 50, 40, 14)], lines: [line] })).toBe(0);
  });
  it('measures the part of a segment inside a box', () => {
    expect(lengthInside({ x: -10, y: 5 }, { x: 30, y: 5 }, { x: 0, y: 0, width: 20, height: 10 })).toBeCloseTo(20);
    expect(lengthInside({ x: 0, y: 20 }, { x: 30, y: 20 }, { x: 0, y: 0, width: 20, height: 10 })).toBe(0);
  });
});

describe('overlapArea', () => {
  it('is zero for boxes that only touch', () => {
    expect(overlapArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    expect(overlapArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toBe(25);
  });
});
