import { describe, expect, it } from 'vitest';
import {
  addHiddenLayer,
  kindSentence,
  layersOf,
  MAX_HIDDEN_LAYERS,
  networkKind,
  parameterCount,
  readAnatomy,
  removeHiddenLayer,
  setUnits,
  shapeName
} from '../../src/lib/sim/networkAnatomy';

const xorNet = { inputs: 2, hidden: [2], outputs: 1 };

describe('network anatomy', () => {
  it('names the layers and counts what each has to learn: weights in, plus a bias per unit', () => {
    expect(layersOf(xorNet)).toEqual([
      { role: 'input', units: 2, title: 'Input layer (passthrough)', parameters: 0 },
      { role: 'hidden', units: 2, title: 'Hidden layer 1', parameters: 6 },
      { role: 'output', units: 1, title: 'Output layer', parameters: 3 }
    ]);
    expect(parameterCount(xorNet)).toBe(9);
    // the MNIST MLP of the seed: 784-128-10
    expect(parameterCount({ inputs: 784, hidden: [128], outputs: 10 })).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(shapeName({ inputs: 2, hidden: [4, 3], outputs: 1 })).toBe('2-4-3-1');
  });

  it('is deep from two hidden layers on, as the seed defines a DNN', () => {
    expect(networkKind({ ...xorNet, hidden: [] })).toBe('no hidden layer');
    expect(networkKind(xorNet)).toBe('shallow');
    expect(networkKind({ ...xorNet, hidden: [2, 2] })).toBe('deep');
    expect(kindSentence({ ...xorNet, hidden: [3, 2, 2] })).toBe('3 hidden layers: a deep neural network (DNN).');
    expect(kindSentence({ ...xorNet, hidden: [] })).toMatch(/perceptron, and it cannot learn XOR/);
  });

  it('adds layers as wide as the last, up to the limit, and removes the one nearest the output', () => {
    let net = addHiddenLayer({ ...xorNet, hidden: [3] });
    expect(net.hidden).toEqual([3, 3]);
    for (let i = 0; i < 10; i++) net = addHiddenLayer(net);
    expect(net.hidden).toHaveLength(MAX_HIDDEN_LAYERS);
    net = setUnits(net, 0, 5);
    expect(removeHiddenLayer(net).hidden).toEqual([5, 3, 3]);
    expect(removeHiddenLayer({ ...xorNet, hidden: [] }).hidden).toEqual([]);
    expect(addHiddenLayer({ ...xorNet, hidden: [] }).hidden).toEqual([2]);
  });

  it('keeps units per layer between 1 and 6', () => {
    expect(setUnits(xorNet, 0, 0).hidden).toEqual([1]);
    expect(setUnits(xorNet, 0, 99).hidden).toEqual([6]);
    expect(setUnits(xorNet, 3, 4)).toBe(xorNet);
  });

  it('reads a start state, and refuses what is not one', () => {
    expect(readAnatomy({ inputs: 2, hidden: [2, 3], outputs: 1 })).toEqual({ inputs: 2, hidden: [2, 3], outputs: 1 });
    expect(readAnatomy({ inputs: 2, hidden: [0], outputs: 1 })).toBeUndefined();
    expect(readAnatomy({ inputs: 2, hidden: [1, 1, 1, 1, 1], outputs: 1 })).toBeUndefined();
    expect(readAnatomy({ inputs: 2, hidden: 'x', outputs: 1 })).toBeUndefined();
    expect(readAnatomy(null)).toBeUndefined();
  });
});
