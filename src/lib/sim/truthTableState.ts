/**
 * What a truth-table task knows at any moment, shared by the single-unit and circuit
 * panels: which rows the learner has tried, which row the inputs are on now, and a
 * verdict against the goal that only names rows the learner can see.
 */
import { rowInputs, type Bit } from '$lib/models/neuron';

export interface TruthRow {
  readonly index: number;
  readonly inputs: readonly Bit[];
  /** the goal's output, when there is a goal */
  readonly target?: Bit;
  readonly output: Bit;
  /** the learner has set the inputs to this row at some point */
  readonly tried: boolean;
  /** tried, or revealed because the task is solved */
  readonly shown: boolean;
  readonly current: boolean;
  readonly wrong: boolean;
}

export type Verdict =
  | { readonly status: 'free' }
  | { readonly status: 'solved' }
  /** a row the learner can see is wrong: the current one if it is, else the first */
  | { readonly status: 'wrong'; readonly row: TruthRow }
  /** every row tried so far is right, but some untried row is not */
  | { readonly status: 'unchecked'; readonly untried: number };

export function truthRows(
  arity: number,
  outputs: readonly Bit[],
  target: readonly Bit[] | undefined,
  tried: readonly boolean[],
  current: number
): TruthRow[] {
  const solved = target !== undefined && outputs.every((o, r) => o === target[r]);
  return outputs.map((output, index) => ({
    index,
    inputs: rowInputs(index, arity),
    target: target?.[index],
    output,
    tried: tried[index] ?? false,
    shown: (tried[index] ?? false) || solved,
    current: index === current,
    wrong: target !== undefined && output !== target[index]
  }));
}

export function verdictOf(rows: readonly TruthRow[], hasGoal: boolean): Verdict {
  if (!hasGoal) return { status: 'free' };
  if (rows.every((r) => !r.wrong)) return { status: 'solved' };
  const seenWrong = rows.filter((r) => r.wrong && r.tried);
  const row = seenWrong.find((r) => r.current) ?? seenWrong[0];
  if (row) return { status: 'wrong', row };
  return { status: 'unchecked', untried: rows.filter((r) => !r.tried).length };
}

/** Names of the inputs (A, B, C) and of the output: C as in the 1943 examples, or the next free letter. */
export function inputNames(arity: number): string[] {
  return Array.from({ length: arity }, (_, i) => String.fromCharCode(65 + i));
}

export function outputName(arity: number): string {
  return arity <= 2 ? 'C' : String.fromCharCode(65 + arity);
}
