/**
 * What each step of the convolution chapter asks of the learner, as chapters/*\/steps.ts
 * states it, read defensively: a goal that does not have the expected shape is no goal.
 */

interface Task {
  /** the sentence shown beside the picture */
  readonly task: string;
}

/** Predict which map a kernel makes, rightly, and slide it to the end to see. */
export interface FilterGoal extends Task {
  readonly predictRight: true;
}

/** Find a setting where TensorFlow pads one side more than the other. */
export interface PaddingGoal extends Task {
  readonly unevenPadding: true;
}

/** Open a second-layer map and see what every first-layer map adds to it. */
export interface ChannelsGoal extends Task {
  readonly inspectSecondLayer: true;
}

/** Move the digit by at least this many pixels, after pooling a whole map. */
export interface PoolingGoal extends Task {
  readonly shiftAtLeast: number;
}

function read<G extends Task>(goal: unknown, key: keyof G, check: (v: unknown) => boolean): G | null {
  if (typeof goal !== 'object' || goal === null) return null;
  const g = goal as Record<string, unknown>;
  return typeof g.task === 'string' && check(g[key as string]) ? (goal as G) : null;
}

export const readFilterGoal = (goal: unknown) => read<FilterGoal>(goal, 'predictRight', (v) => v === true);
export const readPaddingGoal = (goal: unknown) => read<PaddingGoal>(goal, 'unevenPadding', (v) => v === true);
export const readChannelsGoal = (goal: unknown) => read<ChannelsGoal>(goal, 'inspectSecondLayer', (v) => v === true);
export const readPoolingGoal = (goal: unknown) => read<PoolingGoal>(goal, 'shiftAtLeast', (v) => typeof v === 'number' && v >= 0);
