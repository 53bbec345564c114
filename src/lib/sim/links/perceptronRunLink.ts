/**
 * What a perceptron run keeps in its step's link: how far the cursor has gone and the
 * speed it plays at. The run is the model's own trace, the same on every machine, so
 * the cursor alone brings back every weight, mark and chart it had reached.
 */
import { RUN_SPEEDS } from '../PerceptronRun.svelte';
import { integer, oneOf } from '../urlState';

/** The furthest a link may put the cursor; a link past the end of training stops at the end. */
export const MAX_RUN_CURSOR = 1_000_000;

/** The fields of a run, `at` and `speed`, for a step whose run plays at `speed` unless told otherwise. */
export function runFields(speed: number) {
  return {
    at: integer('instances the rule has seen, from 0; past the end of training means the end', 0, 0, MAX_RUN_CURSOR),
    speed: oneOf(`instances per second: ${RUN_SPEEDS.join(', ')}`, RUN_SPEEDS, speed)
  };
}
