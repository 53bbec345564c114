import { describe, expect, it } from 'vitest';
import { ltuCarry, ltuLink, predictionOf, predictionState, sklearnLink, trainingLink } from '../../../src/lib/sim/links/perceptronLinks';
import type { Prediction } from '../../../src/lib/sim/prediction';
import { linkSearch, readLink } from '../../../src/lib/sim/urlState';

const irisStart = { dataset: 'iris-setosa-versicolor', maxEpochs: 100, speed: 10, predict: { epochsMax: 20, line: true } };

describe('the perceptron steps’ links', () => {
  it('round-trip a hand-set unit to the last digit', () => {
    const table = ltuLink({ dataset: 'iris-setosa-versicolor', weights: [1, 1], bias: -1, step: 'heaviside' }, 100);
    const view = { w1: -0.7071067811865476, w2: 3.3, b: 12.345678901234567, step: 'sign' as const, sample: 100, sigmoid: true };
    const search = linkSearch(table, view, '', { namesView: true });
    expect(search).toBe('?w1=-0.7071067811865476&w2=3.3&b=12.345678901234567&step=sign&sample=100&sigmoid=1');
    expect(readLink(table, search).values).toEqual(view);
    expect(readLink(table, '?sample=101&w1=1e400').problems).toHaveLength(2);
  });

  it('carries a unit from a previous step over the same data only', () => {
    const start = { dataset: 'iris-setosa-versicolor', weights: [1, 1] as const, bias: -1, step: 'heaviside' as const };
    expect(ltuCarry(start, { dataset: 'iris-setosa-versicolor', weights: [2, -1], bias: 0.5, step: 'sign' })).toEqual({ w1: 2, w2: -1, b: 0.5, step: 'sign' });
    expect(ltuCarry(start, { dataset: 'penguins-adelie-gentoo', weights: [2, -1], bias: 0.5 })).toEqual({});
    expect(ltuCarry(start, 'nonsense')).toEqual({});
  });

  it('writes each prediction so that it reads back the same: open, locked (with or without the line), skipped', () => {
    const table = trainingLink(irisStart, 10_000);
    const defaults = readLink(table, '').values;
    const predictions: (Prediction | null)[] = [
      null,
      { converges: true, epochs: 7, line: { angle: 12.5, offset: -0.3 } },
      { converges: false, epochs: null, line: { angle: 135, offset: 0 } },
      { converges: null, epochs: null, line: null }
    ];
    for (const prediction of predictions) {
      const values = {
        ...defaults,
        prediction: predictionState(prediction),
        converges: prediction?.converges === true ? ('yes' as const) : prediction?.converges === false ? ('no' as const) : null,
        epochs: prediction?.epochs ?? 5,
        ...(prediction?.line ?? {})
      };
      const read = readLink(table, linkSearch(table, values, '', { namesView: true }));
      expect(predictionOf(read.values, true)).toEqual(prediction);
    }
    expect(predictionOf({ ...defaults, prediction: 'locked', converges: 'yes' }, false)).toEqual({ converges: true, epochs: 5, line: null });
  });

  it('bounds the run’s position by the run and the epochs guessed by the question', () => {
    const table = trainingLink(irisStart, 10_000);
    expect(readLink(table, '?at=10000&epochs=20&speed=2500').problems).toEqual([]);
    expect(readLink(table, '?at=10001&epochs=21&speed=3').problems).toHaveLength(3);
  });

  it('reads an update only within the updates of the order', () => {
    expect(readLink(sklearnLink(4), '?order=reversed&update=4').values).toEqual({ order: 'reversed', update: 4 });
    expect(readLink(sklearnLink(4), '?update=5').problems).toEqual(["The link had an unreadable value for 'update'; using none."]);
  });
});
