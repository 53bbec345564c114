import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from '../../../src/lib/engine/losses';
import { buildModel } from '../../../src/lib/models/modelSpec';
import { Playground } from '../../../src/lib/sim/playground/Playground.svelte';
import { CHALLENGES } from '../../../src/lib/sim/playground/challenges';
import { DEFAULT_CONFIG, type PlaygroundConfig } from '../../../src/lib/sim/playground/config';
import { featureMatrix, gridSpec, labelTensor, playgroundData } from '../../../src/lib/sim/playground/data';
import { deadRelus, kernelRows, planePictures, playgroundModel, playgroundSpec, scorePoints, withWeight } from '../../../src/lib/sim/playground/network';
import { gridPoints } from '../../../src/lib/sim/training/TrainingRun';
import { inProcessWorker } from '../training/inProcessWorker';

const until = async (what: () => boolean, ms = 60_000) => {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('playground network shape', () => {
  it('builds the ModelSpec the controls describe: a Dense layer per hidden layer with its activation, one sigmoid output', () => {
    const p = new Playground({ seed: 3 });
    p.removeLayer();
    p.removeLayer();
    expect(playgroundSpec(p.config, 3).layers).toEqual([{ type: 'dense', units: 1, activation: 'sigmoid' }]);
    p.addLayer();
    p.setUnits(0, 5);
    p.setActivation(0, 'relu');
    p.addLayer();
    p.setActivation(1, 'sigmoid');
    p.toggleFeature('x1x2');
    p.setL2(0.003);
    const spec = playgroundSpec(p.config, 3);
    expect(spec).toEqual({
      inputShape: [3],
      layers: [
        { type: 'dense', units: 5, activation: 'relu' },
        { type: 'dense', units: 2, activation: 'sigmoid' },
        { type: 'dense', units: 1, activation: 'sigmoid' }
      ],
      optimizer: 'sgd',
      loss: 'binaryCrossentropy',
      learningRate: DEFAULT_CONFIG.learningRate,
      seed: 3,
      kernelRegularizer: { l2: 0.003 }
    });
    expect(p.weights.map((w) => w.shape)).toEqual([[3, 5], [5], [5, 2], [2], [2, 1], [1]]);
  });

  it('keeps to 0..6 hidden layers of 1..8 units and at least one input', () => {
    const p = new Playground({ seed: 1 });
    for (let i = 0; i < 10; i++) p.addLayer();
    expect(p.config.hidden).toHaveLength(6);
    for (let i = 0; i < 10; i++) p.removeLayer();
    expect(p.config.hidden).toHaveLength(0);
    p.addLayer();
    p.setUnits(0, 12);
    expect(p.config.hidden[0].units).toBe(8);
    p.setUnits(0, 0);
    expect(p.config.hidden[0].units).toBe(1);
    p.toggleFeature('x1');
    p.toggleFeature('x2');
    expect(p.config.features).toEqual(['x2']);
  });

  it('reports each change of view for the link', () => {
    const seen: PlaygroundConfig[] = [];
    const p = new Playground({ seed: 1, onlink: (c) => seen.push(c) });
    p.setDataset('moons');
    p.setLearningRate(0.3);
    expect(seen.map((c) => [c.dataset, c.learningRate])).toEqual([
      ['moons', 0.03],
      ['moons', 0.3]
    ]);
    expect(p.link).toBe('?data=moons&lr=0.3');
  });
});

describe('playground data', () => {
  it('splits by the ratio with the seed, the same every time', () => {
    const a = playgroundData({ dataset: 'moons', noise: 0.1, trainRatio: 0.7 }, 5);
    const b = playgroundData({ dataset: 'moons', noise: 0.1, trainRatio: 0.7 }, 5);
    expect(a.train.length).toBe(280);
    expect(a.test.length).toBe(120);
    expect(a.train).toEqual(b.train);
    expect(playgroundData({ dataset: 'moons', noise: 0.1, trainRatio: 0.7 }, 6).train).not.toEqual(a.train);
  });

  it('standardises the penguins with the training part and marks the Chinstraps', () => {
    const d = playgroundData({ dataset: 'penguins', noise: 0, trainRatio: 0.8 }, 1);
    expect(d.train.length + d.test.length).toBe(333);
    const mean = d.train.reduce((s, p) => s + p.x, 0) / d.train.length;
    const sd = Math.sqrt(d.train.reduce((s, p) => s + (p.x - mean) ** 2, 0) / d.train.length);
    expect(mean).toBeCloseTo(0, 5);
    expect(sd).toBeCloseTo(1, 4);
    // 68 Chinstraps among the 333 complete rows
    expect([...d.train, ...d.test].filter((p) => p.label === 1)).toHaveLength(68);
  });

  it('computes the extra input features from x₁ and x₂', () => {
    const x = featureMatrix([{ x: 0.5, y: -2, label: 0 }], ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2']);
    expect(Array.from(x.data)).toEqual([0.5, -2, 0.25, 4, -1, 1, Math.fround(Math.sin(-2 * Math.PI))]);
  });
});

describe('playground pictures', () => {
  const config: PlaygroundConfig = { ...DEFAULT_CONFIG, hidden: [{ units: 3, activation: 'relu' }], features: ['x1', 'x2', 'x1x2'] };

  it('draws the output from the same weights the model predicts with', async () => {
    const model = buildModel(playgroundSpec(config, 9));
    const grid = gridSpec({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 6);
    const pictures = await planePictures(playgroundModel(config, model.getWeights()), config, grid);
    const predicted = await model.predict(featureMatrix(gridPoints(grid).data, config.features));
    pictures.output.forEach((v, i) => expect(v).toBeCloseTo(predicted.data[i], 6));
    expect(pictures.units.map((l) => l.length)).toEqual([3, 3, 1]);
    for (const layer of pictures.units) for (const unit of layer) expect(unit.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('counts a ReLU unit dead when it outputs 0 on every training point', async () => {
    const model = buildModel(playgroundSpec(config, 9));
    const weights = model.getWeights();
    const train = playgroundData(config, 9).train;
    expect(await deadRelus(playgroundModel(config, weights), config, train)).toEqual([[]]);
    const killed = weights.map((w, i) => (i === 1 ? { data: Float32Array.of(w.data[0], -50, w.data[2]), shape: w.shape } : w));
    expect(await deadRelus(playgroundModel(config, killed), config, train)).toEqual([[1]]);
  });

  it('scores points by the model’s own binary cross-entropy and accuracy', async () => {
    const model = buildModel(playgroundSpec(config, 9));
    const { test } = playgroundData(config, 9);
    const score = await scorePoints(playgroundModel(config, model.getWeights()), config, test);
    const p = await model.predict(featureMatrix(test, config.features));
    expect(score.loss).toBeCloseTo(binaryCrossentropy(p, labelTensor(test)).loss, 6);
    expect(score.accuracy).toBe(test.filter((pt, i) => (p.data[i] > 0.5 ? 1 : 0) === pt.label).length / test.length);
    expect(await scorePoints(model, config, [])).toEqual({ loss: NaN, accuracy: NaN });
  });

  it('edits one weight and nothing else', () => {
    const weights = buildModel(playgroundSpec(config, 9)).getWeights();
    const edited = withWeight(weights, 0, 2, 1, 4.5);
    expect(kernelRows(edited)[0][2][1]).toBe(4.5);
    expect(kernelRows(edited)[0][0]).toEqual(kernelRows(weights)[0][0]);
    expect(() => withWeight(weights, 0, 3, 0, 1)).toThrow(RangeError);
    expect(() => withWeight(weights, 0, 0, 0, NaN)).toThrow(RangeError);
  });
});

describe('playground training in the worker', () => {
  it('plays, counts epochs, pauses, carries on after a new learning rate and starts over for a new shape', async () => {
    const p = new Playground({ seed: 4, workerFactory: inProcessWorker, config: { ...DEFAULT_CONFIG, dataset: 'xor', learningRate: 0.3 } });
    const start = p.weights[0].data.slice();
    p.play();
    expect(p.status).toBe('running');
    await until(() => p.epoch >= 3);
    p.pause();
    await new Promise((r) => setTimeout(r, 50));
    const paused = p.epoch;
    await new Promise((r) => setTimeout(r, 50));
    expect(p.epoch).toBe(paused);
    expect(p.trainLoss).toHaveLength(p.epoch);
    expect(p.testLoss).toHaveLength(p.epoch);
    expect(p.backendLine).toBe('training on: plain JavaScript, op by op — the only backend that works here');
    expect(Array.from(p.weights[0].data)).not.toEqual(Array.from(start));

    p.setLearningRate(0.1);
    expect(p.epoch).toBe(paused);
    const before = p.weights;
    p.step();
    await until(() => p.epoch === paused + 1);
    expect(p.trainLoss).toHaveLength(paused + 1);
    // the epoch was trained at the new rate: the same epoch from the same weights at 0.1, and not at 0.3
    const epochAt = async (learningRate: number) => {
      const model = buildModel(playgroundSpec({ ...p.config, learningRate }, 4));
      model.setWeights(before);
      const { train } = p.data;
      await model.fit(featureMatrix(train, p.config.features), labelTensor(train), { epochs: 1, batchSize: p.config.batchSize, seed: 4 + paused });
      return model.getWeights().map((w) => Array.from(w.data));
    };
    const trained = p.weights.map((w) => Array.from(w.data));
    expect(trained).toEqual(await epochAt(0.1));
    expect(trained).not.toEqual(await epochAt(0.3));

    p.setDataset('circles');
    expect(p.epoch).toBe(0);
    expect(p.trainLoss).toEqual([]);
    p.dispose();
  });

  it('learns XOR with one hidden layer', async () => {
    const p = new Playground({ seed: 2, workerFactory: inProcessWorker, config: { ...DEFAULT_CONFIG, dataset: 'xor', learningRate: 0.3 } });
    p.play();
    await until(() => p.epoch >= 40);
    p.pause();
    await p.refresh();
    expect(p.testScore.accuracy).toBeGreaterThan(0.9);
    expect(p.testLoss[p.testLoss.length - 1]).toBeLessThan(p.testLoss[0]);
    p.dispose();
  });

  it('trains on from a weight the learner set', async () => {
    const p = new Playground({ seed: 2, workerFactory: inProcessWorker, config: { ...DEFAULT_CONFIG, dataset: 'xor' } });
    p.setWeight(0, 1, 2, 7.25);
    expect(kernelRows(p.weights)[0][1][2]).toBe(7.25);
    p.step();
    await until(() => p.epoch === 1);
    // one epoch of small steps moves it a little, from 7.25, not from the initial value
    expect(Math.abs(kernelRows(p.weights)[0][1][2] - 7.25)).toBeLessThan(0.5);
    p.dispose();
  });

  it('keeps the last good weights and says why when training diverges', async () => {
    const hidden = Array.from({ length: 6 }, () => ({ units: 8, activation: 'linear' as const }));
    const p = new Playground({ seed: 1, workerFactory: inProcessWorker, config: { ...DEFAULT_CONFIG, hidden, learningRate: 10, batchSize: 1 } });
    p.play();
    await until(() => p.status === 'diverged');
    expect(p.diagnosis?.message).toMatch(/NaN|Infinity/);
    expect(p.diagnosis?.suggestion.length).toBeGreaterThan(0);
    expect(p.weights.every((w) => w.data.every(Number.isFinite))).toBe(true);
    p.dispose();
  });

  it('at rate 10 the default network collapses on one class of the circles: it stops after the epoch and says so in one sentence', async () => {
    const p = new Playground({ seed: 42, workerFactory: inProcessWorker, config: { ...DEFAULT_CONFIG, dataset: 'circles', learningRate: 10 } });
    p.play();
    await until(() => p.status === 'diverged');
    expect(p.diagnosis?.cause).toBe('collapsed');
    expect(p.diagnosis?.message).toMatch(
      /^After epoch 1 the network answers “(inner disc|outer ring)” for (9\d|100)(\.\d)?% of the \d+ test points and gets \d+(\.\d)?% right, no better than chance, and its loss of \d+\.\d\d is worse than the 0\.69 of guessing every class evenly: its steps are too large; lower the learning rate from 10 to 1\.$/
    );
    expect(p.epoch).toBe(1);
    expect(p.trainLoss[0]).toBeGreaterThan(1.1 * Math.log(2));
    expect(p.weights.every((w) => w.data.every(Number.isFinite))).toBe(true);
    // Train goes on from the weights it reached
    const reached = p.weights;
    p.setLearningRate(0.03);
    expect(p.diagnosis).toBeNull();
    p.step();
    await until(() => p.epoch === 2);
    expect(p.weights).not.toBe(reached);
    p.dispose();
  });

  it('at the default rate it trains on for epochs without a word', async () => {
    const p = new Playground({ seed: 42, workerFactory: inProcessWorker });
    p.play();
    await until(() => p.epoch >= 30);
    expect(p.diagnosis).toBeNull();
    expect(p.status).toBe('running');
    p.dispose();
  });

  it('a question at rate 10 runs its epochs: its verdict says what happened', async () => {
    const p = new Playground({ seed: 42, workerFactory: inProcessWorker });
    const challenge = CHALLENGES.find((c) => c.id === 'rate-ten')!;
    p.predict(challenge.id, 'no');
    p.play();
    await until(() => p.outcome !== null);
    expect(p.epoch).toBe(challenge.epochs);
    expect(p.diagnosis).toBeNull();
    expect(challenge.happened(p.outcome!)).toBe(false);
    p.dispose();
  });

  it('stops a prediction run at its epochs and measures what happened', async () => {
    const p = new Playground({ seed: 42, workerFactory: inProcessWorker });
    const challenge = CHALLENGES.find((c) => c.id === 'no-hidden-circles');
    if (!challenge) throw new Error('missing challenge');
    p.predict(challenge.id, 'no');
    expect(p.config.hidden).toEqual([]);
    p.play();
    await until(() => p.outcome !== null);
    expect(p.epoch).toBe(challenge.epochs);
    expect(p.outcome?.testAccuracy).toBeLessThan(0.8);
    expect(challenge.happened(p.outcome as NonNullable<typeof p.outcome>)).toBe(false);
    p.dispose();
  });
});
