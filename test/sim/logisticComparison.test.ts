import { describe, expect, it } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import { lineMargin } from '../../src/lib/geometry';
import { Perceptron } from '../../src/lib/models/perceptron';
import { misclassified } from '../../src/lib/models/wrongSide';
import { furtherLine, LogisticComparison, readLogisticStart } from '../../src/lib/sim/LogisticComparison.svelte';

/**
 * The step's own start, on the real iris petals: the perceptron stops at the first line
 * that separates, while gradient descent on the cross-entropy carries logistic
 * regression's line further into the gap between the species.
 */
const start = readLogisticStart(steps.find((s) => s.id === 'logistic-regression')?.start)!;

async function opened(seed = 42) {
  const run = new LogisticComparison({ start, seed, resolution: 8 });
  await run.done;
  expect(run.error).toBeNull();
  return run;
}

describe('LogisticComparison on the iris petals', () => {
  it('starts both learners from the same weights, drawn from the seed', async () => {
    const run = await opened();
    const first = run.at(0)!;
    expect(first.perceptron).toEqual(first.logistic);
    expect(first.perceptron.weights.some((w) => w !== 0)).toBe(true);
    const other = await opened(7);
    expect(other.at(0)!.perceptron).not.toEqual(first.perceptron);
  });

  it('stops the perceptron after its first epoch without a mistake, every flower on its own side', async () => {
    const run = await opened();
    expect(run.convergedEpoch).toBe(run.perceptronEpochs);
    const end = run.at(run.maxEpochs)!;
    expect(end.perceptron).toEqual(run.at(run.perceptronEpochs)!.perceptron);
    expect(end.perceptronWrong).toBe(0);
    // the count agrees with the model's own predictions
    const unit = new Perceptron({ nFeatures: 2 });
    unit.setParameters({ weights: [Float64Array.from(end.perceptron.weights)], biases: Float64Array.from([end.perceptron.bias]) });
    expect(misclassified(unit, run.data.dataset)).toEqual([]);
    expect(end.perceptronMargin).toBeGreaterThan(0);
  });

  it('ends with logistic regression further from the nearest flower, its margin still growing after it separates', async () => {
    const run = await opened();
    const end = run.at(run.maxEpochs)!;
    expect(end.logisticWrong).toBe(0);
    expect(end.logisticMargin).toBeGreaterThan(end.perceptronMargin);
    expect(furtherLine(end)).toBe('logistic');
    const margins = Array.from({ length: run.maxEpochs + 1 }, (_, e) => run.at(e)!.logisticMargin);
    const separates = margins.findIndex((m) => m > 0);
    expect(separates).toBeGreaterThan(run.perceptronEpochs);
    for (let e = separates + 1; e <= run.maxEpochs; e++) expect(margins[e], `epoch ${e}`).toBeGreaterThanOrEqual(margins[e - 1]);
    // the cross-entropy keeps falling although every flower is already on its side
    expect(end.loss).toBeLessThan(run.at(separates)!.loss);
  });

  it('reads its margins and probabilities from the engine’s model', async () => {
    const run = await opened();
    const end = run.at(run.maxEpochs)!;
    const [kernel, bias] = run.model.getWeights();
    expect(end.logistic.weights).toEqual([kernel.data[0], kernel.data[1]]);
    expect(end.logisticMargin).toBe(lineMargin(kernel.data[0], kernel.data[1], bias.data[0], run.data.points));
    const predicted = await run.model.predict({ data: Float32Array.from(run.data.dataset.x), shape: [run.data.dataset.n, 2] });
    expect(Array.from(end.probabilities)).toEqual(Array.from(predicted.data));
    expect(end.grid).toHaveLength(64);
  });

  it('moves its cursor epoch by epoch, to the end and back', async () => {
    const run = await opened();
    expect(run.stepForward(3)).toBe(3);
    expect(run.current?.epoch).toBe(3);
    expect(run.margins.logistic).toHaveLength(3);
    run.finish();
    expect(run.finished).toBe(true);
    expect(run.stepForward()).toBe(0);
    run.reset();
    expect(run.cursor).toBe(0);
  });
});
