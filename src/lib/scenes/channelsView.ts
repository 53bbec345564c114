/**
 * What ChannelsScene draws, as plain data, with its layout and words: a digit, the
 * first layer's filters and the map each makes, the second layer's kernel drawn as
 * what it is (a grid of 3×3 slices, one row per input map and one column per output
 * map: shape [3, 3, in, out]) and the maps it makes. No Pixi here.
 */
import { formatValue, type GridView, type Rect } from './slidingWindowView';

export interface ChannelsView {
  readonly input: GridView;
  /** the first layer's filters, 3×3 each, row-major, with their names */
  readonly firstKernels: readonly { readonly title: string; readonly values: readonly number[] }[];
  readonly firstMaps: readonly GridView[];
  /** slices[i][o]: the 3×3 weights by which input map i feeds output map o */
  readonly slices: readonly (readonly (readonly number[])[])[];
  readonly secondMaps: readonly GridView[];
  /** the second-layer map looked at, or null */
  readonly selected: number | null;
}

export interface ChannelsCallbacks {
  /** the learner clicked (or tapped) second-layer map `index` or its column of the kernel */
  onpick?(index: number): void;
}

export interface ChannelsLayout {
  readonly wide: boolean;
  readonly input: Rect;
  readonly firstKernels: readonly Rect[];
  readonly firstMaps: readonly Rect[];
  /** the [3, 3, in, out] grid: one rect per slice, [i][o] */
  readonly slices: readonly (readonly Rect[])[];
  readonly grid: Rect;
  readonly secondMaps: readonly Rect[];
  /** the titles over each column (wide) or row (narrow) of pictures */
  readonly titles: readonly { readonly text: string; readonly x: number; readonly y: number; readonly width: number }[];
}

const TITLE = 20;

/** Where everything goes on a stage of this size; pure, so it can be checked for overlaps. */
export function channelsLayout(view: Pick<ChannelsView, 'firstMaps' | 'secondMaps'>, width: number, height: number, shapes: { first: string; second: string }): ChannelsLayout {
  const inC = view.firstMaps.length;
  const outC = view.secondMaps.length;
  const wide = width >= 700;
  if (wide) {
    // five columns: digit | filters | their maps | the kernel grid | the second maps
    const rowsH = height - TITLE - 8;
    const map = Math.min(96, (rowsH - (Math.max(inC, outC) - 1) * 8) / Math.max(inC, outC), width * 0.11);
    const kernel = Math.min(36, map * 0.55);
    const slice = Math.min(34, (rowsH - (inC - 1) * 8) / inC, (width * 0.24 - (outC - 1) * 8) / outC);
    const gridW = outC * slice + (outC - 1) * 8;
    const gridH = inC * slice + (inC - 1) * 8;
    const gap = Math.max(18, (width - (map * 3 + kernel + gridW)) / 6);
    let x = gap * 0.6;
    const column = (n: number, size: number, spacing: number) => {
      const total = n * size + (n - 1) * spacing;
      const top = TITLE + 4 + Math.max(0, (rowsH - total) / 2);
      return Array.from({ length: n }, (_, k) => ({ x, y: top + k * (size + spacing), width: size, height: size }));
    };
    const mapSpacing = (n: number) => Math.max(8, Math.min(24, (rowsH - n * map) / Math.max(1, n - 1)));
    const input = column(1, map, 0)[0];
    x += map + gap;
    const firstKernels = column(inC, kernel, map + mapSpacing(inC) - kernel).map((r) => ({ ...r, y: r.y + (map - kernel) / 2 }));
    x += kernel + gap;
    const firstMaps = column(inC, map, mapSpacing(inC));
    x += map + gap;
    const gridTop = TITLE + 4 + Math.max(0, (rowsH - gridH) / 2);
    const grid = { x, y: gridTop, width: gridW, height: gridH };
    const slices = Array.from({ length: inC }, (_, i) => Array.from({ length: outC }, (_, o) => ({ x: x + o * (slice + 8), y: gridTop + i * (slice + 8), width: slice, height: slice })));
    x += gridW + gap;
    const secondMaps = column(outC, map, mapSpacing(outC));
    const titleAt = (r: Rect, text: string, w = Math.max(r.width, 60)) => ({ text, x: r.x, y: 2, width: w });
    return {
      wide,
      input,
      firstKernels,
      firstMaps,
      slices,
      grid,
      secondMaps,
      titles: [
        titleAt(input, 'digit'),
        titleAt(firstKernels[0], shapes.first, firstMaps[0].x - firstKernels[0].x - 6),
        titleAt(firstMaps[0], 'maps', map),
        titleAt(grid, shapes.second, secondMaps[0].x - grid.x - 6),
        titleAt(secondMaps[0], 'maps', width - secondMaps[0].x - 4)
      ]
    };
  }
  // narrow: rows, top to bottom: digit | filters over their maps | the kernel grid | the second maps
  const across = Math.max(inC, outC);
  const map = Math.min(84, (width - 16 - (across - 1) * 8) / across);
  const kernel = Math.min(30, map * 0.5);
  const slice = Math.min(30, (width - 16 - (outC - 1) * 8) / outC);
  const rowOf = (n: number, size: number, y: number) => {
    const total = n * size + (n - 1) * 8;
    const left = (width - total) / 2;
    return Array.from({ length: n }, (_, k) => ({ x: left + k * (size + 8), y, width: size, height: size }));
  };
  let y = TITLE + 4;
  const input = rowOf(1, map, y)[0];
  y += map + 10 + TITLE;
  const firstKernels = rowOf(inC, map, y).map((r) => ({ x: r.x + (map - kernel) / 2, y, width: kernel, height: kernel }));
  y += kernel + 6;
  const firstMaps = rowOf(inC, map, y);
  const firstTitleY = firstKernels[0].y - TITLE;
  y += map + 10 + TITLE;
  const gridW = outC * slice + (outC - 1) * 8;
  const gridH = inC * slice + (inC - 1) * 8;
  const grid = { x: (width - gridW) / 2, y, width: gridW, height: gridH };
  const slices = Array.from({ length: inC }, (_, i) => Array.from({ length: outC }, (_, o) => ({ x: grid.x + o * (slice + 8), y: y + i * (slice + 8), width: slice, height: slice })));
  y += gridH + 10 + TITLE;
  const secondMaps = rowOf(outC, map, y);
  const line = (text: string, at: number) => ({ text, x: 8, y: at, width: width - 16 });
  return {
    wide,
    input,
    firstKernels,
    firstMaps,
    slices,
    grid,
    secondMaps,
    titles: [line('digit', 2), line(`${shapes.first}, then maps`, firstTitleY), line(shapes.second, grid.y - TITLE), line('maps', secondMaps[0].y - TITLE)]
  };
}

/** The stage height a narrow layout needs at this width (a wide one fits any sensible height). */
export function channelsHeight(view: Pick<ChannelsView, 'firstMaps' | 'secondMaps'>, width: number): number {
  if (width >= 700) return Math.round(Math.max(300, Math.max(view.firstMaps.length, view.secondMaps.length) * 80 + 40));
  const l = channelsLayout(view, width, 10_000, { first: '', second: '' });
  const last = l.secondMaps[0];
  return Math.ceil(last.y + last.height + 8);
}

/** The titles of the two kernels: their Keras shapes. */
export function kernelShapes(view: Pick<ChannelsView, 'firstMaps' | 'secondMaps'>): { first: string; second: string } {
  return { first: `kernel [3, 3, 1, ${view.firstMaps.length}]`, second: `kernel [3, 3, ${view.firstMaps.length}, ${view.secondMaps.length}]` };
}

function strongest(map: GridView): string {
  let best = 0;
  for (let i = 1; i < map.values.length; i++) if (map.values[i] > map.values[best]) best = i;
  return `strongest ${formatValue(map.values[best])} at row ${Math.floor(best / map.cols) + 1}, column ${(best % map.cols) + 1}`;
}

/** What the picture shows, in words, from the same view it is drawn from. */
export function describeChannels(view: ChannelsView): string {
  const shapes = kernelShapes(view);
  const first = view.firstKernels.map((k, i) => `${k.title} (map ${i + 1}: ${strongest(view.firstMaps[i])})`).join('; ');
  const second = view.secondMaps.map((m, o) => `map ${o + 1}: ${strongest(m)}`).join('; ');
  const selected =
    view.selected === null
      ? 'No second-layer map is selected.'
      : `Selected: second-layer map ${view.selected + 1}, made from every first-layer map through column ${view.selected + 1} of the kernel.`;
  return (
    `A ${view.input.rows}×${view.input.cols} digit goes through ${view.firstKernels.length} filters (${shapes.first}): ${first}. ` +
    `A second layer reads all ${view.firstMaps.length} maps with a ${shapes.second.replace('kernel ', 'kernel of shape ')} and makes ${view.secondMaps.length} ${view.secondMaps[0]?.rows ?? 0}×${view.secondMaps[0]?.cols ?? 0} maps: ${second}. ${selected}`
  );
}
