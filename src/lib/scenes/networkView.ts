/**
 * What NetworkScene draws, as plain data, with the geometry and the words derived from
 * it. No Pixi here: panels, tests and the text alternative use these functions, and the
 * scene draws exactly what they compute.
 *
 * A layered, fully connected network: layer 0 is the input, every later layer reads
 * every unit of the one before. Weights use Keras's kernel layout, so a Dense layer's
 * getWeights() can be handed over as it is: weights[l][i][j] joins unit i of layer l to
 * unit j of layer l + 1.
 */
import type { Point } from '$lib/geometry';

export interface NetworkView {
  /** units per layer, inputs first, e.g. [2, 2, 1] */
  readonly layers: readonly number[];
  /** weights[l][i][j]: from unit i of layer l to unit j of layer l + 1 */
  readonly weights: readonly (readonly (readonly number[])[])[];
  /** biases[l][j]: of unit j of layer l + 1; drawn beside the unit when given */
  readonly biases?: readonly (readonly number[])[];
  /** activations[l][i]: the value of unit i of layer l (inputs included) for the current sample */
  readonly activations?: readonly (readonly number[])[];
  /** deltas[l][j]: ∂L/∂z of unit j of layer l + 1 (the backward pass), for the current sample */
  readonly deltas?: readonly (readonly number[])[];
  /** names per layer, e.g. [['x₁', 'x₂'], ['h₁', 'h₂'], ['ŷ']]; defaults are made from the shape */
  readonly names?: readonly (readonly string[])[];
  /**
   * A small picture inside each unit: its output over the 2D input plane, row-major,
   * `heatmaps.resolution`² values in [0, 1], the first row at the top (largest x₂).
   * units[l][i] for layer l (inputs included); a missing entry draws a plain unit.
   */
  readonly heatmaps?: { readonly resolution: number; readonly units: readonly (readonly (ArrayLike<number> | null)[])[] };
  /** the edge or unit the learner picked: drawn with a ring */
  readonly selected?: NetworkTarget | null;
  /**
   * Bump `id` to play a pass: the forward pass carries activations along the edges layer
   * by layer, the backward pass carries δ back. The same id again does not replay.
   */
  readonly play?: { readonly id: number; readonly passes: NetworkPasses } | null;
}

export type NetworkPasses = 'forward' | 'backward' | 'both';

/** An edge: from unit `from` of layer `layer` to unit `to` of layer `layer + 1`. */
export interface EdgeRef {
  readonly kind: 'edge';
  readonly layer: number;
  readonly from: number;
  readonly to: number;
}

/** A unit: unit `unit` of layer `layer` (0 = inputs). */
export interface NodeRef {
  readonly kind: 'node';
  readonly layer: number;
  readonly unit: number;
}

export type NetworkTarget = EdgeRef | NodeRef;

export interface NetworkCallbacks {
  /** the learner clicked (or tapped) an edge */
  onedge?(edge: EdgeRef): void;
  /** the learner clicked (or tapped) a unit */
  onnode?(node: NodeRef): void;
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

export function subscript(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUBSCRIPTS[Number(d)] ?? d)
    .join('');
}

/** Unit names: x₁… for inputs, ŷ (or ŷ₁…) for the output, h₁… (h¹₁… when several) for hidden layers. */
export function unitNames(view: Pick<NetworkView, 'layers' | 'names'>): string[][] {
  const last = view.layers.length - 1;
  const hiddenLayers = Math.max(0, last - 1);
  return view.layers.map((n, l) => {
    const given = view.names?.[l];
    return Array.from({ length: n }, (_, i) => {
      if (given?.[i]) return given[i];
      if (l === 0) return `x${subscript(i + 1)}`;
      if (l === last) return n === 1 ? 'ŷ' : `ŷ${subscript(i + 1)}`;
      return hiddenLayers === 1 ? `h${subscript(i + 1)}` : `h${subscript(l)},${subscript(i + 1)}`;
    });
  });
}

/** Checks that the weights (and the other per-unit arrays) fit the layer sizes; names the first mismatch. */
export function checkNetworkView(view: NetworkView): void {
  const { layers } = view;
  if (layers.length < 2 || !layers.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`NetworkView: layers must be two or more positive integers, got [${layers.join(', ')}]`);
  }
  if (view.weights.length !== layers.length - 1) throw new Error(`NetworkView: ${layers.length - 1} weight matrices expected, got ${view.weights.length}`);
  view.weights.forEach((w, l) => {
    if (w.length !== layers[l] || w.some((row) => row.length !== layers[l + 1])) {
      throw new Error(`NetworkView: weights[${l}] must be ${layers[l]}×${layers[l + 1]}`);
    }
  });
  const perUnit = (name: string, values: readonly (readonly number[])[] | undefined, offset: number) => {
    values?.forEach((v, l) => {
      if (v.length !== layers[l + offset]) throw new Error(`NetworkView: ${name}[${l}] must hold ${layers[l + offset]} values, got ${v.length}`);
    });
  };
  perUnit('activations', view.activations, 0);
  perUnit('biases', view.biases, 1);
  perUnit('deltas', view.deltas, 1);
}

export type { Point };

export interface NetworkLayout {
  /** centre of every unit, per layer */
  readonly centres: readonly (readonly Point[])[];
  readonly radius: number;
}

/**
 * Where each unit goes in a width × height stage: layers in evenly spaced columns, units
 * centred in each column, the radius as large as the densest column allows (room is
 * left around each unit for its name, bias and δ). `inputNameWidth` is the widest input
 * name, written left of the first column: the column moves right until it fits.
 */
export function layoutNetwork(layers: readonly number[], width: number, height: number, withHeatmaps = false, inputNameWidth = 0): NetworkLayout {
  const columns = layers.length;
  const densest = Math.max(...layers);
  const marginX = Math.max(48, width * 0.1);
  // a crowded column takes some of the margin, never more than half a unit's band is left each side
  const marginY = Math.min(Math.max(34, height * 0.1), height / (4 * densest + 2));
  const rowGap = (height - 2 * marginY) / Math.max(1, densest);
  const cap = withHeatmaps ? 48 : 40;
  // at least 14 px to stay legible, unless the column is too crowded for that: never overlap
  // and small enough that one line of words (14 px and its gaps) fits between a unit and the next
  const roomy = withHeatmaps ? (rowGap - 21) / 1.7 : (rowGap - 17) / 2;
  const radiusFor = (columnGap: number) => Math.min(rowGap * 0.45, roomy, Math.max(14, Math.min(cap, rowGap * 0.3, columnGap * 0.18)));
  const gapFor = (left: number) => (columns > 1 ? (width - left - marginX) / (columns - 1) : 0);
  const left = Math.max(marginX, radiusFor(gapFor(marginX)) + 8 + inputNameWidth + 4);
  const columnGap = gapFor(left);
  const radius = radiusFor(columnGap);
  const centres = layers.map((n, l) => {
    const x = columns > 1 ? left + l * columnGap : width / 2;
    const span = rowGap * n;
    const top = (height - span) / 2 + rowGap / 2;
    return Array.from({ length: n }, (_, i) => ({ x, y: top + i * rowGap }));
  });
  return { centres, radius };
}

/** Where one word of a unit goes: an offset from the unit's centre, and the side of the word that sits there (0 left, 0.5 middle, 1 right). */
export interface LabelSpot {
  readonly x: number;
  readonly y: number;
  readonly anchorX: number;
}

/** Where a unit's value, name, bias and δ are written. */
export interface UnitLabelSpots {
  readonly value: LabelSpot;
  readonly name: LabelSpot;
  /** null where there is no room for it: a crowded column on a narrow stage shows names only */
  readonly bias: LabelSpot | null;
  readonly delta: LabelSpot;
}

/**
 * Where the words of every unit go, pure so it can be checked for overlaps: input names
 * left of the inputs (nothing enters them from there); for the other units the δ above,
 * the value inside (below a heatmap tile), the name and bias below, clear of the edges.
 * Where a column is too crowded for the name and the bias on two lines, they share one,
 * the name left of the middle and the bias right of it, if that line (`inlineWidth`, the
 * widest name and bias with their gap) fits between two columns; else the bias is left out.
 * `line` is the height of a line, `valueLine` that of a value written under its unit (0 for none).
 */
export function unitLabelSpots(layers: readonly number[], layout: NetworkLayout, withHeatmaps: boolean, line: number, valueLine: number, inlineWidth = 0): UnitLabelSpots[][] {
  const xs = layout.centres.map((column) => column[0]?.x ?? 0);
  const columnGap = xs.length > 1 ? Math.min(...xs.slice(1).map((x, l) => x - xs[l])) : Infinity;
  const r = layout.radius;
  // half the body: the disc, or the heatmap tile and its frame
  const half = withHeatmaps ? r * 0.85 + 2 : r;
  return layers.map((n, l) => {
    const column = layout.centres[l];
    let rowGap = Infinity;
    for (let i = 1; i < column.length; i++) rowGap = Math.min(rowGap, column[i].y - column[i - 1].y);
    const value = { x: 0, y: withHeatmaps ? half + 1 + valueLine / 2 : 0, anchorX: 0.5 };
    const below = half + 3 + (withHeatmaps ? valueLine : 0);
    const delta = { x: 0, y: -(half + 2 + line / 2), anchorX: 0.5 };
    if (l === 0) {
      const name = { x: -(r + 8), y: 0, anchorX: 1 };
      return Array.from({ length: n }, () => ({ value, name, bias: name, delta }));
    }
    // two lines below, unless they would reach the next unit (or the δ above it)
    const twoLines = below + 2 * line <= rowGap - half - line;
    const spots: UnitLabelSpots = twoLines
      ? { value, delta, name: { x: 0, y: below + line / 2, anchorX: 0.5 }, bias: { x: 0, y: below + line * 1.5, anchorX: 0.5 } }
      : inlineWidth <= columnGap - 4
        ? { value, delta, name: { x: -3, y: below + line / 2, anchorX: 1 }, bias: { x: 3, y: below + line / 2, anchorX: 0 } }
        : { value, delta, name: { x: 0, y: below + line / 2, anchorX: 0.5 }, bias: null };
    return Array.from({ length: n }, () => spots);
  });
}

/** The largest |weight|, so edge thickness reads the same across one view (at least 1e-9). */
export function maxAbsWeight(weights: NetworkView['weights']): number {
  let max = 1e-9;
  for (const w of weights) for (const row of w) for (const v of row) max = Math.max(max, Math.abs(v));
  return max;
}

/** Edge stroke width for a weight: 1 px for zero up to `widest` for the largest magnitude. */
export function edgeWidth(weight: number, maxAbs: number, widest = 9): number {
  return 1 + (widest - 1) * Math.min(1, Math.abs(weight) / maxAbs);
}

/** A number as the scene and the text alternative write it: three decimals, a real minus sign. */
export function formatValue(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return (Number(s) === 0 ? (0).toFixed(digits) : s).replace('-', '−');
}

function signed(v: number): string {
  const s = formatValue(v, 2);
  return v >= 0 && !s.startsWith('−') ? `+${s}` : s;
}

/**
 * The text alternative: the shape, the current values layer by layer, every weight
 * with its sign in words, and what is selected.
 */
export function describeNetwork(view: NetworkView): string {
  const names = unitNames(view);
  const parts = [`Network ${view.layers.join('-')}.`];
  const values = view.activations;
  names.forEach((layer, l) => {
    const title = l === 0 ? 'Inputs' : l === names.length - 1 ? 'Output' : 'Hidden';
    const units = layer.map((name, i) => {
      let s = values?.[l] ? `${name} = ${formatValue(values[l][i])}` : name;
      const delta = l > 0 ? view.deltas?.[l - 1]?.[i] : undefined;
      if (delta !== undefined) s += ` (δ ${formatValue(delta, 4)})`;
      return s;
    });
    parts.push(`${title}: ${units.join(', ')}.`);
  });
  const edges: string[] = [];
  view.weights.forEach((w, l) =>
    w.forEach((row, i) => row.forEach((v, j) => edges.push(`${names[l][i]}→${names[l + 1][j]} ${signed(v)}${v < 0 ? ' (dashed)' : ''}`)))
  );
  parts.push(`Weights: ${edges.join(', ')}.`);
  const s = view.selected;
  if (s?.kind === 'edge') parts.push(`Selected: the weight from ${names[s.layer]?.[s.from]} to ${names[s.layer + 1]?.[s.to]}.`);
  if (s?.kind === 'node') parts.push(`Selected: ${names[s.layer]?.[s.unit]}.`);
  return parts.join(' ');
}
