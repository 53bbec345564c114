import { describe, expect, it } from 'vitest';
import { channelsHeight, channelsLayout, describeChannels, kernelShapes, type ChannelsView } from '../../src/lib/scenes/channelsView';
import type { Rect } from '../../src/lib/scenes/slidingWindowView';

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const plane = (rows: number, value = 0.5) => ({ rows, cols: rows, values: new Float32Array(rows * rows).fill(value), palette: 'signed' as const });

function view(first: number, second: number, selected: number | null = null): ChannelsView {
  return {
    input: { ...plane(28), palette: 'ink' },
    firstKernels: Array.from({ length: first }, (_, i) => ({ title: `filter ${i + 1}`, values: [1, 0, -1, 1, 0, -1, 1, 0, -1] })),
    firstMaps: Array.from({ length: first }, () => plane(26)),
    slices: Array.from({ length: first }, () => Array.from({ length: second }, () => [0.1, -0.2, 0.3, 0, 0, 0, 0.1, 0.1, -0.1])),
    secondMaps: Array.from({ length: second }, (_, o) => plane(24, o)),
    selected
  };
}

describe('the channels picture', () => {
  for (const width of [358, 680, 760, 1100]) {
    it(`fits one to six filters and one to four maps at ${width} px, nothing on anything else`, () => {
      for (const [f, s] of [
        [1, 1],
        [3, 2],
        [6, 4]
      ]) {
        const v = view(f, s);
        const height = channelsHeight(v, width);
        const l = channelsLayout(v, width, height, kernelShapes(v));
        const rects = [l.input, ...l.firstKernels, ...l.firstMaps, l.grid, ...l.secondMaps];
        for (const r of rects) {
          expect(r.x).toBeGreaterThanOrEqual(0);
          expect(r.x + r.width).toBeLessThanOrEqual(width);
          expect(r.y + r.height).toBeLessThanOrEqual(height);
          expect(r.width).toBeGreaterThan(8);
        }
        for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i], rects[j]), `${i} and ${j} at ${width}`).toBe(false);
        expect(l.slices).toHaveLength(f);
        expect(l.slices[0]).toHaveLength(s);
        // titles sit above the pictures they name, clear of them
        for (const t of l.titles) for (const r of rects) expect(overlap({ x: t.x, y: t.y, width: Math.min(t.width, 40), height: 16 }, r)).toBe(false);
      }
    });
  }

  it('names the kernels by their Keras shapes and says what is selected', () => {
    expect(kernelShapes(view(3, 2))).toEqual({ first: 'kernel [3, 3, 1, 3]', second: 'kernel [3, 3, 3, 2]' });
    const text = describeChannels(view(3, 2, 1));
    expect(text).toContain('A 28×28 digit goes through 3 filters (kernel [3, 3, 1, 3])');
    expect(text).toContain('kernel of shape [3, 3, 3, 2] and makes 2 24×24 maps');
    expect(text).toContain('Selected: second-layer map 2, made from every first-layer map through column 2 of the kernel.');
    expect(describeChannels(view(1, 1))).toContain('No second-layer map is selected.');
  });
});
