import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import { parseChapter } from '../../src/lib/chapters/parseChapter';
import { fitStandardizer, penguins, pickClasses } from '../../src/lib/datasets/index';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPerceptron } from '../../src/lib/models/trainPerceptron';
import { wrongSide } from '../../src/lib/models/wrongSide';
import { planarData } from '../../src/lib/sim/planarData';
import { LogisticComparison, readLogisticGoal, readLogisticStart } from '../../src/lib/sim/LogisticComparison.svelte';
import { PerceptronRun } from '../../src/lib/sim/PerceptronRun.svelte';
import { readLtuStart, readTrainingGoal, readTrainingStart, trainingSetup } from '../../src/lib/sim/perceptronStart';
import { compareWithSklearn } from '../../src/lib/sim/sklearnComparison';
import { panels } from '../../src/lib/ui/panels/registry';

const markdown = readFileSync(new URL('../../chapters/02-perceptron/index.md', import.meta.url), 'utf8');
const stepOf = (id: string) => steps.find((s) => s.id === id)!;

function trained(id: string) {
  const start = readTrainingStart(stepOf(id).start)!;
  const run = new PerceptronRun(trainingSetup(start).run);
  run.finish();
  return run;
}

describe('chapter 2: the perceptron', () => {
  it('is ready, with prose for every step in the order of steps.ts', () => {
    const chapter = parseChapter('02-perceptron', markdown, steps);
    expect(chapter.status).toBe('ready');
    expect(chapter.anchor).toBe('Rosenblatt, 1957');
    expect(chapter.steps.map((s) => s.id)).toEqual(['ltu', 'learn-iris', 'learn-penguins', 'sklearn', 'logistic-regression', 'three-ltus']);
    for (const step of chapter.steps) expect(step.html.length).toBeGreaterThan(400);
    expect(chapter.steps.find((s) => s.id === 'sklearn')!.html).toContain('SGDClassifier');
    const logistic = chapter.steps.find((s) => s.id === 'logistic-regression')!.html;
    for (const words of ['Dense(1, activation="sigmoid")', 'loss="binary_crossentropy"', 'softmax']) expect(logistic).toContain(words);
  });

  it('names only panels the registry has, with starts the panels can read', () => {
    for (const step of steps) expect(Object.hasOwn(panels, step.scene)).toBe(true);
    expect(readLtuStart(stepOf('ltu').start)).toBeDefined();
    for (const id of ['learn-iris', 'learn-penguins', 'three-ltus']) expect(readTrainingStart(stepOf(id).start)).toBeDefined();
    for (const id of ['learn-iris', 'learn-penguins']) expect(readTrainingGoal(stepOf(id).goal)?.converge).toBe(true);
    expect(readLogisticStart(stepOf('logistic-regression').start)).toBeDefined();
    expect(readLogisticGoal(stepOf('logistic-regression').goal)).toBeDefined();
  });

  it('the LTU step starts with setosa flowers on the wrong side, and a line exists that fixes them', () => {
    const start = readLtuStart(stepOf('ltu').start)!;
    const data = planarData(start.dataset);
    const wrong = wrongSide(start.weights, start.bias, data.dataset, start.step);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.every((i) => data.points[i].label === 0)).toBe(true);
    // the line the next step learns, within the sliders' ranges
    expect(wrongSide([0.5, 0.8], -2, data.dataset, 'heaviside')).toEqual([]);
  });

  it('the numbers the prose states are the model’s', () => {
    const iris = trained('learn-iris');
    expect(iris.result?.convergedEpoch).toBe(3);
    const penguins = trained('learn-penguins');
    expect(penguins.data.n).toBe(265);
    expect(penguins.result?.convergedEpoch).toBe(12);
    expect(markdown).toContain('265 penguins');
    const c = compareWithSklearn('iris-setosa-versicolor');
    expect(c.rows).toHaveLength(4);
    expect(c.firstDifference).toBeNull();
    expect(markdown).toContain('four updates, and a line\nthat separates the flowers in epoch 3');
    const reversed = compareWithSklearn('iris-setosa-versicolor', true);
    expect([reversed.rosenblatt.convergedEpoch, reversed.sklearn.convergedEpoch]).toEqual([4, 3]);
    expect(reversed.rows.at(-1)!.agree).toBe(true);
    expect(markdown).toContain('ours\nneeds four epochs, scikit-learn\'s rule three. Here they happen to meet again');
  });

  it('the numbers the logistic regression step states are the models’, at the lesson’s default seed', async () => {
    const run = new LogisticComparison({ start: readLogisticStart(stepOf('logistic-regression').start)!, seed: 42, resolution: 4 });
    await run.done;
    expect(run.convergedEpoch).toBe(3);
    const at = (e: number) => run.at(e)!;
    expect(at(3).perceptronMargin.toFixed(2)).toBe('0.24');
    const separates = Array.from({ length: run.maxEpochs + 1 }, (_, e) => at(e).logisticMargin).findIndex((m) => m > 0);
    expect(Math.abs(separates - 80)).toBeLessThanOrEqual(5);
    expect(at(run.maxEpochs).logisticMargin.toFixed(2)).toBe('0.59');
    // the widest margin: half the widest gap between the species' projections, over every direction
    let widest = -Infinity;
    const { points } = run.data;
    for (let k = 0; k < 3600; k++) {
      const [a, b] = [Math.cos((k * Math.PI) / 1800), Math.sin((k * Math.PI) / 1800)];
      const along = (label: number) => points.filter((p) => p.label === label).map((p) => a * p.x + b * p.y);
      widest = Math.max(widest, (Math.min(...along(1)) - Math.max(...along(0))) / 2);
    }
    expect(widest.toFixed(2)).toBe('0.65');
    expect(at(run.maxEpochs).logisticMargin).toBeLessThan(widest);
    for (const words of ['in epoch 3, about 0.24 cm', 'about 80 epochs', 'about 0.59 cm', 'about\n0.65 cm']) expect(markdown).toContain(words);
  });

  it('three units: setosa settles, versicolor never does, and the layer does not converge', () => {
    const run = trained('three-ltus');
    expect(run.result?.converged).toBe(false);
    const last = run.stepsOfEpoch(run.epoch);
    const mistakes = [0, 1, 2].map((k) => last.filter((s) => s.units[k].error !== 0).length);
    expect(mistakes[0]).toBe(0);
    expect(mistakes[1]).toBeGreaterThan(0);
    const firstClean = run.completedEpochs.findIndex((e) => run.stepsOfEpoch(e.epoch).every((s) => s.units[0].error === 0));
    expect(firstClean).toBeGreaterThanOrEqual(0);
    expect(firstClean).toBeLessThan(5);
  });

  it('all four penguin measurements: no convergence in 1,000 epochs raw, quick once standardised', () => {
    const four = pickClasses(penguins(), ['Adelie', 'Gentoo']);
    const raw = trainPerceptron(new Perceptron({ nFeatures: 4 }), four, { maxEpochs: 1000 });
    expect(raw.converged).toBe(false);
    const scaled = trainPerceptron(new Perceptron({ nFeatures: 4 }), fitStandardizer(four).apply(four));
    expect(scaled.convergedEpoch).toBe(2);
    expect(markdown).toContain('and standard deviation 1, after which it converges in 2');
  });
});
