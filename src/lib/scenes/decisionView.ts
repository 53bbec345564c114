/**
 * What DecisionScene draws, as plain data, and the geometry and words derived from it.
 * No Pixi here: panels, tests and the text alternative use these functions, and the
 * scene draws exactly what they compute.
 *
 * A view holds 2D points by class, the units (LTUs) whose lines cut the plane, how the
 * plane is shaded (one unit's two sides, or the class whose unit scores highest), and
 * optionally a highlighted sample with the update it caused, a guessed line, and which
 * line the learner may drag.
 */
import { lineInBox, type Box, type Point } from '$lib/geometry';
import type { StepName } from '$lib/models/ltu';

export type { Box, Point, StepName };

export interface DecisionPoint {
  readonly x: number;
  readonly y: number;
  /** class index: picks both the colour and the shape */
  readonly label: number;
}

export interface DecisionUnit {
  /** two weights, one per axis */
  readonly weights: readonly [number, number];
  readonly bias: number;
  /** e.g. 'unit' or 'setosa unit'; drawn at the line's end */
  readonly name: string;
  /** class the unit fires for: its line and arrow take this class's colour */
  readonly label: number;
  /** drawn dashed: how two lines for the same class differ without colour */
  readonly dashed?: boolean;
}

/**
 * A model's probability of class 1 over the plane: resolution × resolution values in
 * [0, 1] at the cell centres of the box, top row first (as geometry's gridPoints lists them).
 */
export interface DecisionShade {
  readonly grid: ArrayLike<number>;
  readonly resolution: number;
}

/**
 * 'binary': one unit; its firing side is class 1 (heaviside fires at z = 0, sign does not).
 * 'argmax': one unit per class; each point of the plane goes to the unit with the largest score.
 */
export type RegionRule = 'binary' | 'argmax' | 'none';

export interface DecisionHighlight {
  /** index into `points` */
  readonly index: number;
  /** did the unit get it wrong (and so update)? */
  readonly mistake: boolean;
  /** the words beside the ring; default '✗ mistake' or '✓ right', '' for none */
  readonly caption?: string;
}

/** A unit's weights before the highlighted sample moved them: the scene draws the jump. */
export interface DecisionUpdate {
  readonly unit: number;
  readonly weights: readonly [number, number];
  readonly bias: number;
}

/** Which line the drag handles move: the unit's own (the learner sets the weights) or a guess. */
export type EditTarget = 'unit' | 'guess';

export interface DecisionView {
  readonly box: Box;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly classNames: readonly string[];
  /** noun for one point, e.g. 'flower', 'penguin' */
  readonly noun?: string;
  readonly points: readonly DecisionPoint[];
  readonly units: readonly DecisionUnit[];
  readonly regions: RegionRule;
  /** the step of a 'binary' unit, which decides the side z = 0 falls on */
  readonly step?: StepName;
  readonly highlight?: DecisionHighlight | null;
  readonly update?: DecisionUpdate | null;
  /** the learner's guessed line, drawn dashed */
  readonly guess?: readonly [Point, Point] | null;
  readonly edit?: EditTarget | null;
  /** how long the lines take to glide to a new position; 0 (or reduced motion) jumps */
  readonly transitionMs?: number;
  /**
   * the points (indices into `points`) the model gets wrong by its own output, for the
   * words: the scene shades the plane but never decides a class itself
   */
  readonly wrong?: readonly number[];
  /** a probability drawn under everything in the heatmap palette (heatmapColors), where `regions` would be */
  readonly shade?: DecisionShade | null;
}

export interface DecisionCallbacks {
  /** the learner dragged the editable line so that it runs through p and q (data units) */
  onedit?(target: EditTarget, p: Point, q: Point): void;
  /** the learner tapped point `index` */
  onpick?(index: number): void;
}

/** Shapes by class, so classes differ without colour: circle, square, triangle, diamond. */
export const CLASS_SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export type ClassShape = (typeof CLASS_SHAPES)[number];

export function shapeOf(label: number): ClassShape {
  return CLASS_SHAPES[label % CLASS_SHAPES.length];
}

const shapeWords: Record<ClassShape, string> = { circle: 'circles', square: 'squares', triangle: 'triangles', diamond: 'diamonds' };

/** Keeps the part of a convex polygon where a·x + b·y + c ≥ 0 (Sutherland–Hodgman, one edge). */
export function clipHalfPlane(polygon: readonly Point[], a: number, b: number, c: number): Point[] {
  const out: Point[] = [];
  const side = (p: Point) => a * p.x + b * p.y + c;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % polygon.length];
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp >= 0) !== (sq >= 0)) {
      const t = sp / (sp - sq);
      out.push({ x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t });
    }
  }
  return out;
}

export function boxPolygon(box: Box): Point[] {
  return [
    { x: box.xMin, y: box.yMin },
    { x: box.xMax, y: box.yMin },
    { x: box.xMax, y: box.yMax },
    { x: box.xMin, y: box.yMax }
  ];
}

/** The part of the box each class gets: exact convex polygons, one per class (empty when it gets none). */
export function classRegions(view: Pick<DecisionView, 'units' | 'regions' | 'box' | 'classNames'>): { label: number; polygon: Point[] }[] {
  const box = boxPolygon(view.box);
  if (view.regions === 'none' || view.units.length === 0) return [];
  if (view.regions === 'binary' || view.units.length === 1) {
    const [w0, w1] = view.units[0].weights;
    const b = view.units[0].bias;
    if (w0 === 0 && w1 === 0) return [{ label: b >= 0 ? 1 : 0, polygon: box }];
    return [
      { label: 1, polygon: clipHalfPlane(box, w0, w1, b) },
      { label: 0, polygon: clipHalfPlane(box, -w0, -w1, -b) }
    ];
  }
  return view.units.map((unit, k) => {
    let polygon = box;
    view.units.forEach((other, j) => {
      if (j === k || polygon.length === 0) return;
      const [a, b, c] = [unit.weights[0] - other.weights[0], unit.weights[1] - other.weights[1], unit.bias - other.bias];
      // two units that score alike everywhere: argmax gives the plane to the first, so the later one gets nothing
      if (a === 0 && b === 0 && c === 0) polygon = j < k ? [] : polygon;
      else polygon = clipHalfPlane(polygon, a, b, c);
    });
    return { label: unit.label ?? k, polygon };
  });
}

/** A unit's line w·x + b = 0 clipped to the box, as the models clip it (geometry's lineInBox). */
export function decisionSegment(weights: readonly [number, number], bias: number, box: Box): [Point, Point] | null {
  return lineInBox(weights[0], weights[1], bias, box);
}

/** Area-weighted centre of a polygon, where a region's name is written. */
export function centroid(polygon: readonly Point[]): Point | null {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % polygon.length];
    const cross = p.x * q.y - q.x * p.y;
    area += cross;
    cx += (p.x + q.x) * cross;
    cy += (p.y + q.y) * cross;
  }
  if (Math.abs(area) < 1e-12) return null;
  return { x: cx / (3 * area), y: cy / (3 * area) };
}

/** The foot of the perpendicular from p to the line w·x + b = 0, or null without a line. */
export function footOn(weights: readonly [number, number], bias: number, p: Point): Point | null {
  const [a, b] = weights;
  const norm = a * a + b * b;
  if (norm === 0) return null;
  const t = (a * p.x + b * p.y + bias) / norm;
  return { x: p.x - a * t, y: p.y - b * t };
}

export function formatNumber(value: number, digits = 2): string {
  const fixed = value.toFixed(digits);
  return (Number(fixed) === 0 ? (0).toFixed(digits) : fixed).replace('-', '−');
}

/** "0.50·x + 0.80·y − 2.00 = 0" with the view's axis names. */
export function lineEquation(unit: Pick<DecisionUnit, 'weights' | 'bias'>, x = 'x₁', y = 'x₂'): string {
  const term = (value: number, name: string, first: boolean) => {
    const sign = value < 0 ? '−' : first ? '' : '+';
    const text = `${formatNumber(Math.abs(value))}${name ? `·${name}` : ''}`;
    return first ? `${sign}${text}` : ` ${sign} ${text}`;
  };
  return `${term(unit.weights[0], x, true)}${term(unit.weights[1], y, false)}${term(unit.bias, '', false)} = 0`;
}

/** The text alternative of a view: what a sighted learner reads off the picture. */
export function describeDecision(view: DecisionView): string {
  const noun = view.noun ?? 'point';
  const counts = view.classNames.map((name, k) => {
    const n = view.points.filter((p) => p.label === k).length;
    return `${n} ${name} (${shapeWords[shapeOf(k)]})`;
  });
  const parts = [`Scatter plot of ${view.points.length} ${noun}s, ${view.xLabel} across, ${view.yLabel} up: ${counts.join(', ')}.`];
  if (view.units.length === 1) {
    const unit = view.units[0];
    const line = unit.weights[0] === 0 && unit.weights[1] === 0 ? 'no line yet (both weights are 0)' : `line ${lineEquation(unit)}`;
    parts.push(`The unit draws ${line}; it fires for ${view.classNames[1] ?? 'class 1'}.`);
  } else if (view.units.length > 1) {
    parts.push(`${view.units.length} units, one per class: ${view.units.map((u) => `${u.name}: ${lineEquation(u)}`).join('; ')}.`);
  }
  if (view.wrong && view.units.length > 0 && view.regions !== 'none') {
    const wrong = view.wrong.length;
    parts.push(wrong === 0 ? `Every ${noun} is on its own side.` : `${wrong} ${wrong === 1 ? noun : `${noun}s`} on the wrong side.`);
  }
  const h = view.highlight;
  if (h && view.points[h.index]) {
    const p = view.points[h.index];
    parts.push(
      `Highlighted: ${noun} ${h.index + 1}, a ${view.classNames[p.label]} at (${formatNumber(p.x)}, ${formatNumber(p.y)}), ${h.mistake ? 'a mistake: the line moves' : 'classified right: nothing changes'}.`
    );
  }
  if (view.guess) parts.push('Your guessed line is drawn dashed.');
  return parts.join(' ');
}

/** Round tick values covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => span / s <= count + 1) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}
