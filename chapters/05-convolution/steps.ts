import type { StepSpec } from '$lib/chapters/types';
import type { ChannelsGoal, FilterGoal, PaddingGoal, PoolingGoal } from '$lib/sim/convolution/goals';
import type { ConvolutionStart } from '$lib/sim/convolution/links';
import type { MnistLabGoal, MnistLabStart } from '$lib/sim/mnistLabSpec';
import type { ShiftGoal } from '$lib/sim/shiftExperiment.svelte';

/**
 * Chapter 5: convolution, from one kernel over one digit to layers of them, in the
 * order a learner meets them. Steps without a start carry on the previous step's digit
 * and kernel.
 */
export const steps: StepSpec[] = [
  {
    id: 'filter',
    scene: 'conv-filter',
    dataset: 'mnist',
    start: { digit: 7010, kernel: 'vertical' } satisfies ConvolutionStart,
    goal: { task: 'Say which map a kernel makes before it slides, and be right once: the finished map shows it.', predictRight: true } satisfies FilterGoal
  },
  {
    id: 'padding-stride',
    scene: 'conv-padding',
    dataset: 'mnist',
    goal: { task: 'Find a padding and stride for which TensorFlow pads one side more than the other.', unevenPadding: true } satisfies PaddingGoal
  },
  {
    id: 'channels',
    scene: 'conv-channels',
    dataset: 'mnist',
    goal: { task: 'Pick a map of the second layer and see the piece every first-layer map adds to it.', inspectSecondLayer: true } satisfies ChannelsGoal
  },
  {
    id: 'pooling',
    scene: 'conv-pooling',
    dataset: 'mnist',
    goal: { task: 'Pool a whole map, then move the digit by 2 pixels or more and compare what each view keeps.', shiftAtLeast: 2 } satisfies PoolingGoal
  },
  {
    id: 'shift-experiment',
    scene: 'conv-shift-experiment',
    model: 'sequential',
    dataset: 'mnist',
    goal: { task: 'Say which network will cope better with moved digits, then run the experiment and see.', ranExperiment: true } satisfies ShiftGoal
  },
  {
    id: 'cnn-lab',
    scene: 'mnist-lab',
    model: 'sequential',
    dataset: 'mnist',
    start: { variant: 'cnn' } satisfies MnistLabStart,
    goal: {
      task: 'Train a convolutional network to at least 97% of the 10,000 test digits, then draw a digit and look at what each layer makes of it.',
      accuracyAtLeast: 0.97
    } satisfies MnistLabGoal
  }
];
