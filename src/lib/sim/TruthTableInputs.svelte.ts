/**
 * What a threshold unit and a threshold circuit share on a page: the input switches, the
 * truth-table rows the learner has tried (a gate counts as solved only once every row
 * was), the walk through every row at a pace to watch, and the goal's target column.
 */
import { gateFunctions, gateTable, rowIndex, rowInputs, type Bit } from '$lib/models/neuron';
import { inputNames, outputName, RowWalk } from './truthTableState';
import type { ThresholdGoal } from './ThresholdUnitSim.svelte';

export abstract class TruthTableInputs {
  readonly arity: number;
  readonly names: readonly string[];
  readonly outputName: string;
  readonly goal: ThresholdGoal | undefined;
  readonly target: readonly Bit[] | undefined;

  inputs = $state<Bit[]>([]);
  /** per truth-table row: has the learner set the inputs to it? */
  tried = $state<boolean[]>([]);
  readonly currentRow: number;

  private readonly walk: RowWalk;

  /**
   * `tried`: the rows the learner had tried before (a link's), besides the row the inputs
   * are on; `subject` names what computes, for the message when the goal does not fit it.
   */
  constructor(inputs: readonly Bit[], goal: ThresholdGoal | undefined, tried: readonly number[], subject: string) {
    this.arity = inputs.length;
    if (goal && gateFunctions[goal.gate].arity !== this.arity) {
      throw new RangeError(`goal ${goal.gate} takes ${gateFunctions[goal.gate].arity} inputs, the ${subject} has ${this.arity}`);
    }
    this.names = inputNames(this.arity);
    this.outputName = outputName(this.arity);
    this.goal = goal;
    this.target = goal ? gateTable(goal.gate) : undefined;
    this.inputs = [...inputs];
    this.tried = Array.from({ length: 1 << this.arity }, (_, r) => r === rowIndex(inputs) || tried.includes(r));
    this.walk = new RowWalk(1 << this.arity, (row) => this.setRow(row));
    this.currentRow = $derived(rowIndex(this.inputs));
  }

  /** The learner flips one input: a walk through the rows gives way. */
  toggle(index: number): void {
    this.walk.stop();
    this.inputs[index] = this.inputs[index] === 1 ? 0 : 1;
    this.tried[rowIndex(this.inputs)] = true;
  }

  /** Sets the inputs to truth-table row `row`, which is then tried. */
  setRow(row: number): void {
    this.inputs = rowInputs(row, this.arity);
    this.tried[row] = true;
  }

  /** Sets the inputs to every row in turn, as a learner checking the whole table would, at a pace to watch. */
  checkEveryRow(): void {
    this.walk.start();
  }

  /** a walk through every row is under way */
  get checking(): boolean {
    return this.walk.walking;
  }

  /** The rows tried, in table order: what a link keeps. */
  triedRows(): number[] {
    return this.tried.flatMap((t, r) => (t ? [r] : []));
  }

  /** Stops a walk; call when the panel goes away. */
  destroy(): void {
    this.walk.stop();
  }
}
