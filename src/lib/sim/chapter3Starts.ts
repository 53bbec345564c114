/**
 * The `start` of each chapter-3 step, as steps.ts writes it, with readers that accept
 * untyped step data or a carried state and fall back to undefined rather than throw.
 */

/** The perceptron rule on the XOR truth table. */
export interface XorNeverStart {
  /** 0: zero weights; any other seed draws whole-number weights from −2 to 2 (weightPath.integerStart) */
  readonly seed: number;
  readonly maxEpochs: number;
}

/** A line placed by hand: its angle and offset in the plot's proportions, and which side fires. */
export interface HandLineStart {
  readonly angle: number;
  readonly offset: number;
  readonly flipped: boolean;
}

/** The rule (and the pocket) on data no line separates. */
export interface ThrashStart {
  /** seed of the shuffled order of instances */
  readonly seed: number;
  readonly maxEpochs: number;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

const wholeInRange = (x: unknown, min: number, max: number): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;

export function readXorNeverStart(value: unknown): XorNeverStart | undefined {
  const v = record(value);
  if (!v || !wholeInRange(v.seed, 0, 2 ** 31) || !wholeInRange(v.maxEpochs, 1, 1000)) return undefined;
  return { seed: v.seed, maxEpochs: v.maxEpochs };
}

export function readHandLineStart(value: unknown): HandLineStart | undefined {
  const v = record(value);
  if (!v || typeof v.angle !== 'number' || typeof v.offset !== 'number' || !Number.isFinite(v.angle) || !Number.isFinite(v.offset)) return undefined;
  return { angle: v.angle, offset: v.offset, flipped: v.flipped === true };
}

export function readThrashStart(value: unknown): ThrashStart | undefined {
  const v = record(value);
  if (!v || !wholeInRange(v.seed, 0, 2 ** 31) || !wholeInRange(v.maxEpochs, 1, 1000)) return undefined;
  return { seed: v.seed, maxEpochs: v.maxEpochs };
}
