/**
 * Plane geometry every floor needs and none owns: a point, a box, a line clipped to a
 * box, the cell centres of a grid over a box. A leaf like random.ts: the models draw
 * their decision lines with it, the scenes draw the same lines, the sim lays its
 * prediction grids out with it, so a line or a grid is computed one way everywhere.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box in the plane, e.g. the plotted range of two features. */
export interface Box {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * The part of the segment from p to q inside the box (Liang–Barsky), or null when it
 * misses the box: an arrow between two points keeps to the plot.
 */
export function segmentInBox(p: Point, q: Point, box: Box): [Point, Point] | null {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, p.x - box.xMin],
    [dx, box.xMax - p.x],
    [-dy, p.y - box.yMin],
    [dy, box.yMax - p.y]
  ];
  for (const [towards, room] of edges) {
    if (towards === 0) {
      if (room < 0) return null;
      continue;
    }
    const t = room / towards;
    if (towards < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [
    { x: p.x + dx * t0, y: p.y + dy * t0 },
    { x: p.x + dx * t1, y: p.y + dy * t1 }
  ];
}

/**
 * The line a·x + b·y + c = 0 clipped to the box: its two ends on the box's edges, or
 * null when there is no line (a = b = 0), it misses the box, or it only touches a corner
 * (nothing of it lies inside). Ends within a billionth of the box's size of an edge or
 * of each other count as on it or as one: a line through a corner then meets two edges
 * there and keeps one end, and rounding never loses an end just outside.
 */
export function lineInBox(a: number, b: number, c: number, box: Box): [Point, Point] | null {
  if (a === 0 && b === 0) return null;
  const { xMin, xMax, yMin, yMax } = box;
  const eps = 1e-9 * (Math.abs(xMax - xMin) + Math.abs(yMax - yMin));
  const ends: Point[] = [];
  const add = (p: Point) => {
    if (p.x < xMin - eps || p.x > xMax + eps || p.y < yMin - eps || p.y > yMax + eps) return;
    if (!ends.some((q) => Math.abs(q.x - p.x) <= eps && Math.abs(q.y - p.y) <= eps)) ends.push(p);
  };
  // Solve for the free coordinate on each edge; the other is pinned to the edge.
  if (b !== 0) {
    add({ x: xMin, y: -(a * xMin + c) / b });
    add({ x: xMax, y: -(a * xMax + c) / b });
  }
  if (a !== 0) {
    add({ x: -(b * yMin + c) / a, y: yMin });
    add({ x: -(b * yMax + c) / a, y: yMax });
  }
  if (ends.length < 2) return null;
  // A line along a box edge meets it at up to four points: keep the farthest pair.
  let best: [Point, Point] = [ends[0], ends[1]];
  let bestDistance = -1;
  for (let i = 0; i < ends.length; i++) {
    for (let j = i + 1; j < ends.length; j++) {
      const d = (ends[i].x - ends[j].x) ** 2 + (ends[i].y - ends[j].y) ** 2;
      if (d > bestDistance) {
        bestDistance = d;
        best = [ends[i], ends[j]];
      }
    }
  }
  return best;
}

/** The x of column `col` and the y of row `row` of a resolution × resolution grid: cell centres, rows from the top (yMax). */
export function cellCentre(box: Box, resolution: number, col: number, row: number): Point {
  return {
    x: box.xMin + ((col + 0.5) / resolution) * (box.xMax - box.xMin),
    y: box.yMax - ((row + 0.5) / resolution) * (box.yMax - box.yMin)
  };
}

/**
 * The cell centres of a resolution × resolution grid over the box, as a [resolution², 2]
 * row-major array of (x, y) ready for model.predict: the first row at the top (yMax), the
 * first column at the left (xMin), the order a heatmap reads its values in.
 */
export function gridPoints(box: Box, resolution: number): Float32Array {
  const out = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      const p = cellCentre(box, resolution, col, row);
      out[(row * resolution + col) * 2] = p.x;
      out[(row * resolution + col) * 2 + 1] = p.y;
    }
  }
  return out;
}

/** The box around the points with a margin (a share of each side's span), so no point sits on the frame. */
export function boxAround(points: readonly Point[], margin = 0.08): Box {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const p of points) {
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    yMin = Math.min(yMin, p.y);
    yMax = Math.max(yMax, p.y);
  }
  const dx = (xMax - xMin || 1) * margin;
  const dy = (yMax - yMin || 1) * margin;
  return { xMin: xMin - dx, xMax: xMax + dx, yMin: yMin - dy, yMax: yMax + dy };
}

/**
 * The margin of the line a·x + b·y + c = 0 over labelled points: the distance from the
 * line to the nearest point, counted negative when that point lies on the wrong side
 * (label 1 belongs where a·x + b·y + c > 0, any other label on the other side). So it
 * is positive only for a line that separates the two labels, and larger for a line
 * further from both; -Infinity without a line (a = b = 0).
 */
export function lineMargin(a: number, b: number, c: number, points: readonly (Point & { readonly label: number })[]): number {
  const norm = Math.hypot(a, b);
  if (norm === 0) return -Infinity;
  let nearest = Infinity;
  for (const p of points) nearest = Math.min(nearest, ((p.label === 1 ? 1 : -1) * (a * p.x + b * p.y + c)) / norm);
  return nearest;
}
