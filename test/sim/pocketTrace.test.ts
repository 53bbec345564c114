import { describe, expect, it } from 'vitest';
import { fitStandardizer, irisPair } from '../../src/lib/datasets';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPocket } from '../../src/lib/models/pocket';
import { PerceptronRun } from '../../src/lib/sim/PerceptronRun.svelte';
import { pocketTrace } from '../../src/lib/sim/pocketTrace';

const raw = irisPair({ seed: 0 }, ['versicolor', 'virginica'], ['petal length (cm)', 'petal width (cm)']);
const data = fitStandardizer(raw).apply(raw);
const options = { maxEpochs: 60, shuffle: true, seed: 3 };

describe('the rule and the pocket on Iris versicolor vs virginica (petals, standardized)', () => {
  it('never has an epoch without a mistake: the rule thrashes for all 60 epochs', () => {
    const run = new PerceptronRun({ data, train: options, frames: { request: () => 0, cancel: () => {} } });
    run.finish();
    expect(run.result?.converged).toBe(false);
    expect(run.errorsPerEpoch).toHaveLength(60);
    expect(Math.min(...run.errorsPerEpoch)).toBeGreaterThan(0);
  });

  it('keeps the best weights so far at every instance, ending where trainPocket ends, and never worse than the final weights', () => {
    const pockets = pocketTrace(data, options);
    expect(pockets).toHaveLength(1 + 60 * data.n);
    for (let i = 1; i < pockets.length; i++) expect(pockets[i].correct).toBeGreaterThanOrEqual(pockets[i - 1].correct);
    const model = new Perceptron({ nFeatures: 2 });
    const result = trainPocket(model, data, options);
    expect(pockets[pockets.length - 1]).toEqual(result.pocket);
    const last = new Perceptron({ nFeatures: 2 });
    const run = new PerceptronRun({ data, train: options, frames: { request: () => 0, cancel: () => {} } });
    run.finish();
    last.setParameters(run.parameters);
    expect(result.pocket.accuracy).toBeGreaterThanOrEqual(last.accuracy(data));
    expect(result.pocket.accuracy).toBeGreaterThan(0.9);
    expect(result.pocket.accuracy).toBeLessThan(1);
    // the pocket's weights, checked on the data, score what it says
    last.setParameters(result.pocket.parameters);
    expect(last.accuracy(data)).toBeCloseTo(result.pocket.accuracy, 12);
  });
});
