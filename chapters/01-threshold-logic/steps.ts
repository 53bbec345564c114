import type { StepSpec } from '$lib/chapters/types';
import type { ThresholdCircuitStart } from '$lib/sim/ThresholdCircuitSim.svelte';
import type { ThresholdGoal, ThresholdUnitStart } from '$lib/sim/ThresholdUnitSim.svelte';

/**
 * Chapter 1: McCulloch–Pitts units. Every step starts from a unit that does not yet
 * compute its goal, so the learner always has something to set.
 */
export const steps: StepSpec[] = [
  {
    id: 'intro',
    scene: 'threshold-unit',
    model: 'neuron',
    start: { inputs: [0], kinds: ['excitatory'], threshold: 2 } satisfies ThresholdUnitStart,
    goal: { gate: 'identity', task: 'Set the threshold θ so that C copies A: C = A.' } satisfies ThresholdGoal
  },
  {
    id: 'and',
    scene: 'threshold-unit',
    model: 'neuron',
    start: { inputs: [0, 0], kinds: ['excitatory', 'excitatory'], threshold: 1 } satisfies ThresholdUnitStart,
    goal: { gate: 'and', task: 'Set the threshold so that this unit computes AND: C = A ∧ B.' } satisfies ThresholdGoal
  },
  {
    id: 'or',
    scene: 'threshold-unit',
    model: 'neuron',
    start: { inputs: [0, 0], kinds: ['excitatory', 'excitatory'], threshold: 2 } satisfies ThresholdUnitStart,
    goal: { gate: 'or', task: 'Same wiring, new gate: set the threshold so that the unit computes OR: C = A ∨ B.' } satisfies ThresholdGoal
  },
  {
    id: 'not',
    scene: 'threshold-unit',
    model: 'neuron',
    start: { inputs: [0], kinds: ['excitatory'], threshold: 1, kindsEditable: true } satisfies ThresholdUnitStart,
    goal: { gate: 'not', task: 'Make C fire exactly when A is silent: C = ¬A. Counting alone cannot do it.' } satisfies ThresholdGoal
  },
  {
    id: 'two-of-three',
    scene: 'threshold-unit',
    model: 'neuron',
    start: { inputs: [0, 0, 0], kinds: ['excitatory', 'excitatory', 'excitatory'], threshold: 1 } satisfies ThresholdUnitStart,
    goal: { gate: 'twoOfThree', task: 'Make D fire when two or more of A, B and C fire.' } satisfies ThresholdGoal
  },
  {
    id: 'xor-circuit',
    scene: 'threshold-circuit',
    model: 'neuron',
    start: {
      inputs: [0, 0],
      hidden: [
        { kinds: ['excitatory', 'excitatory'], threshold: 1 },
        { kinds: ['excitatory', 'excitatory'], threshold: 2 }
      ],
      output: { kinds: ['excitatory', 'excitatory'], threshold: 1 },
      outputEditable: true
    } satisfies ThresholdCircuitStart,
    goal: { gate: 'xor', task: 'Rewire the circuit so that C fires when exactly one of A and B fires: C = A ⊕ B.' } satisfies ThresholdGoal
  }
];
