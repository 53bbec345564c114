import { describe, expect, it } from 'vitest';
import { describeSlidingWindow, formatValue, formatWeight, slidingWindowHeight, slidingWindowLayout, type Rect, type SlidingWindowView } from '../../src/lib/scenes/slidingWindowView';

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (r: Rect, width: number, height: number) => r.x >= 0 && r.y >= 0 && r.x + r.width <= width + 0.5 && r.y + r.height <= height + 0.5;

function view(overrides: Partial<SlidingWindowView> = {}): SlidingWindowView {
  const input = { rows: 28, cols: 28, values: new Float32Array(784), palette: 'ink' as const };
  return {
    kind: 'convolution',
    input,
    pads: { top: 0, bottom: 1, left: 0, right: 1 },
    size: 3,
    stride: 2,
    output: { rows: 14, cols: 14, values: new Float32Array(196).fill(0.5), palette: 'signed' },
    revealed: 2,
    current: 1,
    windowRow: 0,
    windowCol: 2,
    cells: Array.from({ length: 9 }, (_, k) => ({ value: k / 10, padding: false, weight: k % 3 === 2 ? -1 : 1, product: (k / 10) * (k % 3 === 2 ? -1 : 1) })),
    result: 0.3,
    inputName: 'digit',
    inputTitle: 'digit, 28 × 28',
    outputTitle: 'map, 14 × 14',
    ...overrides
  };
}

describe('the sliding-window picture', () => {
  for (const width of [358, 420, 640, 700, 1000]) {
    it(`lays image, zoom and map side by side or stacked at ${width} px, none on another, all inside the stage`, () => {
      for (const v of [view(), view({ pads: { top: 0, bottom: 0, left: 0, right: 0 }, output: { ...view().output, rows: 26, cols: 26 } }), view({ kind: 'pooling', size: 2 })]) {
        const height = slidingWindowHeight(v, width);
        const l = slidingWindowLayout(v, width, height);
        for (const r of [l.input, l.output, l.zoom]) expect(inside(r, width, height)).toBe(true);
        expect(overlap(l.input, l.output)).toBe(false);
        expect(overlap(l.input, l.zoom)).toBe(false);
        expect(overlap(l.output, l.zoom)).toBe(false);
        // the numbers in the zoom need room: at least 36 px a cell
        expect(l.zoomCell).toBeGreaterThanOrEqual(36);
        expect(l.resultAt.y + 20).toBeLessThanOrEqual(height);
        expect(l.wide).toBe(width >= 600);
      }
    });
  }

  it('says in words what it draws, and follows the state', () => {
    const text = describeSlidingWindow(view());
    expect(text).toContain('A 3×3 kernel slides with stride 2 over a 28×28 digit with zero padding (0 above, 1 below, 0 left, 1 right), making a 14×14 map; 2 of 196 output pixels done.');
    expect(text).toContain('rows 1 to 3, columns 3 to 5, for output row 1, column 2');
    expect(text).toContain('Products: 0 × 1, 0.10 × 1, 0.20 × −1');
    expect(text).toContain('their sum is 0.30.');
    expect(describeSlidingWindow(view({ current: null, result: null, cells: [], revealed: 0 }))).toContain('The window has not started.');
    const pooling = describeSlidingWindow(view({ kind: 'pooling', size: 2, cells: [0.1, 0.4, 0.2, 0.4].map((value, i) => ({ value, padding: false, winner: i === 1 })), result: 0.4 }));
    expect(pooling).toContain('A 2×2 max-pooling window');
    expect(pooling).toContain('Values 0.10, 0.40 (kept), 0.20, 0.40; the maximum, 0.40, is kept.');
  });

  it('prints numbers short, with a real minus sign', () => {
    expect(formatValue(-1.234)).toBe('−1.23');
    expect(formatValue(0.001)).toBe('0');
    expect(formatWeight(-1)).toBe('−1');
    expect(formatWeight(1 / 9)).toBe('0.11');
  });
});
