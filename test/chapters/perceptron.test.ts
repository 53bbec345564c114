import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import { parseChapter } from '../../src/lib/chapters/parseChapter';
import { fitStandardizer, penguins, pickClasses } from '../../src/lib/datasets/index';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPerceptron } from '../../src/lib/models/trainPerceptron';
import { wrongSide } from '../../src/lib/models/wrongSide';
import { planarData } from '../../src/lib/sim/planarData';
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
    expect(chapter.steps.map((s) => s.id)).toEqual(['ltu', 'learn-iris', 'learn-penguins', 'sklearn', 'three-ltus']);
    for (const step of chapter.steps) expect(step.html.length).toBeGreaterThan(400);
    expect(chapter.steps.find((s) => s.id === 'sklearn')!.html).toContain('SGDClassifier');
  });

  it('names only panels the registry has, with starts the panels can read', () => {
    for (const step of steps) expect(Object.hasOwn(panels, step.scene)).toBe(true);
    expect(readLtuStart(stepOf('ltu').start)).toBeDefined();
    for (const id of ['learn-iris', 'learn-penguins', 'three-ltus']) expect(readTrainingStart(stepOf(id).start)).toBeDefined();
    for (const id of ['learn-iris', 'learn-penguins']) expect(readTrainingGoal(stepOf(id).goal)?.converge).toBe(true);
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
