/**
 * What SlidingWindowScene draws, as plain data, with its layout and its words: an image
 * (with the zero padding around it where there is any), a window over it, that window
 * enlarged with a number on every cell, and the output map filling in position by
 * position. One scene serves a convolution (products and their sum) and max pooling
 * (the values and the one kept). No Pixi here.
 */
import type { MapPalette } from './mapColors';

export interface GridView {
  readonly rows: number;
  readonly cols: number;
  /** row-major */
  readonly values: ArrayLike<number>;
  readonly palette: MapPalette;
}

export interface PadsView {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** One cell of the window at the shown position. */
export interface WindowCellView {
  /** the pixel under it; 0 on padding */
  readonly value: number;
  readonly padding: boolean;
  /** convolution: the kernel's weight and the product */
  readonly weight?: number;
  readonly product?: number;
  /** pooling: the value kept */
  readonly winner?: boolean;
}

export interface SlidingWindowView {
  readonly kind: 'convolution' | 'pooling';
  readonly input: GridView;
  readonly pads: PadsView;
  /** the window's side, in pixels */
  readonly size: number;
  readonly stride: number;
  readonly output: GridView;
  /** how many output cells are computed so far (row-major); the rest are drawn blank */
  readonly revealed: number;
  /** the output cell whose window is shown, or null before the first */
  readonly current: number | null;
  /** that window's top-left cell in image coordinates (negative over the top or left padding) */
  readonly windowRow: number;
  readonly windowCol: number;
  /** size × size, row-major; empty when current is null */
  readonly cells: readonly WindowCellView[];
  /** the output value at `current` */
  readonly result: number | null;
  /** pooling: image pixels (row-major indices) kept by the windows done so far */
  readonly kept?: readonly number[];
  /** what the image is, in words: 'digit', "kernel's map" */
  readonly inputName: string;
  /** titles above the image and the map, e.g. 'digit, 28 × 28' */
  readonly inputTitle: string;
  readonly outputTitle: string;
}

export interface SlidingWindowCallbacks {
  /** the learner clicked (or tapped) output cell `index` */
  onpick?(index: number): void;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SlidingWindowLayout {
  /** the image with its padding: `cell` pixels per image pixel */
  readonly input: Rect;
  readonly output: Rect;
  readonly cell: number;
  /** the enlarged window; `zoomCell` pixels per cell */
  readonly zoom: Rect;
  readonly zoomCell: number;
  /** the line under the zoom that says the sum or the maximum */
  readonly resultAt: { readonly x: number; readonly y: number };
  /** where the titles sit (their top-left), each above its picture */
  readonly inputTitleAt: { readonly x: number; readonly y: number };
  readonly outputTitleAt: { readonly x: number; readonly y: number };
  /** three across, or image and map above the zoom */
  readonly wide: boolean;
}

export const TITLE_HEIGHT = 22;
export const RESULT_HEIGHT = 26;
const GAP = 24;
const MAX_ZOOM_CELL = 72;
const MAX_CELL = 16;

/** Where everything goes on a stage of this size; pure, so it can be checked for overlaps. */
export function slidingWindowLayout(view: Pick<SlidingWindowView, 'input' | 'pads' | 'size' | 'output'>, width: number, height: number): SlidingWindowLayout {
  const inRows = view.input.rows + view.pads.top + view.pads.bottom;
  const inCols = view.input.cols + view.pads.left + view.pads.right;
  const { rows: outRows, cols: outCols } = view.output;
  const wide = width >= 600;
  const usableH = Math.max(40, height - TITLE_HEIGHT - 8);
  if (wide) {
    const zoomCell = Math.min(MAX_ZOOM_CELL, Math.max(36, Math.floor((width * 0.26) / view.size)), Math.floor((usableH - RESULT_HEIGHT) / view.size));
    const zoomSide = zoomCell * view.size;
    const cell = Math.min(MAX_CELL, (width - zoomSide - 2 * GAP - 8) / (inCols + outCols), usableH / Math.max(inRows, outRows));
    const inW = cell * inCols;
    const outW = cell * outCols;
    const used = inW + zoomSide + outW + 2 * GAP;
    const left = Math.max(4, (width - used) / 2);
    const top = TITLE_HEIGHT + 4;
    const input = { x: left, y: top, width: inW, height: cell * inRows };
    const zoom = { x: left + inW + GAP, y: top + Math.max(0, (cell * inRows - zoomSide - RESULT_HEIGHT) / 2), width: zoomSide, height: zoomSide };
    const output = { x: zoom.x + zoomSide + GAP, y: top, width: outW, height: cell * outRows };
    return {
      input,
      output,
      cell,
      zoom,
      zoomCell,
      resultAt: { x: zoom.x + zoomSide / 2, y: zoom.y + zoomSide + 6 },
      inputTitleAt: { x: input.x, y: 2 },
      outputTitleAt: { x: output.x, y: 2 },
      wide
    };
  }
  // narrow: image and map side by side, the zoom under them
  const pairGap = 16;
  const cell = Math.min(MAX_CELL, (width - pairGap - 8) / (inCols + outCols));
  const inW = cell * inCols;
  const outW = cell * outCols;
  const left = Math.max(4, (width - inW - outW - pairGap) / 2);
  const top = TITLE_HEIGHT + 4;
  const input = { x: left, y: top, width: inW, height: cell * inRows };
  const output = { x: left + inW + pairGap, y: top, width: outW, height: cell * outRows };
  const below = top + Math.max(input.height, output.height) + 14;
  const zoomCell = Math.max(24, Math.min(MAX_ZOOM_CELL, Math.floor((width - 8) / view.size), Math.floor((height - below - RESULT_HEIGHT - 4) / view.size)));
  const zoomSide = zoomCell * view.size;
  const zoom = { x: (width - zoomSide) / 2, y: below, width: zoomSide, height: zoomSide };
  return {
    input,
    output,
    cell,
    zoom,
    zoomCell,
    resultAt: { x: width / 2, y: below + zoomSide + 6 },
    inputTitleAt: { x: input.x, y: 2 },
    outputTitleAt: { x: output.x, y: 2 },
    wide
  };
}

/** The stage height that shows a view whole at this width, with nothing to spare: what panels size the stage by. */
export function slidingWindowHeight(view: Pick<SlidingWindowView, 'input' | 'pads' | 'size' | 'output'>, width: number): number {
  const l = slidingWindowLayout(view, width, 4000);
  const bottom = Math.max(l.input.y + l.input.height, l.output.y + l.output.height, l.resultAt.y + RESULT_HEIGHT);
  return Math.ceil(bottom + 6);
}

/** A weight as the pictures print it: whole numbers as they are, others to two decimals, a real minus sign. */
export function formatWeight(v: number): string {
  return (Number.isInteger(v) ? String(v) : v.toFixed(2)).replace('-', '−');
}

/** A number as the pictures print it: two decimals, a real minus sign. */
export function formatValue(v: number): string {
  const text = Math.abs(v) < 0.005 ? '0' : v.toFixed(2);
  return text.replace('-', '−');
}

/** The output cell at (row, col) of a map with `cols` columns, as words: "row 3, column 5" (1-based). */
export function placeWords(index: number, cols: number): string {
  return `row ${Math.floor(index / cols) + 1}, column ${(index % cols) + 1}`;
}

/** What the picture shows, in words, from the same view it is drawn from. */
export function describeSlidingWindow(view: SlidingWindowView): string {
  const { input, output, pads, size, stride } = view;
  const padded = pads.top + pads.bottom + pads.left + pads.right > 0;
  const padWords = padded ? ` with zero padding (${pads.top} above, ${pads.bottom} below, ${pads.left} left, ${pads.right} right)` : ', no padding';
  const what = view.kind === 'convolution' ? `A ${size}×${size} kernel` : `A ${size}×${size} max-pooling window`;
  const head = `${what} slides with stride ${stride} over a ${input.rows}×${input.cols} ${view.inputName}${padWords}, making a ${output.rows}×${output.cols} map; ${view.revealed} of ${output.rows * output.cols} output pixels done.`;
  if (view.current === null || view.result === null) return `${head} The window has not started.`;
  const where = `The window covers image rows ${view.windowRow + 1} to ${view.windowRow + size}, columns ${view.windowCol + 1} to ${view.windowCol + size}, for output ${placeWords(view.current, output.cols)}.`;
  if (view.kind === 'convolution') {
    const terms = view.cells.map((c) => (c.padding ? `padding 0 × ${formatWeight(c.weight ?? 0)}` : `${formatValue(c.value)} × ${formatWeight(c.weight ?? 0)}`));
    return `${head} ${where} Products: ${terms.join(', ')}; their sum is ${formatValue(view.result)}.`;
  }
  const kept = view.cells.findIndex((c) => c.winner);
  const values = view.cells.map((c, i) => `${formatValue(c.value)}${i === kept ? ' (kept)' : ''}`);
  return `${head} ${where} Values ${values.join(', ')}; the maximum, ${formatValue(view.result)}, is kept.`;
}
