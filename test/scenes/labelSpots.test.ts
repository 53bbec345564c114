import { describe, expect, it } from 'vitest';
import { anchored, around, overlapArea, pickSpot } from '../../src/lib/scenes/labelSpots';

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

describe('overlapArea', () => {
  it('is zero for boxes that only touch', () => {
    expect(overlapArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    expect(overlapArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toBe(25);
  });
});
