/**
 * The truth tables of chapter 1 (McCulloch & Pitts wire units into these) and of
 * chapter 3 (the perceptron learns AND and OR but never XOR). Inputs are binary,
 * rows in counting order (00, 01, 10, 11), so the table reads as printed in books.
 */
import type { Dataset, DatasetFn, DatasetOptions } from './types';

export const GATES = ['and', 'or', 'nand', 'nor', 'xor', 'not'] as const;
export type Gate = (typeof GATES)[number];

const RULES: Record<Gate, { arity: 1 | 2; symbol: string; out: (a: number, b: number) => boolean }> = {
  and: { arity: 2, symbol: 'A ∧ B', out: (a, b) => a === 1 && b === 1 },
  or: { arity: 2, symbol: 'A ∨ B', out: (a, b) => a === 1 || b === 1 },
  nand: { arity: 2, symbol: '¬(A ∧ B)', out: (a, b) => !(a === 1 && b === 1) },
  nor: { arity: 2, symbol: '¬(A ∨ B)', out: (a, b) => !(a === 1 || b === 1) },
  xor: { arity: 2, symbol: 'A ⊕ B', out: (a, b) => a !== b },
  not: { arity: 1, symbol: '¬A', out: (a) => a === 0 }
};

export interface TruthTableRow {
  readonly inputs: readonly number[];
  readonly output: 0 | 1;
}

/** The plain form chapter 1 shows: input names, the formula and the rows. */
export interface TruthTable {
  readonly gate: Gate;
  readonly inputNames: readonly string[];
  readonly outputName: string;
  /** e.g. 'A ∧ B' */
  readonly formula: string;
  readonly rows: readonly TruthTableRow[];
}

export function truthTable(gate: Gate): TruthTable {
  const rule = RULES[gate];
  if (!rule) throw new RangeError(`unknown gate '${gate}', expected one of ${GATES.join(', ')}`);
  const inputNames = rule.arity === 1 ? ['A'] : ['A', 'B'];
  const rows: TruthTableRow[] = [];
  for (let i = 0; i < 1 << rule.arity; i++) {
    // counting order: the first input is the most significant bit
    const inputs = rule.arity === 1 ? [i] : [i >> 1, i & 1];
    rows.push({ inputs, output: rule.out(inputs[0], inputs[1] ?? 0) ? 1 : 0 });
  }
  return { gate, inputNames, outputName: 'C', formula: rule.symbol, rows };
}

/**
 * A gate's truth table as a Dataset (label = output). The seed is accepted for the
 * common signature but unused: a truth table has one order, and the training
 * loop shuffles with its own seed when it wants to.
 */
export function logicGate(gate: Gate, options?: DatasetOptions): Dataset {
  void options;
  const table = truthTable(gate);
  const d = table.inputNames.length;
  const x = new Float32Array(table.rows.length * d);
  const labels = new Int32Array(table.rows.length);
  table.rows.forEach((row, i) => {
    x.set(row.inputs, i * d);
    labels[i] = row.output;
  });
  return {
    name: `logic-${gate}`,
    n: labels.length,
    x,
    sampleShape: [d],
    labels,
    featureNames: table.inputNames,
    classNames: ['0', '1'],
    notes: [`${gate.toUpperCase()}: C = ${table.formula}`]
  };
}

/** The same as a DatasetFn, for the registry. */
export function logicGateFn(gate: Gate): DatasetFn {
  return (options) => logicGate(gate, options);
}
