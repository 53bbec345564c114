/**
 * The state of a two-layer circuit of McCulloch–Pitts units on a page: two inputs,
 * hidden units the learner wires, an output unit, the explored truth table and the
 * verdict against the goal. Also carries the exhaustive single-unit search for the
 * same goal, so the page can set "a circuit can" beside "one unit cannot".
 */
import {
  evaluateCircuit,
  inputRows,
  searchSingleUnit,
  thresholdUnit,
  type Bit,
  type Circuit,
  type CircuitActivation,
  type ConnectionKind,
  type SingleUnitSearch
} from '$lib/models/neuron';
import { truthRows, verdictOf, type TruthRow, type Verdict } from './truthTableState';
import { TruthTableInputs } from './TruthTableInputs.svelte';
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

export class ThresholdCircuitSim extends TruthTableInputs {
  readonly hiddenNames: readonly string[];
  readonly outputEditable: boolean;
  /** every single unit of the same arity tried against the goal */
  readonly search: SingleUnitSearch | undefined;

  hidden = $state<{ kinds: ConnectionKind[]; threshold: number }[]>([]);
  output = $state<{ kinds: ConnectionKind[]; threshold: number }>({ kinds: [], threshold: 0 });

  readonly circuit: Circuit;
  readonly activation: CircuitActivation;
  readonly unitOutputs: Bit[][];
  readonly outputs: Bit[];
  readonly rows: TruthRow[];
  readonly verdict: Verdict;
  readonly solved: boolean;

  /** `tried`: the rows the learner had tried before (a link's), besides the row the inputs are on */
  constructor(start: ThresholdCircuitStart, goal?: ThresholdGoal, tried: readonly number[] = []) {
    super(start.inputs, goal, tried, 'circuit');
    this.hiddenNames = start.hidden.map((_, j) => `h${j + 1}`);
    this.outputEditable = start.outputEditable === true;
    this.search = this.target ? searchSingleUnit(this.target) : undefined;
    this.hidden = start.hidden.map((h) => ({ kinds: [...h.kinds], threshold: clamp(h.threshold, this.arity) }));
    this.output = { kinds: [...start.output.kinds], threshold: clamp(start.output.threshold, start.hidden.length) };
    // derived after the fixed configuration above, which they read
    this.circuit = $derived({
    inputs: this.arity,
    layers: [this.hidden.map((h) => thresholdUnit(h.kinds, h.threshold)), [thresholdUnit(this.output.kinds, this.output.threshold)]]
  });
    this.activation = $derived(evaluateCircuit(this.circuit, this.inputs));
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
