/**
 * What each step of chapter 3 keeps in the page's address: one table of fields per
 * step, read and written by urlState, so a teacher's link opens the same start and
 * place in a run, the same hand-placed line, the same events opened, the same row.
 *
 * A link that names any of a step's keys describes the whole view (a key left out
 * means its default; the first key is always written, see urlState's openingValues);
 * a link that names none leaves the step to start where its `start` or the previous
 * step puts it.
 */
import type { LineGuess } from '../prediction';
import { OFFSET_LIMIT } from '../prediction';
import { runFields } from './perceptronRunLink';
import { flag, integer, stepped, type UrlField } from '../urlState';

/** Step "xor-never": which start the rule runs from, how far it has run and how fast it plays. */
export const xorNeverLink = {
  start: integer('the start: 0 is all-zero weights, any other number draws whole-number weights from −2 to 2', 0, 0, 2 ** 31),
  ...runFields(5)
};

const ANGLE_STEP = 0.1;
const OFFSET_STEP = 0.001;

/** Step "no-line": the line placed by hand, in the plot's own proportions (see prediction's LineGuess). */
export const handLineLink = {
  angle: stepped(`the line's direction, 0 to 179.9 degrees in steps of ${ANGLE_STEP}`, 90, 0, 180 - ANGLE_STEP, ANGLE_STEP),
  offset: stepped(`the line's distance from the plot's centre, −${OFFSET_LIMIT} to ${OFFSET_LIMIT} in steps of ${OFFSET_STEP}`, 0.1, -OFFSET_LIMIT, OFFSET_LIMIT, OFFSET_STEP),
  flip: flag('1: the other side of the line fires')
};

/**
 * A dragged line onto the steps the link can say (a tenth of a degree, a thousandth of
 * the plot), too fine to see, so the line a link opens is the line that was shown.
 */
export function lineOnLinkGrid(guess: LineGuess): LineGuess {
  const angle = Math.round(guess.angle / ANGLE_STEP) * ANGLE_STEP;
  // + 0 keeps −0 out of the state: the link writes it as 0
  return {
    angle: Number((angle >= 180 - ANGLE_STEP / 2 ? 0 : angle).toFixed(1)) + 0,
    offset: Number((Math.round(guess.offset / OFFSET_STEP) * OFFSET_STEP).toFixed(3)) + 0
  };
}

/** Step "thrash": how far the rule has run over the flowers, and how fast it plays. */
export const thrashLink = runFields(100);

/** Events of a timeline, as their places in it (0 first), joined by _: '0_3_4'; each once, in order. */
function eventList(count: number): UrlField<readonly number[]> {
  return {
    default: [],
    describe: `events opened besides the one shown, by their place from 0 to ${count - 1}, joined by _`,
    parse(raw) {
      const text = raw.trim();
      if (text === '') return [];
      const parts = text.split('_');
      if (!parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
      const places = [...new Set(parts.map(Number))].sort((a, b) => a - b);
      return places.every((p) => p < count) ? places : undefined;
    },
    format: (places) => places.join('_')
  };
}

/** Step "winter": the event shown and the others opened so far, for a timeline of `count` events. */
export function timelineLink(count: number) {
  return {
    event: integer(`the event shown, by its place from 0 to ${count - 1}`, 0, 0, Math.max(0, count - 1)),
    seen: eventList(count)
  };
}

/** Step "the-fix": the row of the truth table looked at. */
export const twoLayersLink = {
  row: integer('the row looked at: 0 is (0, 0), 1 is (0, 1), 2 is (1, 0), 3 is (1, 1)', 1, 0, 3)
};
