/**
 * Where a label goes among a few spots it could take: pure, so a layout can be checked
 * for overlaps without drawing it. A scene lists the spots in the order it prefers them
 * and what is already there (other words, handles, rings, data points); the first spot
 * that covers nothing wins, else the one that covers least.
 */
import { segmentInBox, type Point } from '$lib/geometry';

/** An axis-aligned box on the stage, in pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The box of a label of size w × h whose anchor (ax, ay in [0, 1]) sits at (x, y). */
export function anchored(x: number, y: number, w: number, h: number, ax = 0.5, ay = 0.5): Rect {
  return { x: x - ax * w, y: y - ay * h, width: w, height: h };
}

/** A square box of half-side r around a point: a marker, a handle, a ring. */
export function around(x: number, y: number, r: number): Rect {
  return { x: x - r, y: y - r, width: 2 * r, height: 2 * r };
}

/** The area two boxes share (0 when apart or only touching). */
export function overlapArea(a: Rect, b: Rect): number {
  const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return across > 0 && down > 0 ? across * down : 0;
}

/** How much of `a` lies outside `inside`. */
export function overhang(a: Rect, inside: Rect): number {
  return a.width * a.height - overlapArea(a, inside);
}

export interface SpotRules {
  /** the box every label must stay within (the plot, the stage) */
  readonly inside: Rect;
  /** what a label must not cover: other labels, handles, rings */
  readonly taken: readonly Rect[];
  /** what it had better not cover, when it can help it: data points */
  readonly crowd?: readonly Rect[];
  /** lines a word must not sit across (a decision line, the border of the region it names), in stage pixels */
  readonly lines?: readonly (readonly [Point, Point])[];
}

/** Roughly the area a drawn line takes inside a box: its length there times a line's width. */
const LINE_WIDTH = 3;

/** How much of the segment from p to q lies inside the box r, in pixels. */
export function lengthInside(p: Point, q: Point, r: Rect): number {
  const piece = segmentInBox(p, q, { xMin: r.x, xMax: r.x + r.width, yMin: r.y, yMax: r.y + r.height });
  return piece ? Math.hypot(piece[1].x - piece[0].x, piece[1].y - piece[0].y) : 0;
}

/**
 * The candidate to use: leaving `inside` costs most, covering something taken or lying
 * across a line next, covering the crowd least; among equals the earlier candidate wins. Returns its index.
 */
export function pickSpot(candidates: readonly Rect[], rules: SpotRules): number {
  let best = 0;
  let bestCost = Infinity;
  candidates.forEach((c, i) => {
    let cost = 1e6 * overhang(c, rules.inside);
    for (const t of rules.taken) cost += 1e3 * overlapArea(c, t);
    for (const [p, q] of rules.lines ?? []) cost += 1e3 * LINE_WIDTH * lengthInside(p, q, c);
    for (const p of rules.crowd ?? []) cost += overlapArea(c, p);
    if (cost < bestCost - 1e-9) {
      bestCost = cost;
      best = i;
    }
  });
  return best;
}
