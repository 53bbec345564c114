import type { StepSpec } from '$lib/chapters/types';
import type { BackpropXorGoal, BackpropXorStart } from '$lib/sim/backpropXor.svelte';

/**
 * Chapter 4: multi-layer perceptrons and backpropagation, one step after another in
 * the order a learner meets them.
 */
export const steps: StepSpec[] = [
  {
    id: 'ledger',
    scene: 'backprop-ledger',
    model: 'sequential',
    dataset: 'xor',
    start: { seed: 1, learningRate: 1, sample: 1 } satisfies BackpropXorStart,
    goal: { updatesAtLeast: 1 } satisfies BackpropXorGoal
  },
  {
    id: 'backprop-xor',
    scene: 'backprop-xor',
    model: 'sequential',
    dataset: 'xor',
    goal: { allCorrect: true } satisfies BackpropXorGoal
  }
];
