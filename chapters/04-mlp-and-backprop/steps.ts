import type { StepSpec } from '$lib/chapters/types';
import type { ActivationsGoal, ActivationsState } from '$lib/sim/activationLab';
import type { AnatomyGoal, AnatomyState } from '$lib/sim/networkAnatomy';
import type { PlaygroundGoal } from '$lib/sim/playground/challenges';
import type { BackpropXorGoal, BackpropXorStart } from '$lib/sim/BackpropXorSim.svelte';
import type { MnistLabGoal } from '$lib/sim/mnistLabSpec';

/**
 * Chapter 4: multi-layer perceptrons and backpropagation, one step after another in
 * the order a learner meets them.
 */
export const steps: StepSpec[] = [
  {
    id: 'anatomy',
    scene: 'mlp-anatomy',
    model: 'sequential',
    start: { inputs: 2, hidden: [2], outputs: 1 } satisfies AnatomyState,
    goal: { task: 'Make this network deep: give it two or more hidden layers.', hiddenLayersAtLeast: 2 } satisfies AnatomyGoal
  },
  {
    id: 'activations',
    scene: 'activations',
    model: 'sequential',
    dataset: 'xor',
    start: { expression: 'x', probe: 1 } satisfies ActivationsState,
    goal: {
      task: 'Type an activation of your own that lets the 2-4-1 network learn XOR: train until the loss ends below 0.3.',
      lossBelow: 0.3
    } satisfies ActivationsGoal
  },
  {
    id: 'ledger',
    scene: 'backprop-ledger',
    model: 'sequential',
    dataset: 'xor',
    start: { learningRate: 1, sample: 1 } satisfies BackpropXorStart,
    goal: { updatesAtLeast: 1 } satisfies BackpropXorGoal
  },
  {
    id: 'backprop-xor',
    scene: 'backprop-xor',
    model: 'sequential',
    dataset: 'xor',
    goal: { allCorrect: true } satisfies BackpropXorGoal
  },
  {
    id: 'playground',
    scene: 'playground',
    model: 'sequential',
    dataset: 'spirals',
    goal: {
      task: 'Shape a network that untangles the two spirals: a test loss below 0.2.',
      dataset: 'spirals',
      testLossBelow: 0.2
    } satisfies PlaygroundGoal
  },
  {
    id: 'mnist-lab',
    scene: 'mnist-lab',
    model: 'sequential',
    dataset: 'mnist',
    goal: {
      task: 'Define, compile and fit a network that gets at least 92% of the 10,000 test digits right, then draw a digit for it.',
      accuracyAtLeast: 0.92
    } satisfies MnistLabGoal
  }
];
