/**
 * The state of a two-layer circuit of McCulloch–Pitts units on a page: two inputs,
 * hidden units the learner wires, an output unit, the explored truth table and the
 * verdict against the goal. Also carries the exhaustive single-unit search for the
 * same goal, so the page can set "a circuit can" beside "one unit cannot".
 */
import {
  evaluateCircuit,
  gateFunctions,
  gateTable,
  inputRows,
  rowIndex,
  rowInputs,
  searchSingleUnit,
  thresholdUnit,
  type Bit,
  type Circuit,
  type CircuitActivation,
  type ConnectionKind,
  type SingleUnitSearch
} from '$lib/models/neuron';
import { inputNames, outputName, RowWalk, truthRows, verdictOf, type TruthRow, type Verdict } from './truthTableState';
import type { ThresholdGoal } from './ThresholdUnitSim.svelte';

export type { CircuitActivation, SingleUnitSearch };

export interface UnitWiring {
  readonly kinds: readonly ConnectionKind[];
  readonly threshold: number;
}

/** A threshold-circuit step's `start` in chapters/NN-slug/steps.ts. */
export interface ThresholdCircuitStart {
  readonly inputs: readonly Bit[];
  /** each hidden unit reads every input */
  readonly hidden: readonly UnitWiring[];
  /** the output unit reads every hidden unit */
  readonly output: UnitWiring;
  /** may the learner rewire the output unit too? (the hidden units always may be) */
  readonly outputEditable?: boolean;
}

function readWiring(value: unknown, arity: number): UnitWiring | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.kinds) || v.kinds.length !== arity) return undefined;
  if (!v.kinds.every((k) => k === 'excitatory' || k === 'inhibitory')) return undefined;
  if (typeof v.threshold !== 'number' || !Number.isInteger(v.threshold)) return undefined;
  return { kinds: v.kinds as ConnectionKind[], threshold: v.threshold };
}

/** A circuit start read from untyped step data or a carried state, or undefined. */
export function readCircuitStart(value: unknown): ThresholdCircuitStart | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.inputs) || !v.inputs.every((b) => b === 0 || b === 1)) return undefined;
  if (!Array.isArray(v.hidden) || v.hidden.length === 0) return undefined;
  const hidden = v.hidden.map((h) => readWiring(h, (v.inputs as unknown[]).length));
  const output = readWiring(v.output, v.hidden.length);
  if (hidden.some((h) => h === undefined) || !output) return undefined;
  return { inputs: v.inputs as Bit[], hidden: hidden as UnitWiring[], output, outputEditable: v.outputEditable === true };
}

export class ThresholdCircuitSim {
  readonly arity: number;
  readonly names: readonly string[];
  readonly hiddenNames: readonly string[];
  readonly outputName: string;
  readonly outputEditable: boolean;
  readonly goal: ThresholdGoal | undefined;
  readonly target: readonly Bit[] | undefined;
  /** every single unit of the same arity tried against the goal */
  readonly search: SingleUnitSearch | undefined;

  inputs = $state<Bit[]>([]);
  hidden = $state<{ kinds: ConnectionKind[]; threshold: number }[]>([]);
  output = $state<{ kinds: ConnectionKind[]; threshold: number }>({ kinds: [], threshold: 0 });
  tried = $state<boolean[]>([]);

  readonly circuit: Circuit;
  readonly activation: CircuitActivation;
  readonly currentRow: number;
  readonly unitOutputs: Bit[][];
  readonly outputs: Bit[];
  readonly rows: TruthRow[];
  readonly verdict: Verdict;
  readonly solved: boolean;

  private readonly walk: RowWalk;

  /** `tried`: the rows the learner had tried before (a link's), besides the row the inputs are on */
  constructor(start: ThresholdCircuitStart, goal?: ThresholdGoal, tried: readonly number[] = []) {
    this.arity = start.inputs.length;
    if (goal && gateFunctions[goal.gate].arity !== this.arity) {
      throw new RangeError(`goal ${goal.gate} takes ${gateFunctions[goal.gate].arity} inputs, the circuit has ${this.arity}`);
    }
    this.names = inputNames(this.arity);
    this.hiddenNames = start.hidden.map((_, j) => `h${j + 1}`);
    this.outputName = outputName(this.arity);
    this.outputEditable = start.outputEditable === true;
    this.goal = goal;
    this.target = goal ? gateTable(goal.gate) : undefined;
    this.search = this.target ? searchSingleUnit(this.target) : undefined;
    this.inputs = [...start.inputs];
    this.hidden = start.hidden.map((h) => ({ kinds: [...h.kinds], threshold: clamp(h.threshold, this.arity) }));
    this.output = { kinds: [...start.output.kinds], threshold: clamp(start.output.threshold, start.hidden.length) };
    this.tried = Array.from({ length: 1 << this.arity }, (_, r) => r === rowIndex(start.inputs) || tried.includes(r));
    this.walk = new RowWalk(1 << this.arity, (row) => this.setRow(row));
    // derived after the fixed configuration above, which they read
    this.circuit = $derived({
    inputs: this.arity,
    layers: [this.hidden.map((h) => thresholdUnit(h.kinds, h.threshold)), [thresholdUnit(this.output.kinds, this.output.threshold)]]
  });
    this.activation = $derived(evaluateCircuit(this.circuit, this.inputs));
    this.currentRow = $derived(rowIndex(this.inputs));
    this.unitOutputs = $derived(
    inputRows(this.arity).map((x) => evaluateCircuit(this.circuit, x).layers.flatMap((l) => l.map((a) => a.output)))
  );
    this.outputs = $derived(this.unitOutputs.map((u) => u[u.length - 1]));
    this.rows = $derived(truthRows(this.arity, this.outputs, this.target, this.tried, this.currentRow));
    this.verdict = $derived(verdictOf(this.rows, this.target !== undefined));
    this.solved = $derived(this.verdict.status === 'solved');
  }

  /** highest useful threshold of unit `unit` (hidden index, or 'output') */
  maxThreshold(unit: number | 'output'): number {
    return (unit === 'output' ? this.hidden.length : this.arity) + 1;
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

  setThreshold(unit: number | 'output', value: number): void {
    if (unit === 'output') {
      if (this.outputEditable) this.output.threshold = clamp(value, this.hidden.length);
    } else {
      this.hidden[unit].threshold = clamp(value, this.arity);
    }
  }

  setKind(unit: number | 'output', connection: number, kind: ConnectionKind): void {
    if (unit === 'output') {
      if (this.outputEditable) this.output.kinds[connection] = kind;
    } else {
      this.hidden[unit].kinds[connection] = kind;
    }
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

  snapshot(): ThresholdCircuitStart {
    return {
      inputs: [...this.inputs],
      hidden: this.hidden.map((h) => ({ kinds: [...h.kinds], threshold: h.threshold })),
      output: { kinds: [...this.output.kinds], threshold: this.output.threshold },
      outputEditable: this.outputEditable
    };
  }
}

function clamp(value: number, arity: number): number {
  return Math.min(arity + 1, Math.max(0, Math.round(value)));
}
