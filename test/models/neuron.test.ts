import { describe, expect, it } from 'vitest';
import {
  activate,
  circuitTruthTable,
  compare,
  evaluateCircuit,
  fire,
  gateTable,
  gates,
  inputRows,
  rowIndex,
  rowInputs,
  searchSingleUnit,
  thresholdUnit,
  truthTable,
  xorCircuit,
  type Bit,
  type Circuit
} from '../../src/lib/models/neuron';

describe('McCulloch–Pitts unit', () => {
  it('lists input rows in truth-table order, first input most significant', () => {
    expect(inputRows(2)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1]
    ]);
    expect(inputRows(3)).toHaveLength(8);
    for (let r = 0; r < 8; r++) expect(rowIndex(rowInputs(r, 3))).toBe(r);
  });

  it('counts only active excitatory inputs against the threshold', () => {
    const unit = thresholdUnit(['excitatory', 'excitatory', 'excitatory'], 2);
    expect(activate(unit, [1, 0, 0])).toEqual({ sum: 1, inhibited: false, output: 0 });
    expect(activate(unit, [1, 0, 1])).toEqual({ sum: 2, inhibited: false, output: 1 });
    expect(activate(unit, [1, 1, 1])).toEqual({ sum: 3, inhibited: false, output: 1 });
  });

  it('lets one active inhibitory input veto firing whatever the excitatory sum', () => {
    const unit = thresholdUnit(['excitatory', 'excitatory', 'inhibitory'], 1);
    expect(fire(unit, [1, 1, 0])).toBe(1);
    expect(activate(unit, [1, 1, 1])).toEqual({ sum: 2, inhibited: true, output: 0 });
    // an inhibitory input that is off does nothing
    expect(fire(unit, [1, 0, 0])).toBe(1);
  });

  it('fires on nothing when θ = 0 and never when θ exceeds its inputs', () => {
    expect(truthTable(thresholdUnit(['excitatory', 'excitatory'], 0))).toEqual([1, 1, 1, 1]);
    expect(truthTable(thresholdUnit(['excitatory', 'excitatory'], 3))).toEqual([0, 0, 0, 0]);
  });

  it('rejects mismatched inputs and fractional thresholds', () => {
    expect(() => fire(gates.and, [1])).toThrow(RangeError);
    expect(() => thresholdUnit(['excitatory'], 0.5)).toThrow(RangeError);
  });
});

describe('gates', () => {
  it('defines target tables from Boolean logic', () => {
    expect(gateTable('identity')).toEqual([0, 1]);
    expect(gateTable('not')).toEqual([1, 0]);
    expect(gateTable('and')).toEqual([0, 0, 0, 1]);
    expect(gateTable('or')).toEqual([0, 1, 1, 1]);
    expect(gateTable('xor')).toEqual([0, 1, 1, 0]);
    expect(gateTable('twoOfThree')).toEqual([0, 0, 0, 1, 0, 1, 1, 1]);
  });

  it.each([
    ['identity', [0, 1]],
    ['and', [0, 0, 0, 1]],
    ['or', [0, 1, 1, 1]],
    ['not', [1, 0]],
    ['twoOfThree', [0, 0, 0, 1, 0, 1, 1, 1]]
  ] as const)('the %s unit has the truth table %j', (name, table) => {
    expect(truthTable(gates[name])).toEqual(table);
    expect(compare(gates[name], gateTable(name))).toEqual([]);
  });

  it('NOT is done by inhibition, not by a negative count', () => {
    expect(gates.not.kinds).toEqual(['inhibitory']);
    expect(activate(gates.not, [1])).toEqual({ sum: 0, inhibited: true, output: 0 });
  });
});

describe('compare', () => {
  it('names the rows a unit gets wrong', () => {
    // OR where AND is wanted: wrong on 01 and 10
    expect(compare(gates.or, gateTable('and'))).toEqual([1, 2]);
    expect(compare([0, 0, 0, 0] as Bit[], gateTable('and'))).toEqual([3]);
  });

  it('refuses tables of different lengths', () => {
    expect(() => compare(gates.identity, gateTable('and'))).toThrow(RangeError);
  });
});

describe('circuits', () => {
  it('the two-layer circuit computes XOR', () => {
    expect(circuitTruthTable(xorCircuit)).toEqual(gateTable('xor'));
  });

  it('reports every unit of every layer', () => {
    const result = evaluateCircuit(xorCircuit, [1, 0]);
    expect(result.layers.map((l) => l.map((a) => a.output))).toEqual([[1, 0], [1]]);
    expect(result.layers[0][1]).toEqual({ sum: 0, inhibited: true, output: 0 });
    expect(result.outputs).toEqual([1]);
  });

  it('OR minus AND is XOR too', () => {
    const circuit: Circuit = {
      inputs: 2,
      layers: [[gates.or, gates.and], [thresholdUnit(['excitatory', 'inhibitory'], 1)]]
    };
    expect(circuitTruthTable(circuit)).toEqual([0, 1, 1, 0]);
  });

  it('a circuit that feeds the wrong pattern forward is caught', () => {
    const allOr: Circuit = { inputs: 2, layers: [[gates.or, gates.or], [gates.or]] };
    expect(compare(circuitTruthTable(allOr), gateTable('xor'))).toEqual([3]);
  });
});

describe('no single unit computes XOR', () => {
  it('searches all 16 two-input units and finds none', () => {
    const search = searchSingleUnit(gateTable('xor'));
    expect(search.examined).toHaveLength(4 * 4);
    const distinct = new Set(search.examined.map((e) => `${e.unit.kinds.join()}|${e.unit.threshold}`));
    expect(distinct.size).toBe(16);
    expect(search.solutions).toEqual([]);
    expect(search.fewestWrong).toBe(1);
  });

  it('the same search does find units for the gates one unit can compute', () => {
    const and = searchSingleUnit(gateTable('and'));
    expect(and.solutions).toContainEqual(gates.and);
    expect(searchSingleUnit(gateTable('or')).solutions).toContainEqual(gates.or);
    expect(searchSingleUnit(gateTable('not')).solutions).toContainEqual(gates.not);
    expect(searchSingleUnit(gateTable('twoOfThree')).solutions).toContainEqual(gates.twoOfThree);
  });

  it('XNOR is out of reach too', () => {
    expect(searchSingleUnit([1, 0, 0, 1]).solutions).toEqual([]);
  });
});
