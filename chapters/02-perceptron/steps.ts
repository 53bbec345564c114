import type { StepSpec } from '$lib/chapters/types';
import type { LogisticGoal, LogisticStart } from '$lib/sim/LogisticComparison.svelte';
import type { LtuStart, TrainingGoal, TrainingStart } from '$lib/sim/perceptronStart';

/**
 * Chapter 2: the linear threshold unit and Rosenblatt's rule. The unit is first set by
 * hand, then learns on two real datasets, is checked against scikit-learn update for
 * update, is set beside logistic regression trained on the same flowers, and finally
 * becomes a layer of three units for three species.
 */
export const steps: StepSpec[] = [
  {
    id: 'ltu',
    scene: 'ltu-explorer',
    model: 'ltu',
    dataset: 'iris-setosa-versicolor',
    // x₁ + x₂ ≥ 1 fires for almost every flower, so setosa starts on the wrong side
    start: { dataset: 'iris-setosa-versicolor', weights: [1, 1], bias: -1, step: 'heaviside' } satisfies LtuStart,
    goal: { wrong: 0 }
  },
  {
    id: 'learn-iris',
    scene: 'perceptron-training',
    model: 'perceptron',
    dataset: 'iris-setosa-versicolor',
    start: {
      dataset: 'iris-setosa-versicolor',
      rule: 'rosenblatt',
      step: 'heaviside',
      maxEpochs: 100,
      speed: 10,
      predict: { epochsMax: 20, line: true, question: 'Will the rule find a line that puts every setosa on one side and every versicolor on the other?' }
    } satisfies TrainingStart,
    goal: { converge: true, task: 'Predict, then train the unit until an epoch passes without a single mistake.' } satisfies TrainingGoal
  },
  {
    id: 'learn-penguins',
    scene: 'perceptron-training',
    model: 'perceptron',
    dataset: 'penguins-adelie-gentoo',
    start: {
      dataset: 'penguins-adelie-gentoo',
      rule: 'rosenblatt',
      step: 'heaviside',
      maxEpochs: 100,
      speed: 100,
      predict: { epochsMax: 40, line: true, question: 'Adelie and Gentoo penguins, by the length and depth of their bills: will the rule converge?' }
    } satisfies TrainingStart,
    goal: { converge: true, task: 'Predict, then train the unit on the penguins until it converges.' } satisfies TrainingGoal
  },
  {
    id: 'sklearn',
    scene: 'perceptron-sklearn',
    model: 'perceptron',
    dataset: 'iris-setosa-versicolor',
    start: { dataset: 'iris-setosa-versicolor' }
  },
  {
    id: 'logistic-regression',
    scene: 'logistic-vs-perceptron',
    model: 'sequential',
    dataset: 'iris-setosa-versicolor',
    // full-batch gradient descent at 0.1: the line separates the petals within 100 epochs and moves on for 400 more
    start: {
      dataset: 'iris-setosa-versicolor',
      maxEpochs: 500,
      learningRate: 0.1,
      speed: 25,
      question: 'Both start from the same line. When both have finished, which line ends further from the nearest flower?'
    } satisfies LogisticStart,
    goal: { task: 'Predict, then run both learners to the end and compare their margins.' } satisfies LogisticGoal
  },
  {
    id: 'three-ltus',
    scene: 'perceptron-layer',
    model: 'perceptron',
    dataset: 'iris',
    start: {
      dataset: 'iris',
      features: ['petal length (cm)', 'petal width (cm)'],
      shuffle: true,
      seed: 1,
      maxEpochs: 30,
      speed: 100
    } satisfies TrainingStart
  }
];
