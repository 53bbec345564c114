/**
 * What each step of the threshold-logic chapter keeps in the page's address: the
 * threshold, the wiring, the inputs and the rows of the truth table tried so far, so a
 * teacher's link opens the unit (or circuit) exactly as it was, half-checked table and
 * all. One table per step, made from the step's start: its defaults are that start,
 * and a wiring the step does not let the learner change can only be read as it is.
 *
 * A link that names any of a step's keys describes the whole view (keys left out take
 * the start's values; the first key is always written, see urlState's openingValues);
 * a link that names none leaves the step to start where the previous one ended.
 */
import { rowIndex, rowInputs, type Bit, type ConnectionKind } from '$lib/models/neuron';
import { integer, type LinkValues, type UrlField } from '$lib/sim/urlState';
import { inputNames } from '$lib/sim/truthTableState';
import { readCircuitStart, type ThresholdCircuitStart, type UnitWiring } from '$lib/sim/ThresholdCircuitSim.svelte';
import { readUnitStart, type ThresholdUnitStart } from '$lib/sim/ThresholdUnitSim.svelte';

const kindLetters: Record<ConnectionKind, string> = { excitatory: 'e', inhibitory: 'i' };
const kindOf = (letter: string): ConnectionKind | undefined => (letter === 'e' ? 'excitatory' : letter === 'i' ? 'inhibitory' : undefined);
const same = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The inputs as their bits, A first: `10` is A on, B off. */
function bitsField(arity: number, fallback: readonly Bit[]): UrlField<readonly Bit[]> {
  return {
    default: fallback,
    describe: `the inputs ${inputNames(arity).join(', ')} as ${arity} bit${arity === 1 ? '' : 's'}, e.g. ${'10'.padEnd(arity, '0').slice(0, arity)}`,
    parse(raw) {
      const text = raw.trim();
      return new RegExp(`^[01]{${arity}}$`).test(text) ? [...text].map((c) => Number(c) as Bit) : undefined;
    },
    format: (bits) => bits.join('')
  };
}

/** Rows of the truth table by their inputs, in table order: `00_01_11`. */
function rowsField(arity: number, fallback: readonly number[]): UrlField<readonly number[]> {
  const bits = bitsField(arity, []);
  return {
    default: fallback,
    describe: `the rows of the truth table tried so far, each as its inputs' ${arity} bit${arity === 1 ? '' : 's'}, joined by _`,
    parse(raw) {
      const parts = raw.trim() === '' ? [] : raw.trim().split('_');
      const rows = parts.map((p) => bits.parse(p));
      if (rows.some((r) => r === undefined)) return undefined;
      return [...new Set(rows.map((r) => rowIndex(r!)))].sort((a, b) => a - b);
    },
    format: (rows) => rows.map((r) => rowInputs(r, arity).join('')).join('_')
  };
}

/** One letter per connection, e (excitatory) or i (inhibitory); where the step fixes them, only those read. */
function kindsOf(raw: string, count: number): ConnectionKind[] | undefined {
  const letters = [...raw.trim().toLowerCase()];
  if (letters.length !== count) return undefined;
  const kinds = letters.map(kindOf);
  return kinds.every((k) => k !== undefined) ? (kinds as ConnectionKind[]) : undefined;
}
const formatKinds = (kinds: readonly ConnectionKind[]) => kinds.map((k) => kindLetters[k]).join('');

function kindsField(fallback: readonly ConnectionKind[], editable: boolean): UrlField<readonly ConnectionKind[]> {
  return {
    default: fallback,
    describe: editable
      ? `each connection, e (excitatory) or i (inhibitory), ${fallback.length} letter${fallback.length === 1 ? '' : 's'} in input order`
      : `the connections, fixed in this step: ${formatKinds(fallback)}`,
    parse(raw) {
      const kinds = kindsOf(raw, fallback.length);
      return kinds && (editable || same(kinds, fallback)) ? kinds : undefined;
    },
    format: formatKinds
  };
}

/** A unit of the circuit: its connections' letters and its threshold, `ei_1`. */
function wiringField(name: string, fallback: UnitWiring, editable: boolean): UrlField<UnitWiring> {
  const inputs = fallback.kinds.length;
  const format = (w: UnitWiring) => `${formatKinds(w.kinds)}_${w.threshold}`;
  return {
    default: fallback,
    describe: editable
      ? `${name}: ${inputs} letters, e (excitatory) or i (inhibitory), one per connection in, then _ and its threshold, 0 to ${inputs + 1}`
      : `${name}, fixed in this step: ${format(fallback)}`,
    parse(raw) {
      const match = /^([a-z]+)_(\d+)$/i.exec(raw.trim());
      const kinds = match ? kindsOf(match[1], inputs) : undefined;
      const threshold = match ? Number(match[2]) : NaN;
      if (!kinds || !(threshold >= 0 && threshold <= inputs + 1)) return undefined;
      const wiring = { kinds, threshold };
      return editable || format(wiring) === format(fallback) ? wiring : undefined;
    },
    format
  };
}

/** The table of a threshold-unit step, from its start: threshold, inputs, wiring, rows tried. */
export function unitLink(start: ThresholdUnitStart) {
  const arity = start.inputs.length;
  return {
    theta: integer(`the threshold θ, 0 to ${arity + 1}`, start.threshold, 0, arity + 1),
    inputs: bitsField(arity, start.inputs),
    kinds: kindsField(start.kinds, start.kindsEditable === true),
    tried: rowsField(arity, [rowIndex(start.inputs)])
  };
}

export type UnitLink = ReturnType<typeof unitLink>;

/** The part of a previous unit's end state this step can start from: one with the same inputs and, where fixed, the same wiring. */
export function unitCarry(table: UnitLink, carried: unknown): Partial<LinkValues<UnitLink>> {
  const end = readUnitStart(carried);
  if (!end || end.inputs.length !== table.inputs.default.length) return {};
  const kinds = table.kinds.parse(formatKinds(end.kinds));
  return { theta: end.threshold, inputs: end.inputs, tried: [], ...(kinds ? { kinds } : {}) };
}

/** The table of a threshold-circuit step: each hidden unit (h1, h2, …), the output unit, the inputs, the rows tried. */
export type CircuitLink = Record<`h${number}`, UrlField<UnitWiring>> & {
  out: UrlField<UnitWiring>;
  inputs: UrlField<readonly Bit[]>;
  tried: UrlField<readonly number[]>;
};

export function circuitLink(start: ThresholdCircuitStart): CircuitLink {
  const arity = start.inputs.length;
  const hidden = Object.fromEntries(
    start.hidden.map((h, j) => [`h${j + 1}`, wiringField(`hidden unit h${j + 1}`, h, true)])
  ) as Record<`h${number}`, UrlField<UnitWiring>>;
  return {
    ...hidden,
    out: wiringField('the output unit', start.output, start.outputEditable === true),
    inputs: bitsField(arity, start.inputs),
    tried: rowsField(arity, [rowIndex(start.inputs)])
  };
}

/** A circuit's start from a link's values: the step's shape, the link's wiring. */
export function circuitOf(values: LinkValues<CircuitLink>, start: ThresholdCircuitStart): ThresholdCircuitStart {
  return {
    inputs: values.inputs,
    hidden: start.hidden.map((_, j) => values[`h${j + 1}`]),
    output: values.out,
    outputEditable: start.outputEditable
  };
}

/** The link's values of a circuit as it stands. */
export function circuitValues(circuit: ThresholdCircuitStart, tried: readonly number[]): LinkValues<CircuitLink> {
  const hidden = Object.fromEntries(circuit.hidden.map((h, j) => [`h${j + 1}`, h]));
  return { ...hidden, out: circuit.output, inputs: circuit.inputs, tried } as LinkValues<CircuitLink>;
}

/** The part of a previous circuit's end state this step can start from: one of the same shape. */
export function circuitCarry(table: CircuitLink, carried: unknown): Partial<LinkValues<CircuitLink>> {
  const end = readCircuitStart(carried);
  if (!end || end.inputs.length !== table.inputs.default.length) return {};
  const values = circuitValues(end, []) as Record<string, unknown>;
  const fields = table as unknown as Record<string, UrlField<unknown>>;
  // a unit of another shape, or a fixed unit wired otherwise, is left to the step's start
  const fits =
    Object.keys(values).length === Object.keys(fields).length &&
    Object.keys(fields).every((key) => key === 'tried' || (values[key] !== undefined && fields[key].parse(fields[key].format(values[key])) !== undefined));
  return fits ? (values as Partial<LinkValues<CircuitLink>>) : {};
}
