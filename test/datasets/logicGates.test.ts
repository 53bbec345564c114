import { describe, expect, it } from 'vitest';
import { GATES, logicGate, truthTable, type Gate } from '../../src/lib/datasets/logicGates';

const expected: Record<Gate, number[]> = {
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  nand: [1, 1, 1, 0],
  nor: [1, 0, 0, 0],
  xor: [0, 1, 1, 0],
  not: [1, 0]
};

describe('truth tables', () => {
  it.each(GATES)('%s has the textbook outputs in counting order', (gate) => {
    const table = truthTable(gate);
    expect(table.rows.map((r) => r.output)).toEqual(expected[gate]);
    const inputs = table.rows.map((r) => r.inputs.join(''));
    expect(inputs).toEqual(gate === 'not' ? ['0', '1'] : ['00', '01', '10', '11']);
    expect(table.inputNames).toHaveLength(gate === 'not' ? 1 : 2);
  });

  it.each(GATES)('%s as a Dataset holds the same rows', (gate) => {
    const table = truthTable(gate);
    const d = logicGate(gate, { seed: 3 });
    const arity = table.inputNames.length;
    expect(d.name).toBe(`logic-${gate}`);
    expect(d.n).toBe(table.rows.length);
    expect(d.sampleShape).toEqual([arity]);
    expect(Array.from(d.labels)).toEqual(expected[gate]);
    expect(Array.from(d.x)).toEqual(table.rows.flatMap((r) => r.inputs));
    expect(d.x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(d.classNames).toEqual(['0', '1']);
  });

  it('NAND is NOT AND and NOR is NOT OR, row by row', () => {
    const not = (gate: Gate) => truthTable(gate).rows.map((r) => 1 - r.output);
    expect(truthTable('nand').rows.map((r) => r.output)).toEqual(not('and'));
    expect(truthTable('nor').rows.map((r) => r.output)).toEqual(not('or'));
  });

  it('rejects an unknown gate', () => {
    expect(() => truthTable('xnor' as Gate)).toThrow(RangeError);
  });
});
