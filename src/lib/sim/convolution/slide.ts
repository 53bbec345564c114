/**
 * A window sliding over one image, position by position, as the chapter's pictures
 * animate it: a kernel (convolution) or a 2×2 maximum (pooling). The map itself comes
 * from the engine's own op (ops.conv2d, ops.maxPool2d), and so does the geometry
 * (windowGeometry: output size, and where TensorFlow puts the padding). What a position
 * shows (the pixels under the window, their products with the weights, the winner of a
 * pooling window) is read off the same geometry; tests check that each position's sum
 * is the engine's value there.
 */
import type { Padding } from '$lib/engine/backend';
import { conv2d, maxPool2d, maxPool2dBackprop } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { windowGeometry } from '$lib/engine/windowGeometry';

export type { Padding };

/** One channel of an image, row-major. */
export interface Plane {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float32Array;
}

/** Where the zero padding goes, in pixels on each side. */
export interface Pads {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export interface SlideGeometry {
  /** window height and width */
  readonly size: number;
  readonly stride: number;
  readonly padding: Padding;
  readonly outRows: number;
  readonly outCols: number;
  readonly pads: Pads;
}

/** One cell of the window at a position. */
export interface WindowCell {
  /** row and column in the image; outside it (-1, or past the edge) on padding */
  readonly row: number;
  readonly col: number;
  /** true where the window hangs over the padding */
  readonly padding: boolean;
  /** the pixel under the cell; 0 on padding */
  readonly value: number;
  /** the kernel's weight on this cell (convolution only) */
  readonly weight?: number;
  /** value × weight (convolution only) */
  readonly product?: number;
  /** the pixel pooling keeps from this window (pooling only) */
  readonly winner?: boolean;
}

export interface WindowAt {
  /** 0-based index into the output, row-major */
  readonly index: number;
  readonly outRow: number;
  readonly outCol: number;
  /** the window's top-left cell in image coordinates (negative over top or left padding) */
  readonly row: number;
  readonly col: number;
  /** size × size cells, row-major */
  readonly cells: readonly WindowCell[];
  /** the output value, as the engine computed it */
  readonly result: number;
}

export interface Slide {
  readonly kind: 'convolution' | 'pooling';
  readonly input: Plane;
  readonly geometry: SlideGeometry;
  /** the engine's output, outRows × outCols */
  readonly output: Plane;
  /** convolution: the kernel's weights, size × size, row-major */
  readonly kernel?: readonly number[];
  /** pooling: which input pixels some window keeps (1) and which none does (0), from the engine's gradient routing */
  readonly winners?: Float32Array;
}

/**
 * The geometry of a size × size window with this stride and padding over the plane,
 * from the engine: what TensorFlow does with 'same' and an odd amount of padding (the
 * extra row or column goes after: bottom, right) is what is drawn.
 */
export function slideGeometry(rows: number, cols: number, size: number, stride: number, padding: Padding): SlideGeometry {
  const g = windowGeometry(rows, cols, size, size, [stride, stride], padding);
  // the padding after is whatever the last window needs beyond the image, never negative
  const after = (out: number, before: number, n: number) => Math.max(0, (out - 1) * stride + size - before - n);
  return {
    size,
    stride,
    padding,
    outRows: g.outH,
    outCols: g.outW,
    pads: { top: g.padTop, left: g.padLeft, bottom: after(g.outH, g.padTop, rows), right: after(g.outW, g.padLeft, cols) }
  };
}

const asImage = (plane: Plane): Tensor => ({ data: plane.values, shape: [1, plane.rows, plane.cols, 1] });
const asPlane = (t: Tensor): Plane => ({ rows: t.shape[1], cols: t.shape[2], values: t.data });

/** A size × size kernel slid over the plane: the feature map comes from ops.conv2d. */
export async function convolutionSlide(input: Plane, kernel: readonly number[], stride: number, padding: Padding): Promise<Slide> {
  const size = Math.round(Math.sqrt(kernel.length));
  if (size * size !== kernel.length) throw new Error(`convolutionSlide: ${kernel.length} weights do not make a square kernel`);
  const weights: Tensor = { data: Float32Array.from(kernel), shape: [size, size, 1, 1] };
  const output = await conv2d(asImage(input), weights, { strides: stride, padding });
  return { kind: 'convolution', input, geometry: slideGeometry(input.rows, input.cols, size, stride, padding), output: asPlane(output), kernel: [...weights.data] };
}

/**
 * Max pooling of the plane: the map from ops.maxPool2d, and each window's winner from
 * the engine's own gradient of it (the gradient of a max flows to the pixel it kept).
 */
export async function poolingSlide(input: Plane, size = 2, stride = size, padding: Padding = 'valid'): Promise<Slide> {
  const args = { poolSize: size, strides: stride, padding };
  const output = await maxPool2d(asImage(input), args);
  const ones: Tensor = { data: new Float32Array(output.data.length).fill(1), shape: output.shape };
  const routed = await maxPool2dBackprop(ones, asImage(input), args);
  return {
    kind: 'pooling',
    input,
    geometry: slideGeometry(input.rows, input.cols, size, stride, padding),
    output: asPlane(output),
    winners: routed.data.map((v) => (v > 0 ? 1 : 0))
  };
}

/** How many positions the window visits. */
export function positionCount(slide: Slide): number {
  return positionsOf(slide.geometry);
}

/** How many positions a window of this geometry visits: one per output pixel. */
export function positionsOf(geometry: SlideGeometry): number {
  return geometry.outRows * geometry.outCols;
}

/**
 * The window at output position `index` (row-major): the cells under it with their
 * products (convolution) or the one pooling keeps. Cells on padding read 0, as the
 * engine's zero padding does.
 */
export function windowAt(slide: Slide, index: number): WindowAt {
  const { size, stride, outCols, pads } = slide.geometry;
  const count = positionCount(slide);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`windowAt: position ${index} is not in 0..${count - 1}`);
  const outRow = Math.floor(index / outCols);
  const outCol = index % outCols;
  const top = outRow * stride - pads.top;
  const left = outCol * stride - pads.left;
  const { rows, cols, values } = slide.input;
  const cells: WindowCell[] = [];
  let best = -1;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const row = top + i;
      const col = left + j;
      const padding = row < 0 || row >= rows || col < 0 || col >= cols;
      const value = padding ? 0 : values[row * cols + col];
      if (slide.kernel) {
        const weight = slide.kernel[i * size + j];
        cells.push({ row, col, padding, value, weight, product: value * weight });
      } else {
        // the engine routes each window's gradient to its first maximum; find that cell
        const winner = !padding && best < 0 && slide.winners !== undefined && value === slide.output.values[index] && slide.winners[row * cols + col] > 0;
        if (winner) best = cells.length;
        cells.push({ row, col, padding, value, winner });
      }
    }
  }
  return { index, outRow, outCol, row: top, col: left, cells, result: slide.output.values[index] };
}

/** The sum of a convolution window's products, in the kernel's own order. */
export function productSum(at: WindowAt): number {
  return at.cells.reduce((sum, cell) => sum + (cell.product ?? 0), 0);
}
