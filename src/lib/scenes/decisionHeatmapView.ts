/**
 * What DecisionHeatmapScene draws, as plain data, with the geometry and words derived
 * from it: a model's output over a 2D input plane as a grid of values in [0, 1], the
 * line where it crosses 0.5, and the data points on top. No Pixi here.
 */
import { cellCentre, type Box } from '$lib/geometry';

export interface HeatmapPoint {
  readonly x: number;
  readonly y: number;
  /** class: picks colour and shape (0 blue circle, 1 orange square, 2 green triangle, 3 purple diamond) */
  readonly label: number;
  /** the model's output at this point, for the text alternative */
  readonly output?: number;
}

export interface DecisionHeatmapView {
  /**
   * The output at resolution × resolution cell centres, row-major, the first row at the
   * top (yMax) and the first column at the left (xMin), as geometry's gridPoints lists them.
   */
  readonly grid: ArrayLike<number>;
  readonly resolution: number;
  readonly box: Box;
  readonly points: readonly HeatmapPoint[];
  /** index of the point drawn with a ring: the current sample */
  readonly highlight?: number | null;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** draw the 0.5 contour, the decision boundary; default true */
  readonly boundary?: boolean;
}

export interface DecisionHeatmapCallbacks {
  /** the learner clicked (or tapped) point `index` */
  onpick?(index: number): void;
}

export const HEATMAP_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type HeatmapShape = (typeof HEATMAP_SHAPES)[number];

export function heatmapShape(label: number): HeatmapShape {
  return HEATMAP_SHAPES[((label % 4) + 4) % 4];
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * Where the grid crosses `level`, as line segments in data units (marching squares over
 * the cell centres, crossings placed by linear interpolation). Saddle cells take the
 * reading that keeps the level's two sides apart by the cell's mean.
 */
export function contourSegments(view: Pick<DecisionHeatmapView, 'grid' | 'resolution' | 'box'>, level = 0.5): Segment[] {
  const { grid, resolution: n, box } = view;
  const segments: Segment[] = [];
  const v = (row: number, col: number) => grid[row * n + col];
  for (let row = 0; row < n - 1; row++) {
    for (let col = 0; col < n - 1; col++) {
      // corners clockwise from top-left
      const c = [v(row, col), v(row, col + 1), v(row + 1, col + 1), v(row + 1, col)];
      const p = [cellCentre(box, n, col, row), cellCentre(box, n, col + 1, row), cellCentre(box, n, col + 1, row + 1), cellCentre(box, n, col, row + 1)];
      const crossings: { x: number; y: number }[] = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e];
        const b = c[(e + 1) % 4];
        if (a >= level === b >= level) continue;
        const t = (level - a) / (b - a);
        const q = p[e];
        const r = p[(e + 1) % 4];
        crossings.push({ x: q.x + (r.x - q.x) * t, y: q.y + (r.y - q.y) * t });
      }
      if (crossings.length === 2) {
        segments.push({ x1: crossings[0].x, y1: crossings[0].y, x2: crossings[1].x, y2: crossings[1].y });
      } else if (crossings.length === 4) {
        const centreAbove = (c[0] + c[1] + c[2] + c[3]) / 4 >= level;
        const topLeftAbove = c[0] >= level;
        // edges 0..3 are top, right, bottom, left: join each crossing to the neighbour that isolates the odd corners
        const [top, right, bottom, left] = crossings;
        if (centreAbove === topLeftAbove) {
          segments.push({ x1: top.x, y1: top.y, x2: right.x, y2: right.y }, { x1: bottom.x, y1: bottom.y, x2: left.x, y2: left.y });
        } else {
          segments.push({ x1: left.x, y1: left.y, x2: top.x, y2: top.y }, { x1: right.x, y1: right.y, x2: bottom.x, y2: bottom.y });
        }
      }
    }
  }
  return segments;
}

/** Share of the grid's cells at or above 0.5: how much of the plane the model calls class 1. */
export function shareAbove(grid: ArrayLike<number>, level = 0.5): number {
  if (grid.length === 0) return 0;
  let above = 0;
  for (let i = 0; i < grid.length; i++) if (grid[i] >= level) above++;
  return above / grid.length;
}

const shapeWords: Record<HeatmapShape, string> = { circle: 'circle', square: 'square', triangle: 'triangle', diamond: 'diamond' };

function num(v: number): string {
  return (Math.round(v * 100) / 100).toString().replace('-', '−');
}

/** The text alternative: what share of the plane is called class 1, then every point with its output and verdict. */
export function describeHeatmap(view: DecisionHeatmapView): string {
  const { box } = view;
  const x = view.xLabel ?? 'x₁';
  const y = view.yLabel ?? 'x₂';
  const share = Math.round(shareAbove(view.grid) * 100);
  const parts = [`Model output over ${x} from ${num(box.xMin)} to ${num(box.xMax)} and ${y} from ${num(box.yMin)} to ${num(box.yMax)}: ${share}% of the plane is above 0.5 (class 1, orange), the rest below (class 0, blue).`];
  const points = view.points.map((p, i) => {
    let s = `(${num(p.x)}, ${num(p.y)}) class ${p.label} ${shapeWords[heatmapShape(p.label)]}`;
    if (p.output !== undefined) s += `, output ${p.output.toFixed(2)} ${(p.output >= 0.5 ? 1 : 0) === p.label ? 'right' : 'wrong'}`;
    if (i === view.highlight) s += ' (current)';
    return s;
  });
  if (points.length > 0) parts.push(`Points: ${points.join('; ')}.`);
  return parts.join(' ');
}
