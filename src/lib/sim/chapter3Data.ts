/**
 * The data and the hand-set network chapter 3's panels show, built here so panels
 * reach datasets and models only through sim (the import rule of ARCHITECTURE.md).
 */
import { fitStandardizer, irisPair, type Dataset } from '$lib/datasets/index';
import { logicGate } from '$lib/datasets/logicGates';
import { LTU } from '$lib/models/ltu';

export interface PlanePoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
}

/** The rows of a two-feature dataset as plot points. */
export function planePoints(data: Dataset): PlanePoint[] {
  return Array.from({ length: data.n }, (_, i) => ({ x: data.x[2 * i], y: data.x[2 * i + 1], label: data.labels[i] }));
}

/** The XOR truth table (rows 00, 01, 10, 11), whole numbers: the loop in weight space is exact on it. */
export function xorTable(): Dataset {
  return logicGate('xor');
}

/** The plot box around the truth table's unit square. */
export const XOR_BOX = { xMin: -0.5, xMax: 1.5, yMin: -0.5, yMax: 1.5 } as const;

/** Iris versicolor vs virginica on petal length and width, z-scored on all 100 flowers. */
export function irisThrashData(): Dataset {
  const raw = irisPair({ seed: 0 }, ['versicolor', 'virginica'], ['petal length (cm)', 'petal width (cm)']);
  return fitStandardizer(raw).apply(raw);
}

export interface UnitWeights {
  readonly weights: readonly [number, number];
  readonly bias: number;
}

export interface TwoLayerRow {
  readonly x: readonly [number, number];
  /** the hidden units' outputs */
  readonly h: readonly [number, number];
  /** the output unit's answer */
  readonly c: number;
  /** what XOR wants */
  readonly want: number;
}

/**
 * XOR from two layers of LTUs, weights set by hand: h1 = OR (fires when x1 + x2 ≥ 0.5),
 * h2 = AND (x1 + x2 ≥ 1.5), output fires when h1 − h2 ≥ 0.5. Evaluated with the models' LTU.
 */
export function twoLayerXor(): { hidden: readonly [UnitWeights, UnitWeights]; output: UnitWeights; rows: TwoLayerRow[] } {
  const h1 = new LTU(2, { weights: [1, 1], bias: -0.5 });
  const h2 = new LTU(2, { weights: [1, 1], bias: -1.5 });
  const out = new LTU(2, { weights: [1, -1], bias: -0.5 });
  const data = xorTable();
  const rows = Array.from({ length: data.n }, (_, i): TwoLayerRow => {
    const x: [number, number] = [data.x[2 * i], data.x[2 * i + 1]];
    const h: [number, number] = [h1.predict(x), h2.predict(x)];
    return { x, h, c: out.predict(h), want: data.labels[i] };
  });
  const weightsOf = (u: LTU): UnitWeights => ({ weights: [u.weights[0], u.weights[1]], bias: u.bias });
  return { hidden: [weightsOf(h1), weightsOf(h2)], output: weightsOf(out), rows };
}
