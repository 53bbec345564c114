/**
 * What a truth-table task knows at any moment, shared by the single-unit and circuit
 * panels: which rows the learner has tried, which row the inputs are on now, and a
 * verdict against the goal that only names rows the learner can see.
 *
 * A task counts as solved only once every row has been tried: picking the right
 * threshold is half of it, seeing the unit answer each input is the other. Until then
 * the untried rows stay hidden and the verdict does not say whether they are right.
 */
import { rowInputs, type Bit } from '$lib/models/neuron';
import { PlayClock, type FrameScheduler } from './PlayClock.svelte';

export interface TruthRow {
  readonly index: number;
  readonly inputs: readonly Bit[];
  /** the goal's output, when there is a goal */
  readonly target?: Bit;
  readonly output: Bit;
  /** the learner has set the inputs to this row at some point: its output is shown */
  readonly tried: boolean;
  readonly current: boolean;
  readonly wrong: boolean;
}

export type Verdict =
  | { readonly status: 'free' }
  | { readonly status: 'solved' }
  /** a row the learner can see is wrong: the current one if it is, else the first */
  | { readonly status: 'wrong'; readonly row: TruthRow }
  /** every row tried so far is right, and some are untried (right or not, it is not said) */
  | { readonly status: 'unchecked'; readonly untried: number };

export function truthRows(
  arity: number,
  outputs: readonly Bit[],
  target: readonly Bit[] | undefined,
  tried: readonly boolean[],
  current: number
): TruthRow[] {
  return outputs.map((output, index) => ({
    index,
    inputs: rowInputs(index, arity),
    target: target?.[index],
    output,
    tried: tried[index] ?? false,
    current: index === current,
    wrong: target !== undefined && output !== target[index]
  }));
}

export function verdictOf(rows: readonly TruthRow[], hasGoal: boolean): Verdict {
  if (!hasGoal) return { status: 'free' };
  const seenWrong = rows.filter((r) => r.wrong && r.tried);
  const row = seenWrong.find((r) => r.current) ?? seenWrong[0];
  if (row) return { status: 'wrong', row };
  const untried = rows.filter((r) => !r.tried).length;
  return untried === 0 ? { status: 'solved' } : { status: 'unchecked', untried };
}

/** Names of the inputs (A, B, C) and of the output: C as in the 1943 examples, or the next free letter. */
export function inputNames(arity: number): string[] {
  return Array.from({ length: arity }, (_, i) => String.fromCharCode(65 + i));
}

export function outputName(arity: number): string {
  return arity <= 2 ? 'C' : String.fromCharCode(65 + arity);
}

/** Rows a "check every row" walk sets per second: slow enough to watch each answer. */
export const ROWS_PER_SECOND = 2;

/**
 * "Check every row" as the learner would do it: the inputs set to each row of the
 * table in turn, at a pace the picture can show, so every row is tried by the unit
 * itself rather than filled in at once.
 */
export class RowWalk {
  private next = 0;
  private readonly clock: PlayClock;

  /** `setRow(r)` sets the inputs to row r (and marks it tried) */
  constructor(
    private readonly rowCount: number,
    private readonly setRow: (row: number) => void,
    frames?: FrameScheduler
  ) {
    this.clock = new PlayClock((n) => this.advance(n), { speed: ROWS_PER_SECOND, frames });
  }

  get walking(): boolean {
    return this.clock.playing;
  }

  /** Starts from the first row, which is set at once. */
  start(): void {
    this.next = 0;
    this.clock.start(1);
  }

  stop(): void {
    this.clock.stop();
  }

  private advance(steps: number): void {
    for (let i = 0; i < steps && this.next < this.rowCount; i++) this.setRow(this.next++);
    if (this.next >= this.rowCount) this.clock.stop();
  }
}
