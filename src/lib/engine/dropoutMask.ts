/**
 * The one rule of an inverted-dropout mask, shared by the dropout layer (op by op) and the
 * plan runner, so a model drops the same values on either path.
 */
import type { Random } from '$lib/random';

/** Each cell 0 with probability rate, else 1 / (1 − rate), so the expected value of x · mask is x. */
export function drawDropoutMask(mask: Float32Array, rate: number, random: Random): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = random() < rate ? 0 : keep;
}
