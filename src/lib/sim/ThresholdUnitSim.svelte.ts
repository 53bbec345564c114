/**
 * The state of one McCulloch–Pitts unit on a page: its inputs, wiring and threshold,
 * the truth table the learner has explored, and the verdict against the step's goal.
 * Runes make every derived value follow the learner's changes; the model functions
 * do the logic, so what the page shows is what the tests check.
 */
import {
  activate,
  compare,
  gateFunctions,
  thresholdUnit,
  truthTable,
  type Activation,
  type Bit,
  type ConnectionKind,
  type GateName,
  type ThresholdUnit
} from '$lib/models/neuron';
import { truthRows, verdictOf, type TruthRow, type Verdict } from './truthTableState';
import { TruthTableInputs } from './TruthTableInputs.svelte';

export type { Activation, Bit, ConnectionKind, GateName, ThresholdUnit, TruthRow, Verdict };

/** A threshold-unit step's `start` in chapters/NN-slug/steps.ts. */
export interface ThresholdUnitStart {
  /** one bit per input; their number is the unit's arity */
  readonly inputs: readonly Bit[];
  readonly kinds: readonly ConnectionKind[];
  readonly threshold: number;
  /** may the learner switch connections between excitatory and inhibitory? */
  readonly kindsEditable?: boolean;
}

/** A threshold step's `goal`: the gate the learner's unit (or circuit) should compute. */
export interface ThresholdGoal {
  readonly gate: GateName;
  /** the task as the panel states it; a default is made from the gate without it */
  readonly task?: string;
}

const kindsList: readonly ConnectionKind[] = ['excitatory', 'inhibitory'];

function isBit(x: unknown): x is Bit {
  return x === 0 || x === 1;
}

/** A start read from untyped step data or a carried state, or undefined when it is not one. */
export function readUnitStart(value: unknown): ThresholdUnitStart | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.inputs) || !v.inputs.every(isBit)) return undefined;
  if (!Array.isArray(v.kinds) || v.kinds.length !== v.inputs.length) return undefined;
  if (!v.kinds.every((k) => kindsList.includes(k as ConnectionKind))) return undefined;
  if (typeof v.threshold !== 'number' || !Number.isInteger(v.threshold)) return undefined;
  return {
    inputs: v.inputs as Bit[],
    kinds: v.kinds as ConnectionKind[],
    threshold: v.threshold,
    kindsEditable: v.kindsEditable === true
  };
}

export function readGoal(value: unknown): ThresholdGoal | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { gate, task } = value as Record<string, unknown>;
  if (typeof gate !== 'string' || !Object.hasOwn(gateFunctions, gate)) return undefined;
  return typeof task === 'string' ? { gate: gate as GateName, task } : { gate: gate as GateName };
}

const gateNames: Record<GateName, string> = {
  identity: 'C = A',
  and: 'AND',
  or: 'OR',
  not: 'NOT',
  twoOfThree: '“2 or more of 3”',
  xor: 'XOR'
};

/** A gate's short name in prose, e.g. "AND". */
export function gateLabel(gate: GateName): string {
  return gateNames[gate];
}

/** The goal's task, or one made from its gate. */
export function taskOf(goal: ThresholdGoal, subject: string): string {
  return goal.task ?? `Make ${subject} compute ${gateLabel(goal.gate)} (${gateSymbol(goal.gate)}).`;
}

/** How a gate reads to a learner, e.g. "C = A ∧ B". */
export function gateSymbol(gate: GateName): string {
  return gateFunctions[gate].symbol;
}

export class ThresholdUnitSim extends TruthTableInputs {
  readonly kindsEditable: boolean;
  /** thresholds beyond these behave like the ends: 0 fires on nothing, arity + 1 never fires */
  readonly minThreshold = 0;
  readonly maxThreshold: number;

  kinds = $state<ConnectionKind[]>([]);
  threshold = $state(0);

  readonly unit: ThresholdUnit;
  readonly activation: Activation;
  readonly outputs: Bit[];
  readonly wrongRows: number[];
  readonly rows: TruthRow[];
  readonly verdict: Verdict;
  readonly solved: boolean;

  /** `tried`: the rows the learner had tried before (a link's), besides the row the inputs are on */
  constructor(start: ThresholdUnitStart, goal?: ThresholdGoal, tried: readonly number[] = []) {
    super(start.inputs, goal, tried, 'unit');
    this.kindsEditable = start.kindsEditable === true;
    this.maxThreshold = this.arity + 1;
    this.kinds = [...start.kinds];
    this.threshold = this.clamp(start.threshold);
    // derived after the fixed configuration above, which they read
    this.unit = $derived(thresholdUnit(this.kinds, this.threshold));
    this.activation = $derived(activate(this.unit, this.inputs));
    this.outputs = $derived(truthTable(this.unit));
    this.wrongRows = $derived(this.target ? compare(this.outputs, this.target) : []);
    this.rows = $derived(truthRows(this.arity, this.outputs, this.target, this.tried, this.currentRow));
    this.verdict = $derived(verdictOf(this.rows, this.target !== undefined));
    this.solved = $derived(this.verdict.status === 'solved');
  }

  setThreshold(value: number): void {
    this.threshold = this.clamp(value);
  }

  setKind(index: number, kind: ConnectionKind): void {
    if (!this.kindsEditable) return;
    this.kinds[index] = kind;
  }

  /** Plain data for the next step to continue from. */
  snapshot(): ThresholdUnitStart {
    return { inputs: [...this.inputs], kinds: [...this.kinds], threshold: this.threshold, kindsEditable: this.kindsEditable };
  }

  private clamp(value: number): number {
    return Math.min(this.maxThreshold, Math.max(this.minThreshold, Math.round(value)));
  }
}
