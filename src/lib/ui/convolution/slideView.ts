/**
 * A slide (sim/convolution/slide.ts) at a cursor, as the plain view SlidingWindowScene
 * draws: the numbers of the shown position are the slide's own, computed from the
 * engine's map and geometry, never recomputed here.
 */
import type { SlidingWindowView } from '$lib/scenes/slidingWindowView';
import { windowAt, type Slide } from '$lib/sim/convolution/slide';

export interface SlideTitles {
  /** what the image is, in words: 'digit' */
  readonly name: string;
  readonly input: string;
  readonly output: string;
}

export function slideView(slide: Slide, cursor: number, shown: number | null, titles: SlideTitles): SlidingWindowView {
  const { geometry, input, output } = slide;
  const at = shown === null ? null : windowAt(slide, shown);
  let kept: number[] | undefined;
  if (slide.kind === 'pooling') {
    kept = [];
    for (let i = 0; i < cursor; i++) {
      // a window of zeros keeps a zero too, but a dot on blank paper would say nothing
      const cell = windowAt(slide, i).cells.find((c) => c.winner);
      if (cell && cell.value > 0) kept.push(cell.row * input.cols + cell.col);
    }
  }
  return {
    kind: slide.kind,
    input: { rows: input.rows, cols: input.cols, values: input.values, palette: slide.kind === 'convolution' ? 'ink' : 'signed' },
    pads: geometry.pads,
    size: geometry.size,
    stride: geometry.stride,
    output: { rows: output.rows, cols: output.cols, values: output.values, palette: 'signed' },
    revealed: cursor,
    current: at?.index ?? null,
    windowRow: at?.row ?? 0,
    windowCol: at?.col ?? 0,
    cells: at?.cells ?? [],
    result: at?.result ?? null,
    kept,
    inputName: titles.name,
    inputTitle: titles.input,
    outputTitle: titles.output
  };
}
