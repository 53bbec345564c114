import { describe, expect, it } from 'vitest';
import { iris, irisPair } from '../../src/lib/datasets/iris';
import { logicGate } from '../../src/lib/datasets/logicGates';
import { penguins, penguinsPair } from '../../src/lib/datasets/penguins';
import { pickClasses } from '../../src/lib/datasets/pickClasses';
import { xor } from '../../src/lib/datasets/xor';
import { labelledData, type LabelledData } from '../../src/lib/models/labelledData';
import { Perceptron, type PerceptronRule } from '../../src/lib/models/perceptron';
import { trainPocket } from '../../src/lib/models/pocket';
import { trainPerceptron, type TrainStep } from '../../src/lib/models/trainPerceptron';
import { misclassified, wrongSide } from '../../src/lib/models/wrongSide';
import { standardize } from './standardize';

const features = (data: LabelledData) => data.sampleShape[0];

function fit(data: LabelledData, options: { rule?: PerceptronRule; step?: 'heaviside' | 'sign'; nClasses?: number } = {}, train = {}) {
  const model = new Perceptron({ nFeatures: features(data), ...options });
  const result = trainPerceptron(model, data, train);
  return { model, result };
}

describe('Iris setosa vs versicolor: separable, so the rule converges', () => {
  it('on the petals (the picture of chapter 2) in 3 epochs', () => {
    const data = irisPair(undefined, ['setosa', 'versicolor'], ['petal length (cm)', 'petal width (cm)']);
    expect(data.n).toBe(100);
    const { model, result } = fit(data);
    expect(result.converged).toBe(true);
    expect(result.convergedEpoch).toBe(3);
    expect(result.errorsPerEpoch).toEqual([2, 2, 0]);
    const { weights, biases } = model.parameters();
    expect(wrongSide(weights[0], biases[0], data)).toEqual([]);
    expect(model.accuracy(data)).toBe(1);
  });
  it('on the sepals too, but only after 721 epochs (a thin margin)', () => {
    const data = irisPair(undefined, ['setosa', 'versicolor'], ['sepal length (cm)', 'sepal width (cm)']);
    const { model, result } = fit(data);
    expect(result.convergedEpoch).toBe(721);
    expect(result.errorsPerEpoch.slice(0, -1).every((e) => e > 0)).toBe(true);
    expect(misclassified(model, data)).toEqual([]);
  });
  it('shuffled with a seed, converges on the sepals in another number of epochs, the same on replay', () => {
    const data = irisPair(undefined, ['setosa', 'versicolor'], ['sepal length (cm)', 'sepal width (cm)']);
    const a = fit(data, {}, { shuffle: true, seed: 42 }).result;
    const b = fit(data, {}, { shuffle: true, seed: 42 }).result;
    expect(a.converged).toBe(true);
    expect(a.convergedEpoch).not.toBe(721);
    expect(b.errorsPerEpoch).toEqual(a.errorsPerEpoch);
    expect(b.history.at(-1)).toEqual(a.history.at(-1));
  });
  it('on all four measurements in 4 epochs, with either step and in scikit-learn mode', () => {
    const data = pickClasses(iris(), ['setosa', 'versicolor']);
    expect(features(data)).toBe(4);
    expect(fit(data).result.convergedEpoch).toBe(4);
    expect(fit(data, { step: 'sign' }).result.converged).toBe(true);
    const sk = fit(data, { rule: 'sklearn' });
    expect(sk.result.convergedEpoch).toBe(4);
    // scikit-learn goes on until 5 epochs bring no improvement of the loss: n_iter_ = 4 + 5
    expect(sk.result.epochs).toBe(9);
    expect(sk.model.accuracy(data)).toBe(1);
  });
});

describe('XOR: no line separates, so the rule never stops', () => {
  const table = logicGate('xor');

  it('stays at or below 75% after 1,000 epochs, with mistakes in every epoch', () => {
    for (const options of [{ step: 'heaviside' }, { step: 'sign' }, { rule: 'sklearn' }] as const) {
      const { model, result } = fit(table, options, { stop: 'maxEpochs', maxEpochs: 1000 });
      expect(result.epochs).toBe(1000);
      expect(result.converged).toBe(false);
      expect(Math.min(...result.errorsPerEpoch)).toBeGreaterThan(0);
      expect(model.accuracy(table)).toBeLessThanOrEqual(0.75);
    }
  });

  // Heaviside, order 00, 01, 10, 11, from zero weights (w1, w2, b):
  //   epoch 1: 00 fires, t=0: b=-1; 01 z=-1, t=1: (0,1,0); 10 z=0 fires, right; 11 z=1, t=0: (-1,0,-1)
  //   epoch 2: 00 right; 01 z=-1: (-1,1,0); 10 z=-1: (0,1,1); 11 z=2, t=0: (-1,0,0)
  //   epoch 3: 00 z=0 fires: (-1,0,-1); then as epoch 2: back to (-1,0,0). A cycle of one epoch.
  it('revisits its weights: the epoch-2 weights come back after every epoch', () => {
    const { result } = fit(table, {}, { stop: 'maxEpochs', maxEpochs: 1000 });
    expect(result.cycle).toEqual({ start: 2, length: 1 });
    expect([...result.history[2].weights[0], result.history[2].biases[0]]).toEqual([-1, 0, 0]);
    expect(result.errorsPerEpoch.slice(0, 4)).toEqual([3, 3, 4, 4]);
  });
  it('in scikit-learn mode comes back to zero weights after each epoch, and scikit-learn stops at 6', () => {
    // 00 t=-1 z=0: b=-1; 01 t=+1 z=-1: (0,1,0); 10 t=+1 z=0: (1,1,1); 11 t=-1 z=3: (0,0,0)
    const long = fit(table, { rule: 'sklearn' }, { stop: 'maxEpochs', maxEpochs: 50 });
    expect(long.result.cycle).toEqual({ start: 0, length: 1 });
    // the loss is 4 every epoch: no improvement for 5 epochs after the first
    const sk = fit(table, { rule: 'sklearn' });
    expect(sk.result.lossPerEpoch).toEqual([4, 4, 4, 4, 4, 4]);
    expect(sk.result.epochs).toBe(6);
    expect(sk.result.stoppedBy).toBe('sklearn');
  });
  it('can stop as soon as the cycle shows', () => {
    const { result } = fit(table, {}, { stop: 'maxEpochs', stopOnCycle: true });
    expect(result.stoppedBy).toBe('cycle');
    expect(result.epochs).toBe(3);
  });
  it('no line leaves all four points on their side: at least one is always wrong', () => {
    let fewest = Infinity;
    for (let a = 0; a < 360; a += 5) {
      const w = [Math.cos((a * Math.PI) / 180), Math.sin((a * Math.PI) / 180)];
      for (let b = -2; b <= 2; b += 0.05) fewest = Math.min(fewest, wrongSide(w, b, table).length);
    }
    expect(fewest).toBe(1);
  });
  it('on the scattered XOR points of chapter 3 it fails as well', () => {
    const points = xor({ seed: 3, n: 40 });
    const { model, result } = fit(points, {}, { stop: 'maxEpochs', maxEpochs: 1000, shuffle: true, seed: 3 });
    expect(Math.min(...result.errorsPerEpoch)).toBeGreaterThan(0);
    expect(model.accuracy(points)).toBeLessThanOrEqual(0.75);
    expect(result.cycle).toBeNull(); // shuffled: a revisit would prove nothing, so none is claimed
  });
});

describe('Palmer penguins, Adelie vs Gentoo', () => {
  const data = pickClasses(penguins(), ['Adelie', 'Gentoo']);

  it('on bill length and depth (mm) converges as measured, in 12 epochs', () => {
    const bills = penguinsPair(undefined, ['Adelie', 'Gentoo'], ['bill length (mm)', 'bill depth (mm)']);
    const { model, result } = fit(bills);
    expect(result.convergedEpoch).toBe(12);
    expect(model.accuracy(bills)).toBe(1);
  });
  it('on all four measurements needs standardising: grams swamp millimetres', () => {
    expect(data.n).toBe(265);
    const raw = fit(data, {}, { maxEpochs: 1000 });
    expect(raw.result.converged).toBe(false);
    const scaled = standardize(data);
    const { model, result } = fit(scaled);
    expect(result.convergedEpoch).toBe(2);
    expect(model.accuracy(scaled)).toBe(1);
  });
});

describe('three species, three LTUs (one-vs-rest)', () => {
  const data = standardize(iris());

  it('separates setosa exactly and reaches over 80% overall; the other two overlap', () => {
    const model = new Perceptron({ nFeatures: 4, nClasses: 3 });
    const last: TrainStep[] = [];
    const result = trainPerceptron(model, data, { stop: 'maxEpochs', maxEpochs: 1000 }, (s) => {
      if (s.epoch === 1000) last.push(s);
    });
    expect(model.units).toHaveLength(3);
    expect(result.converged).toBe(false);
    const unitErrors = [0, 1, 2].map((k) => last.filter((s) => s.units[k].error !== 0).length);
    expect(unitErrors[0]).toBe(0);
    expect(unitErrors[1]).toBeGreaterThan(0);
    expect(model.accuracy(data)).toBeGreaterThan(0.8);
    for (let i = 0; i < data.n; i += 17) {
      const scores = Array.from(model.forward(Array.from(data.x.slice(4 * i, 4 * i + 4))));
      expect(model.predict(Array.from(data.x.slice(4 * i, 4 * i + 4)))).toBe(scores.indexOf(Math.max(...scores)));
    }
  });
  it('in scikit-learn mode each unit is exactly the binary fit of its class against the rest', () => {
    const multi = new Perceptron({ nFeatures: 4, nClasses: 3, rule: 'sklearn' });
    const result = trainPerceptron(multi, data);
    for (let k = 0; k < 3; k++) {
      const rows = Array.from({ length: data.n }, (_, i) => Array.from(data.x.slice(4 * i, 4 * i + 4)));
      const oneVsRest = labelledData(rows, Array.from(data.labels, (label) => (label === k ? 1 : 0)));
      const binary = new Perceptron({ nFeatures: 4, rule: 'sklearn' });
      const own = trainPerceptron(binary, oneVsRest);
      expect(Array.from(multi.units[k].weights)).toEqual(Array.from(binary.units[0].weights));
      expect(multi.units[k].bias).toBe(binary.units[0].bias);
      expect(result.unitEpochs[k]).toBe(own.epochs);
    }
    expect(result.epochs).toBe(Math.max(...result.unitEpochs));
  });
});

describe('pocket', () => {
  // In a fixed order the rule's short XOR cycle only visits weights with 2 of 4 right (or 1),
  // so the pocket keeps its start; shuffled, the walk passes weights with 3 of 4 right.
  it('on XOR keeps the best weights (3 of 4 right) while the rule wanders back to 2 of 4', () => {
    const table = logicGate('xor');
    const fixedOrder = trainPocket(new Perceptron({ nFeatures: 2 }), table, { stop: 'maxEpochs', maxEpochs: 50 });
    expect(fixedOrder.pocket.correct).toBe(2);
    expect(fixedOrder.pocket.epoch).toBe(0);
    const model = new Perceptron({ nFeatures: 2 });
    let previous = -1;
    const result = trainPocket(model, table, { stop: 'maxEpochs', maxEpochs: 50, shuffle: true, seed: 1 }, (step, pocket) => {
      const running = new Perceptron({ nFeatures: 2 });
      running.setParameters(step.after);
      expect(pocket.correct).toBeGreaterThanOrEqual(previous);
      expect(pocket.correct).toBeGreaterThanOrEqual(table.n - misclassified(running, table).length);
      previous = pocket.correct;
    });
    const running = new Perceptron({ nFeatures: 2 });
    running.setParameters(result.history.at(-1)!);
    expect(running.accuracy(table)).toBe(0.5);
    expect(result.pocket.accuracy).toBe(0.75);
    expect(model.accuracy(table)).toBe(0.75);
  });
  it('on three Iris species beats where the rule stops', () => {
    const data = standardize(iris());
    const plain = fit(data, { nClasses: 3 }, { stop: 'maxEpochs', maxEpochs: 200 }).model.accuracy(data);
    const model = new Perceptron({ nFeatures: 4, nClasses: 3 });
    const result = trainPocket(model, data, { stop: 'maxEpochs', maxEpochs: 200 });
    expect(result.pocket.accuracy).toBeGreaterThan(plain);
    expect(result.pocket.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(model.accuracy(data)).toBe(result.pocket.accuracy);
  });
});
