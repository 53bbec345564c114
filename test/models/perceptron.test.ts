import { describe, expect, it } from 'vitest';
import { labelledData } from '../../src/lib/models/labelledData';
import { Perceptron } from '../../src/lib/models/perceptron';
import { perceptronSteps, trainPerceptron, type TrainStep } from '../../src/lib/models/trainPerceptron';
import { misclassified, wrongSide } from '../../src/lib/models/wrongSide';

/** Three points where the first instance scores exactly zero on zero weights. */
const tiny = labelledData(
  [
    [2, 1],
    [1, -1],
    [0, 2]
  ],
  [1, 0, 1]
);

const arr = (a: ArrayLike<number>) => Array.from(a);
const weightsOf = (step: TrainStep) => [...arr(step.after.weights[0]), step.after.biases[0]];

function stepsOf(model: Perceptron, data = tiny, options = {}) {
  const steps: TrainStep[] = [];
  const result = trainPerceptron(model, data, options, (s) => steps.push(s));
  return { steps, result };
}

describe('scikit-learn mode, traced by hand', () => {
  // SGDClassifier(loss='perceptron', learning_rate='constant', eta0=1, penalty=None, shuffle=False):
  // t = -1/+1, update when t·z <= 0: w += t·x, b += t; loss = max(0, -t·z), summed per epoch.
  // Epoch 1, w = (0, 0), b = 0:
  //   (2, 1), t=+1: z = 0, t·z = 0 -> mistake (a zero score counts), loss 0: w = (2, 1), b = 1
  //   (1,-1), t=-1: z = 2 - 1 + 1 = 2, t·z = -2 -> mistake, loss 2: w = (1, 2), b = 0
  //   (0, 2), t=+1: z = 4 -> right
  // Epoch 2: z = 4, -1, 4 -> all right, loss 0: converged.
  // Stopping (tol=1e-3, n_iter_no_change=5): epoch 1 loss 2 -> best 2; epoch 2 loss 0 beats
  // 2 - 0.003 -> count 0, best 0; epochs 3..7 loss 0 > 0 - 0.003 -> count 1..5: stop, n_iter_ = 7.
  it('makes the updates of the hand trace', () => {
    const model = new Perceptron({ nFeatures: 2, rule: 'sklearn' });
    const { steps, result } = stepsOf(model);
    const first = steps.slice(0, 3);
    expect(first.map((s) => s.units[0].z)).toEqual([0, 2, 4]);
    expect(first.map((s) => s.units[0].target)).toEqual([1, -1, 1]);
    expect(first.map((s) => s.mistake)).toEqual([true, true, false]);
    expect(first.map((s) => s.units[0].loss)).toEqual([0, 2, 0]);
    expect(first.map(weightsOf)).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [1, 2, 0]
    ]);
    expect(arr(first[1].update.dw[0])).toEqual([-1, 1]);
    expect(arr(first[1].update.db)).toEqual([-1]);
    expect(result.errorsPerEpoch.slice(0, 3)).toEqual([2, 0, 0]);
    expect(result.lossPerEpoch.slice(0, 2)).toEqual([2, 0]);
    expect(result.convergedEpoch).toBe(2);
    expect(result.epochs).toBe(7);
    expect(result.stoppedBy).toBe('sklearn');
    expect([...arr(model.units[0].weights), model.units[0].bias]).toEqual([1, 2, 0]);
  });

  it('with tol = null runs to max_iter, and the "converged" stop ends at the first clean epoch', () => {
    expect(trainPerceptron(new Perceptron({ nFeatures: 2, rule: 'sklearn' }), tiny, { tol: null, maxEpochs: 40 }).epochs).toBe(40);
    const early = trainPerceptron(new Perceptron({ nFeatures: 2, rule: 'sklearn' }), tiny, { stop: 'converged' });
    expect(early.epochs).toBe(2);
    expect(early.stoppedBy).toBe('converged');
  });

  it('scales every update by eta0', () => {
    const model = new Perceptron({ nFeatures: 2, rule: 'sklearn', learningRate: 0.5 });
    const { steps } = stepsOf(model);
    expect(weightsOf(steps[0])).toEqual([1, 0.5, 0.5]);
  });

  // One-vs-rest, three classes, three units; the predicted class is the argmax (first on ties).
  // Epoch 1, all weights zero:
  //   (1, 0) class 0: z = (0, 0, 0), all t·z = 0 -> all three update:
  //      w0 = (1, 0) b0 = 1;  w1 = (-1, 0) b1 = -1;  w2 = (-1, 0) b2 = -1;   predicted 0
  //   (0, 1) class 1: z = (1, -1, -1): unit 0 (t=-1) and unit 1 (t=+1) err, each loss 1:
  //      w0 = (1, -1) b0 = 0;  w1 = (-1, 1) b1 = 0;  unit 2 right;           predicted 0
  //   (-1,-1) class 2: z = (0, 0, 0): all err with loss 0:
  //      w0 = (2, 0) b0 = -1;  w1 = (0, 2) b1 = -1;  w2 = (-2, -1) b2 = 0;  predicted 0
  // Epoch 2: every unit right. Losses per unit in epoch 1: (1, 1, 0), so units 0 and 1 stop
  // after epoch 7 and unit 2 (best loss 0 from the start) after epoch 6: n_iter_ = 7.
  it('trains one unit per class, as scikit-learn does one-vs-rest', () => {
    const data = labelledData(
      [
        [1, 0],
        [0, 1],
        [-1, -1]
      ],
      [0, 1, 2]
    );
    const model = new Perceptron({ nFeatures: 2, nClasses: 3, rule: 'sklearn' });
    const { steps, result } = stepsOf(model, data);
    expect(model.units).toHaveLength(3);
    expect(steps.slice(0, 3).map((s) => s.prediction)).toEqual([0, 0, 0]);
    expect(steps.slice(0, 3).map((s) => s.units.map((u) => u.error))).toEqual([
      [1, -1, -1],
      [-1, 1, 0],
      [-1, -1, 1]
    ]);
    const p = steps[2].after;
    expect(p.weights.map(arr)).toEqual([
      [2, 0],
      [0, 2],
      [-2, -1]
    ]);
    expect(arr(p.biases)).toEqual([-1, -1, 0]);
    expect(arr(steps[2].epochEnd!.loss)).toEqual([1, 1, 0]);
    expect(result.convergedEpoch).toBe(2);
    expect(result.unitEpochs).toEqual([7, 7, 6]);
    expect(result.epochs).toBe(7);
    expect(arr(model.predictAll(data))).toEqual([0, 1, 2]);
  });

  it('predicts class 0 for a zero score, as scikit-learn does (z > 0 is class 1)', () => {
    const model = new Perceptron({ nFeatures: 2, rule: 'sklearn' });
    expect(model.predict([3, 4])).toBe(0);
    expect(() => new Perceptron({ nFeatures: 2, rule: 'sklearn', step: 'heaviside' })).toThrow(/sign/);
  });
});

describe('Rosenblatt rule: heaviside vs sign', () => {
  // Heaviside, targets 0/1, error = t - step(z):
  //   epoch 1: (2,1) z=0 -> 1 = t, no update (unlike scikit-learn); (1,-1) z=0 -> 1, t=0:
  //   w = (-1, 1), b = -1; (0,2) z=1 -> right.  Epoch 2: (2,1) z=-2 -> 0, t=1: w = (1, 2), b = 0;
  //   the rest right. Epoch 3 is clean.
  it('heaviside: no update where z = 0 and the target is 1', () => {
    const { steps, result } = stepsOf(new Perceptron({ nFeatures: 2 }));
    expect(steps.slice(0, 4).map((s) => s.units[0].error)).toEqual([0, -1, 0, 1]);
    expect(steps.slice(0, 4).map(weightsOf)).toEqual([
      [0, 0, 0],
      [-1, 1, -1],
      [-1, 1, -1],
      [1, 2, 0]
    ]);
    expect(result.errorsPerEpoch).toEqual([1, 1, 0]);
    expect(result.convergedEpoch).toBe(3);
  });
  // Sign, targets -1/+1, error = t - sgn(z) (so 1 at z = 0, 2 on a wrong side):
  //   (2,1) z=0 -> 0, t=1, error 1: w = (2,1), b = 1; (1,-1) z=2 -> +1, t=-1, error -2:
  //   w = (0, 3), b = -1; (0,2) z=5 right. Epoch 2 clean.
  it('sign: a zero output is an error of 1, a wrong side an error of 2', () => {
    const { steps, result } = stepsOf(new Perceptron({ nFeatures: 2, step: 'sign' }));
    expect(steps.slice(0, 3).map((s) => s.units[0].error)).toEqual([1, -2, 0]);
    expect(steps.slice(0, 3).map((s) => s.units[0].output)).toEqual([0, 1, 1]);
    expect(steps.slice(0, 3).map(weightsOf)).toEqual([
      [2, 1, 1],
      [0, 3, -1],
      [0, 3, -1]
    ]);
    expect(result.convergedEpoch).toBe(2);
  });
  it('learns AND and OR from their truth tables', () => {
    for (const [labels, name] of [
      [[0, 0, 0, 1], 'and'],
      [[0, 1, 1, 1], 'or']
    ] as const) {
      const data = labelledData(
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1]
        ],
        labels
      );
      for (const step of ['heaviside', 'sign'] as const) {
        const model = new Perceptron({ nFeatures: 2, step });
        const result = trainPerceptron(model, data);
        expect(result.converged, `${name} ${step}`).toBe(true);
        expect(arr(model.predictAll(data))).toEqual([...labels]);
      }
    }
  });
});

describe('the trace', () => {
  it('adds up: after = before + update, and each epoch ends with its summary', () => {
    const { steps, result } = stepsOf(new Perceptron({ nFeatures: 2, step: 'sign', learningRate: 0.3 }), tiny, { stop: 'maxEpochs', maxEpochs: 4 });
    expect(steps).toHaveLength(12);
    for (const s of steps) {
      const w = s.before.weights[0].map((v, j) => v + s.update.dw[0][j]);
      expect(arr(s.after.weights[0])).toEqual(arr(w));
      expect(s.after.biases[0]).toBe(s.before.biases[0] + s.update.db[0]);
      expect(arr(s.x)).toEqual(arr(tiny.x).slice(2 * s.index, 2 * s.index + 2));
      expect(s.target).toBe(tiny.labels[s.index]);
    }
    const ends = steps.filter((s) => s.epochEnd);
    expect(ends.map((s) => s.epochEnd!.epoch)).toEqual([1, 2, 3, 4]);
    expect(ends.map((s) => s.epochEnd!.errors)).toEqual(result.errorsPerEpoch);
    expect(result.history).toHaveLength(5);
  });
  it('never aliases the weights it reports', () => {
    const model = new Perceptron({ nFeatures: 2 });
    const first = perceptronSteps(model, tiny).next().value as TrainStep;
    const before = arr(first.after.weights[0]);
    trainPerceptron(model, tiny);
    expect(arr(first.after.weights[0])).toEqual(before);
  });
  it('shuffles with a seed: the same seed replays, another seed takes another order', () => {
    const data = labelledData(
      Array.from({ length: 12 }, (_, i) => [i - 6, (i * 7) % 5]),
      Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1))
    );
    const orders = (seed: number) => {
      const { steps } = stepsOf(new Perceptron({ nFeatures: 2 }), data, { shuffle: true, seed, stop: 'maxEpochs', maxEpochs: 2 });
      return steps.map((s) => s.index);
    };
    const a = orders(5);
    expect(orders(5)).toEqual(a);
    expect(orders(6)).not.toEqual(a);
    expect(a.slice(0, 12)).not.toEqual(a.slice(12));
    expect([...a.slice(0, 12)].sort((p, q) => p - q)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
  it('rejects labels outside the classes and data of the wrong width', () => {
    expect(() => trainPerceptron(new Perceptron({ nFeatures: 2 }), labelledData([[0, 1]], [2]))).toThrow(/label 2/);
    expect(() => trainPerceptron(new Perceptron({ nFeatures: 3 }), tiny)).toThrow(/2 features/);
    expect(() => trainPerceptron(new Perceptron({ nFeatures: 2 }), tiny, { stop: 'sklearn' })).toThrow();
  });
});

describe('wrong side', () => {
  it('lists the points each line gets wrong', () => {
    // x = 0.5 as a vertical line, class 1 to its right: (1,-1) is class 0 but right of it,
    // (0,2) is class 1 but left of it. Flipping the normal flips the sides: (2,1) alone is wrong.
    expect(wrongSide([1, 0], -0.5, tiny)).toEqual([1, 2]);
    expect(wrongSide([-1, 0], 0.5, tiny)).toEqual([0]);
    expect(wrongSide([1, 2], 0, tiny)).toEqual([]);
    // on the line: heaviside puts it in class 1, sign in class 0
    expect(wrongSide([0, 0], 0, tiny, 'heaviside')).toEqual([1]);
    expect(wrongSide([0, 0], 0, tiny, 'sign')).toEqual([0, 2]);
  });
  it('agrees with the perceptron that owns the weights', () => {
    const model = new Perceptron({ nFeatures: 2 });
    model.setParameters({ weights: [Float64Array.of(1, 0)], biases: Float64Array.of(-0.5) });
    expect(misclassified(model, tiny)).toEqual(wrongSide([1, 0], -0.5, tiny));
  });
});
