import { describe, expect, it } from 'vitest';
import { logicGate } from '../../src/lib/datasets/logicGates';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPerceptron } from '../../src/lib/models/trainPerceptron';
import { PerceptronRun } from '../../src/lib/sim/PerceptronRun.svelte';
import { WeightPath, epochCycle, integerStart } from '../../src/lib/sim/WeightPath';

const xor = logicGate('xor');
const noFrames = { request: () => 0, cancel: () => {} };

function xorRun(seed: number, maxEpochs = 40) {
  return new PerceptronRun({ data: xor, start: integerStart(seed), train: { maxEpochs }, frames: noFrames });
}

describe('the perceptron rule on the XOR truth table', () => {
  it('goes round the same loop from zero weights: (−1, 0, −1) → (−1, 1, 0) → (0, 1, 1) → (−1, 0, 0) and back', () => {
    const run = xorRun(0);
    run.finish();
    const cycle = epochCycle(run.initial, run.completedEpochs);
    expect(cycle).toEqual({ start: 2, length: 1 });
    const path = new WeightPath(run);
    const points = path.pointsAt();
    const span = path.loopSpan(cycle)!;
    const lap = points.slice(span.from, span.to + 1).map((p) => [p.w1, p.w2, p.b]);
    expect(lap).toEqual([
      [-1, 0, 0],
      [-1, 0, -1],
      [-1, 1, 0],
      [0, 1, 1],
      [-1, 0, 0]
    ]);
    expect(run.errorsPerEpoch.slice(0, 4)).toEqual([3, 3, 4, 4]);
  });

  it.each([0, 1, 2, 3, 7, 11, 42, 1234])('never converges and closes a loop from the start of seed %i', (seed) => {
    const run = xorRun(seed);
    run.finish();
    expect(run.result?.converged).toBe(false);
    expect(run.errorsPerEpoch).toHaveLength(40);
    expect(Math.min(...run.errorsPerEpoch)).toBeGreaterThan(0);
    const cycle = epochCycle(run.initial, run.completedEpochs);
    expect(cycle).not.toBeNull();
    const path = new WeightPath(run);
    const points = path.pointsAt();
    const span = path.loopSpan(cycle)!;
    expect(span.to).toBeGreaterThan(span.from);
    const [a, z] = [points[span.from], points[span.to]];
    expect([a.w1, a.w2, a.b]).toEqual([z.w1, z.w2, z.b]);
    // the same cycle the model's own detector reports for the same start
    const model = new Perceptron({ nFeatures: 2 });
    model.setParameters(integerStart(seed));
    expect(trainPerceptron(model, xor, { maxEpochs: 40 }).cycle).toEqual(cycle);
  });

  it('draws a different start for each seed, in whole numbers from −2 to 2', () => {
    const starts = [1, 2, 3, 4, 5].map((s) => integerStart(s));
    for (const s of starts) for (const v of [...s.weights[0], s.biases[0]]) expect(Number.isInteger(v) && v >= -2 && v <= 2).toBe(true);
    expect(new Set(starts.map((s) => [...s.weights[0], s.biases[0]].join())).size).toBeGreaterThan(1);
  });

  it('follows the cursor: rewinding shows fewer points, and only updates add points', () => {
    const run = xorRun(0);
    const path = new WeightPath(run);
    run.stepForward(4);
    expect(path.pointsAt()).toHaveLength(1 + 3);
    // epoch 2 opens with (0, 0), which the weights (−1, 0, −1) already get right: no point
    run.stepForward(2);
    expect(path.pointsAt()).toHaveLength(1 + 3 + 1);
    run.reset();
    expect(path.pointsAt()).toEqual([{ w1: 0, w2: 0, b: 0, epoch: 0 }]);
    expect(path.loopSpan({ start: 2, length: 1 })).toBeNull();
  });
});
