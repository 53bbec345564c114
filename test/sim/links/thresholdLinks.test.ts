import { describe, expect, it } from 'vitest';
import { steps } from '../../../chapters/01-threshold-logic/steps';
import { circuitCarry, circuitLink, circuitOf, circuitValues, unitCarry, unitLink } from '../../../src/lib/sim/links/thresholdLinks';
import type { ThresholdCircuitStart } from '../../../src/lib/sim/ThresholdCircuitSim.svelte';
import type { ThresholdUnitStart } from '../../../src/lib/sim/ThresholdUnitSim.svelte';
import { linkSearch, openingValues, readLink } from '../../../src/lib/sim/urlState';

const startOf = <T>(id: string) => steps.find((s) => s.id === id)!.start as T;
const write = <T extends Parameters<typeof linkSearch>[0]>(table: T, values: Parameters<typeof linkSearch<T>>[1]) => linkSearch(table, values, '', { namesView: true });

describe('the threshold steps’ links', () => {
  it('round-trip a unit: θ, inputs, connection kinds and rows tried', () => {
    const table = unitLink(startOf<ThresholdUnitStart>('not'));
    const view = { theta: 0, inputs: [1] as const, kinds: ['inhibitory'] as const, tried: [0, 1] };
    const search = write(table, view);
    expect(search).toBe('?theta=0&inputs=1&kinds=i&tried=0_1');
    expect(readLink(table, search)).toEqual({ values: view, given: new Set(['theta', 'inputs', 'kinds', 'tried']), problems: [] });
  });

  it('leaves the start’s values out, and reads rows tried in any order', () => {
    const table = unitLink(startOf<ThresholdUnitStart>('two-of-three'));
    expect(write(table, { theta: 1, inputs: [0, 0, 0], kinds: table.kinds.default, tried: [0] })).toBe('?theta=1');
    expect(readLink(table, '?tried=111_000_011_000').values.tried).toEqual([0, 3, 7]);
  });

  it('refuses wiring a step does not let the learner change, and values of the wrong size', () => {
    const and = unitLink(startOf<ThresholdUnitStart>('and'));
    const read = readLink(and, '?theta=4&inputs=101&kinds=ie&tried=00_1');
    expect(read.problems).toEqual([
      "The link had an unreadable value for 'theta'; using 1.",
      "The link had an unreadable value for 'inputs'; using 00.",
      "The link had an unreadable value for 'kinds'; using ee.",
      "The link had an unreadable value for 'tried'; using 00."
    ]);
    expect(readLink(and, '?kinds=ee').problems).toEqual([]);
    expect(readLink(unitLink(startOf<ThresholdUnitStart>('not')), '?kinds=i').values.kinds).toEqual(['inhibitory']);
  });

  it('round-trips a circuit, each unit as its connections and threshold, and refuses a fixed output unit rewired', () => {
    const start = startOf<ThresholdCircuitStart>('xor-circuit');
    const table = circuitLink(start);
    const circuit: ThresholdCircuitStart = {
      inputs: [1, 0],
      hidden: [
        { kinds: ['excitatory', 'inhibitory'], threshold: 1 },
        { kinds: ['inhibitory', 'excitatory'], threshold: 1 }
      ],
      output: { kinds: ['excitatory', 'excitatory'], threshold: 1 },
      outputEditable: true
    };
    const search = write(table, circuitValues(circuit, [0, 2]));
    expect(search).toBe('?h1=ei_1&h2=ie_1&inputs=10&tried=00_10');
    const read = readLink(table, search);
    expect(read.problems).toEqual([]);
    expect(circuitOf(read.values, start)).toEqual(circuit);
    expect(readLink(table, '?h1=ei_4&h2=eee_1&out=ex_1').problems).toHaveLength(3);
    const fixed = circuitLink({ ...start, outputEditable: false });
    expect(readLink(fixed, '?out=ei_1').problems).toEqual(["The link had an unreadable value for 'out'; using ee_1."]);
    expect(readLink(fixed, '?out=ee_1').problems).toEqual([]);
  });

  it('lets a step start where the previous one ended when the link names none of its keys', () => {
    const table = unitLink({ inputs: [0, 0], kinds: ['excitatory', 'excitatory'], threshold: 1 });
    const carry = unitCarry(table, { inputs: [1, 1], kinds: ['excitatory', 'excitatory'], threshold: 2 });
    expect(openingValues(readLink(table, '?seed=3'), carry)).toMatchObject({ theta: 2, inputs: [1, 1] });
    expect(openingValues(readLink(table, '?inputs=01'), carry)).toMatchObject({ theta: 1, inputs: [0, 1] });
    // a unit of another size, or wired where this step fixes the wiring, is not carried over
    expect(unitCarry(table, { inputs: [1], kinds: ['excitatory'], threshold: 1 })).toEqual({});
    expect(unitCarry(table, { inputs: [1, 1], kinds: ['inhibitory', 'excitatory'], threshold: 1 })).not.toHaveProperty('kinds');
    const circuit = startOf<ThresholdCircuitStart>('xor-circuit');
    const end = { ...circuit, hidden: [circuit.hidden[1], circuit.hidden[0]] };
    expect(circuitOf(openingValues(readLink(circuitLink(circuit), ''), circuitCarry(circuitLink(circuit), end)), circuit).hidden).toEqual(end.hidden);
    expect(circuitCarry(circuitLink(circuit), { ...end, hidden: [end.hidden[0]] })).toEqual({});
  });
});
