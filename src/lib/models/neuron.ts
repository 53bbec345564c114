/**
 * The McCulloch–Pitts unit (1943): the first rung of the ladder.
 *
 * Inputs and output are binary. Each connection into the unit is either excitatory
 * or inhibitory. The unit fires (outputs 1) iff no inhibitory input is active
 * (inhibition is absolute, as in the 1943 paper) and the number of active
 * excitatory inputs reaches the threshold θ. There are no weights and no learning:
 * a unit is wired, not trained.
 *
 * Plain data and free functions, so the same code drives the panels, the scenes'
 * text alternatives and the tests.
 */

export type Bit = 0 | 1;
export type ConnectionKind = 'excitatory' | 'inhibitory';

/** One unit: the kind of each incoming connection, in input order, and its threshold θ. */
export interface ThresholdUnit {
  readonly kinds: readonly ConnectionKind[];
  readonly threshold: number;
}

/** What a unit does with one input pattern, step by step, as a learner reads it. */
export interface Activation {
  /** active excitatory inputs */
  readonly sum: number;
  /** some inhibitory input is active, which vetoes firing whatever the sum */
  readonly inhibited: boolean;
  readonly output: Bit;
}

export function thresholdUnit(kinds: readonly ConnectionKind[], threshold: number): ThresholdUnit {
  if (!Number.isInteger(threshold)) throw new RangeError(`threshold must be an integer, got ${threshold}`);
  return { kinds: [...kinds], threshold };
}

/** Runs the unit on one input pattern. */
export function activate(unit: ThresholdUnit, inputs: readonly Bit[]): Activation {
  if (inputs.length !== unit.kinds.length) {
    throw new RangeError(`unit has ${unit.kinds.length} inputs, got ${inputs.length}`);
  }
  let sum = 0;
  let inhibited = false;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i] !== 1) continue;
    if (unit.kinds[i] === 'inhibitory') inhibited = true;
    else sum++;
  }
  return { sum, inhibited, output: !inhibited && sum >= unit.threshold ? 1 : 0 };
}

/** The unit's output for one input pattern. */
export function fire(unit: ThresholdUnit, inputs: readonly Bit[]): Bit {
  return activate(unit, inputs).output;
}

/**
 * Every input pattern of `arity` inputs, in truth-table order: the first input is the
 * most significant bit, so for A, B the rows are 00, 01, 10, 11.
 */
export function inputRows(arity: number): Bit[][] {
  const rows: Bit[][] = [];
  for (let r = 0; r < 1 << arity; r++) rows.push(rowInputs(r, arity));
  return rows;
}

/** The input pattern of truth-table row `row`. */
export function rowInputs(row: number, arity: number): Bit[] {
  const bits: Bit[] = [];
  for (let i = arity - 1; i >= 0; i--) bits.push(((row >> i) & 1) as Bit);
  return bits;
}

/** The truth-table row of an input pattern (inverse of rowInputs). */
export function rowIndex(inputs: readonly Bit[]): number {
  return inputs.reduce<number>((row, bit) => (row << 1) | bit, 0);
}

/** The unit's output column: entry r is its output on row r of inputRows(arity). */
export function truthTable(unit: ThresholdUnit): Bit[] {
  return inputRows(unit.kinds.length).map((inputs) => fire(unit, inputs));
}

/** Rows (indices) where `outputs` disagrees with `target`: empty when the unit computes it. */
export function compare(outputs: readonly Bit[] | ThresholdUnit, target: readonly Bit[]): number[] {
  const column = isUnit(outputs) ? truthTable(outputs) : outputs;
  if (column.length !== target.length) {
    throw new RangeError(`tables differ in length: ${column.length} vs ${target.length}`);
  }
  const wrong: number[] = [];
  for (let r = 0; r < target.length; r++) if (column[r] !== target[r]) wrong.push(r);
  return wrong;
}

function isUnit(x: readonly Bit[] | ThresholdUnit): x is ThresholdUnit {
  return !Array.isArray(x);
}

export type GateName = 'identity' | 'and' | 'or' | 'not' | 'twoOfThree' | 'xor';

/**
 * Target functions, defined as plain Boolean logic rather than as units, so that a
 * unit can be checked against them (and the tests do not grade units with units).
 */
export const gateFunctions: Record<GateName, { readonly arity: number; readonly symbol: string; readonly fn: (x: readonly Bit[]) => boolean }> = {
  identity: { arity: 1, symbol: 'C = A', fn: ([a]) => a === 1 },
  and: { arity: 2, symbol: 'C = A ∧ B', fn: ([a, b]) => a === 1 && b === 1 },
  or: { arity: 2, symbol: 'C = A ∨ B', fn: ([a, b]) => a === 1 || b === 1 },
  not: { arity: 1, symbol: 'C = ¬A', fn: ([a]) => a === 0 },
  twoOfThree: { arity: 3, symbol: 'D = 1 iff 2+ of A, B, C', fn: (x) => x.filter((b) => b === 1).length >= 2 },
  xor: { arity: 2, symbol: 'C = A ⊕ B', fn: ([a, b]) => a !== b }
};

/** The truth-table column of a named gate. */
export function gateTable(name: GateName): Bit[] {
  const { arity, fn } = gateFunctions[name];
  return inputRows(arity).map((x) => (fn(x) ? 1 : 0));
}

/** One McCulloch–Pitts unit for each gate a single unit can compute (XOR is not among them). */
export const gates = {
  identity: thresholdUnit(['excitatory'], 1),
  and: thresholdUnit(['excitatory', 'excitatory'], 2),
  or: thresholdUnit(['excitatory', 'excitatory'], 1),
  /** inhibition does the negating: the unit fires on nothing (θ = 0) unless A vetoes it */
  not: thresholdUnit(['inhibitory'], 0),
  twoOfThree: thresholdUnit(['excitatory', 'excitatory', 'excitatory'], 2)
} as const satisfies Record<Exclude<GateName, 'xor'>, ThresholdUnit>;

/**
 * A feed-forward circuit of units. Layer 0 reads the circuit's inputs; each later
 * layer reads the outputs of the layer before it. The last layer's outputs are the
 * circuit's outputs.
 */
export interface Circuit {
  readonly inputs: number;
  readonly layers: readonly (readonly ThresholdUnit[])[];
}

export interface CircuitActivation {
  /** per layer, per unit */
  readonly layers: readonly (readonly Activation[])[];
  /** the last layer's outputs */
  readonly outputs: readonly Bit[];
}

export function evaluateCircuit(circuit: Circuit, inputs: readonly Bit[]): CircuitActivation {
  if (inputs.length !== circuit.inputs) {
    throw new RangeError(`circuit has ${circuit.inputs} inputs, got ${inputs.length}`);
  }
  const layers: Activation[][] = [];
  let signal: readonly Bit[] = inputs;
  for (const layer of circuit.layers) {
    const acts = layer.map((unit) => activate(unit, signal));
    layers.push(acts);
    signal = acts.map((a) => a.output);
  }
  return { layers, outputs: signal };
}

/** Output column of a single-output circuit, in truth-table order. */
export function circuitTruthTable(circuit: Circuit): Bit[] {
  return inputRows(circuit.inputs).map((x) => evaluateCircuit(circuit, x).outputs[0]);
}

/**
 * XOR from three units: A AND NOT B, B AND NOT A, then OR of the two. Each hidden unit
 * uses an inhibitory connection to veto one input, which a single unit cannot do for
 * both rows at once.
 */
export const xorCircuit: Circuit = {
  inputs: 2,
  layers: [
    [thresholdUnit(['excitatory', 'inhibitory'], 1), thresholdUnit(['inhibitory', 'excitatory'], 1)],
    [thresholdUnit(['excitatory', 'excitatory'], 1)]
  ]
};

export interface SingleUnitSearch {
  /** every unit examined, with the rows it gets wrong */
  readonly examined: readonly { readonly unit: ThresholdUnit; readonly wrong: readonly number[] }[];
  /** the units that compute the target exactly (none, for XOR) */
  readonly solutions: readonly ThresholdUnit[];
  /** fewest wrong rows of any unit examined */
  readonly fewestWrong: number;
}

/**
 * Tries every single unit of the target's arity: each connection excitatory or
 * inhibitory, and every threshold from 0 to arity + 1. That covers all behaviours a
 * unit can have, since a threshold below 0 acts as 0 (the sum is never negative) and
 * one above the number of inputs acts as arity + 1 (never fires).
 */
export function searchSingleUnit(target: readonly Bit[]): SingleUnitSearch {
  const arity = Math.log2(target.length);
  if (!Number.isInteger(arity)) throw new RangeError(`a truth table has 2^n rows, got ${target.length}`);
  const examined: { unit: ThresholdUnit; wrong: number[] }[] = [];
  for (let mask = 0; mask < 1 << arity; mask++) {
    const kinds = rowInputs(mask, arity).map((b): ConnectionKind => (b === 1 ? 'inhibitory' : 'excitatory'));
    for (let threshold = 0; threshold <= arity + 1; threshold++) {
      const unit = thresholdUnit(kinds, threshold);
      examined.push({ unit, wrong: compare(unit, target) });
    }
  }
  return {
    examined,
    solutions: examined.filter((e) => e.wrong.length === 0).map((e) => e.unit),
    fewestWrong: Math.min(...examined.map((e) => e.wrong.length))
  };
}
