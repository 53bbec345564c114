/**
 * What WeightSpaceScene draws, as plain data, with the geometry and the words it uses:
 * a perceptron's (w1, w2, b) after each update, drawn as a path. w1 runs right, w2 up,
 * and the bias b goes into the depth, along a diagonal at half scale (a cabinet
 * projection), with a dashed drop to the b = 0 plane so a point's bias can be read off.
 * Pure functions: no Pixi, safe in tests, stories and the page's text alternative.
 */

/** One weight vector on the path. */
export interface WeightPoint {
  readonly w1: number;
  readonly w2: number;
  readonly b: number;
  /** the epoch whose update produced it; 0 for the starting weights */
  readonly epoch: number;
}

export interface WeightSpaceView {
  /** the weights before training, then after every update, in order */
  readonly points: readonly WeightPoint[];
  /** the points in the most recent finished epoch of a loop, inclusive indices into `points`, or null */
  readonly cycle: { readonly from: number; readonly to: number; readonly epochs: number } | null;
  /** an extra marked vector, e.g. the pocket's best weights */
  readonly marker?: (WeightPoint & { readonly label: string }) | null;
  /** the path's points before this index are drawn faded: it keeps long runs readable */
  readonly fadeBefore?: number;
}

/** Half-widths of the box the axes span, whole numbers so grid lines fall on integers. */
export interface WeightExtent {
  readonly w1: number;
  readonly w2: number;
  readonly b: number;
}

/** Direction and length of the bias axis on screen, relative to one unit of w1. */
export const DEPTH = { x: Math.cos(Math.PI / 4) * 0.5, y: Math.sin(Math.PI / 4) * 0.5 };

/** The smallest whole-number box holding every point (and the marker), at least ±1 on each axis. */
export function extentOf(view: WeightSpaceView, minimum = 1): WeightExtent {
  let w1 = minimum;
  let w2 = minimum;
  let b = minimum;
  const all = view.marker ? [...view.points, view.marker] : view.points;
  for (const p of all) {
    w1 = Math.max(w1, Math.ceil(Math.abs(p.w1)));
    w2 = Math.max(w2, Math.ceil(Math.abs(p.w2)));
    b = Math.max(b, Math.ceil(Math.abs(p.b)));
  }
  return { w1, w2, b };
}

export interface Projection {
  /** pixels per unit of w1 and w2 */
  readonly scale: number;
  /** screen position of the origin */
  readonly ox: number;
  readonly oy: number;
}

/**
 * Fits the box (with its depth) into width × height, leaving `margin` pixels for labels.
 * The b axis shears every point by (DEPTH.x, −DEPTH.y) · b · scale.
 */
export function fitProjection(extent: WeightExtent, width: number, height: number, margin = 36): Projection {
  const spanX = 2 * extent.w1 + 2 * extent.b * DEPTH.x;
  const spanY = 2 * extent.w2 + 2 * extent.b * DEPTH.y;
  const scale = Math.max(1, Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY));
  return { scale, ox: width / 2, oy: height / 2 };
}

export function project(p: { w1: number; w2: number; b: number }, at: Projection): { x: number; y: number } {
  return {
    x: at.ox + (p.w1 + p.b * DEPTH.x) * at.scale,
    y: at.oy - (p.w2 + p.b * DEPTH.y) * at.scale
  };
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2)).replace('-', '−');

/** "w1 = −1, w2 = 0, b = 1" */
export function formatWeights(p: { w1: number; w2: number; b: number }): string {
  return `w1 = ${fmt(p.w1)}, w2 = ${fmt(p.w2)}, b = ${fmt(p.b)}`;
}

/** The text alternative: where the path is, how long it is, and the loop when there is one. */
export function describeWeightSpace(view: WeightSpaceView): string {
  const n = view.points.length;
  if (n === 0) return 'Weight space: no weights yet.';
  const last = view.points[n - 1];
  const updates = n - 1;
  let text = `Weight space (w1 across, w2 up, bias b in depth). ${updates === 0 ? 'Before training' : `After ${updates} ${updates === 1 ? 'update' : 'updates'}`} the weights are ${formatWeights(last)}.`;
  if (view.cycle) {
    const { from, to, epochs } = view.cycle;
    const corners = view.points.slice(from, to + 1).map((p) => `(${fmt(p.w1)}, ${fmt(p.w2)}, ${fmt(p.b)})`);
    text += ` The path has closed a loop: ${to - from} ${to - from === 1 ? 'update' : 'updates'} over ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} lead back to the same weights, through ${corners.join(' → ')}, and repeat forever.`;
  }
  if (view.marker) text += ` ${view.marker.label}: ${formatWeights(view.marker)}.`;
  return text;
}
