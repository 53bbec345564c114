/**
 * "Predict, then run": before a training run the learner commits to a guess (will it
 * converge, in about how many epochs, where will the line end), and afterwards the
 * guess is set beside what the model did. Committing first is what makes the outcome
 * a surprise worth remembering; judging it needs only plain geometry, kept here so it
 * can be tested without a page.
 *
 * A guessed line is held as an angle and an offset in the plot's own proportions
 * (the box scaled to a unit square), so it reads the same on any stage size, a slider
 * can set it from the keyboard, and dragging its ends in the picture maps onto it.
 */
import type { Box, Point } from '$lib/geometry';
import { decisionLine } from '$lib/models/ltu';

export interface LineGuess {
  /** direction of the line in the unit square, in degrees, 0 (flat) to 180 */
  readonly angle: number;
  /** signed distance of the line from the centre of the unit square, −0.7 to 0.7 */
  readonly offset: number;
}

export interface Prediction {
  /** null: the learner chose not to say */
  readonly converges: boolean | null;
  /** epochs until an epoch without mistakes; null when not guessed or "never" */
  readonly epochs: number | null;
  readonly line: LineGuess | null;
}

/** What the run did, as the prompt compares it. */
export interface RunOutcome {
  readonly converged: boolean;
  /** the first epoch without a mistake */
  readonly convergedEpoch: number | null;
  /** epochs run in all */
  readonly epochs: number;
  /** the final unit's weights and bias, when a line is compared */
  readonly weights?: readonly number[];
  readonly bias?: number;
  readonly box?: Box;
}

export type Closeness = 'exact' | 'close' | 'far' | 'wrong' | 'not guessed';

export interface JudgedPart {
  readonly part: 'converges' | 'epochs' | 'line';
  readonly closeness: Closeness;
  /** for the learner */
  readonly sentence: string;
}

export interface Judgement {
  readonly converges: Closeness;
  readonly epochs: Closeness;
  readonly line: Closeness;
  /** the parts in order, each with its sentence */
  readonly parts: readonly JudgedPart[];
}

export const OFFSET_LIMIT = 0.7;

const toUnit = (box: Box, p: Point): Point => ({ x: (p.x - box.xMin) / (box.xMax - box.xMin), y: (p.y - box.yMin) / (box.yMax - box.yMin) });
const fromUnit = (box: Box, p: Point): Point => ({ x: box.xMin + p.x * (box.xMax - box.xMin), y: box.yMin + p.y * (box.yMax - box.yMin) });
const unitBox: Box = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };

/** The guessed line's weights and bias in the unit square: n·u − (n·c + offset) = 0. */
function unitCoefficients(guess: LineGuess): { a: number; b: number; c: number } {
  const radians = (guess.angle * Math.PI) / 180;
  const a = -Math.sin(radians);
  const b = Math.cos(radians);
  return { a, b, c: -(a * 0.5 + b * 0.5 + guess.offset) };
}

/** The guess clipped to the box, in data units; null if it misses the box. */
export function guessSegment(box: Box, guess: LineGuess): [Point, Point] | null {
  const { a, b, c } = unitCoefficients(guess);
  const segment = decisionLine([a, b], c, unitBox);
  return segment && [fromUnit(box, segment[0]), fromUnit(box, segment[1])];
}

function normaliseAngle(degrees: number): number {
  const a = degrees % 180;
  return a < 0 ? a + 180 : a;
}

/** The guess through two points (data units), as the picture's drag handles give them. */
export function guessThrough(box: Box, p: Point, q: Point): LineGuess | null {
  const u = toUnit(box, p);
  const v = toUnit(box, q);
  const dx = v.x - u.x;
  const dy = v.y - u.y;
  const length = Math.hypot(dx, dy);
  if (length < 1e-9) return null;
  const angle = normaliseAngle((Math.atan2(dy, dx) * 180) / Math.PI);
  const radians = (angle * Math.PI) / 180;
  const offset = -Math.sin(radians) * (u.x - 0.5) + Math.cos(radians) * (u.y - 0.5);
  return { angle, offset: Math.max(-OFFSET_LIMIT, Math.min(OFFSET_LIMIT, offset)) };
}

/** A unit's line w·x + b = 0 as a guess would hold it; null without a line. */
export function guessOfLine(box: Box, weights: readonly number[], bias: number): LineGuess | null {
  const segment = decisionLine(weights, bias, box);
  if (!segment) return null;
  return guessThrough(box, segment[0], segment[1]);
}

/**
 * How far apart two lines lie in the unit square: the mean distance of points along the
 * actual segment from the guessed line (0 = the same line, 0.5 = half the plot away).
 */
export function lineDistance(box: Box, guess: LineGuess, weights: readonly number[], bias: number): number | null {
  const segment = decisionLine(weights, bias, box);
  if (!segment) return null;
  const { a, b, c } = unitCoefficients(guess);
  const [p, q] = segment.map((s) => toUnit(box, s));
  let total = 0;
  const samples = 11;
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    const x = p.x + (q.x - p.x) * t;
    const y = p.y + (q.y - p.y) * t;
    total += Math.abs(a * x + b * y + c);
  }
  return total / samples;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Sets the learner's prediction beside the outcome, part by part, in words. */
export function judgePrediction(prediction: Prediction, outcome: RunOutcome): Judgement {
  const parts: JudgedPart[] = [];
  const say = (part: JudgedPart['part'], closeness: Closeness, sentence: string) => parts.push({ part, closeness, sentence });
  let converges: Closeness = 'not guessed';
  if (prediction.converges !== null) {
    converges = prediction.converges === outcome.converged ? 'exact' : 'wrong';
    const what = outcome.converged
      ? `It converged: epoch ${outcome.convergedEpoch} went by without a single mistake.`
      : `It did not converge: after ${plural(outcome.epochs, 'epoch')} it was still making mistakes.`;
    say('converges', converges, `${converges === 'exact' ? 'You were right.' : 'Not what you expected.'} ${what}`);
  } else {
    say('converges', converges, outcome.converged ? `It converged in epoch ${outcome.convergedEpoch}.` : `It did not converge in ${plural(outcome.epochs, 'epoch')}.`);
  }

  let epochs: Closeness = 'not guessed';
  if (prediction.epochs !== null && outcome.converged && outcome.convergedEpoch !== null) {
    const actual = outcome.convergedEpoch;
    const off = Math.abs(prediction.epochs - actual);
    epochs = off === 0 ? 'exact' : off <= Math.max(1, actual * 0.5) ? 'close' : 'far';
    const verdict = epochs === 'exact' ? 'exactly right' : epochs === 'close' ? 'close' : prediction.epochs < actual ? 'too few' : 'too many';
    say('epochs', epochs, `You guessed ${plural(prediction.epochs, 'epoch')}; it took ${actual}: ${verdict}.`);
  } else if (prediction.epochs !== null) {
    epochs = 'wrong';
    say('epochs', epochs, `You guessed ${plural(prediction.epochs, 'epoch')}, but there was no epoch without mistakes to count to.`);
  }

  let line: Closeness = 'not guessed';
  if (prediction.line && outcome.weights && outcome.bias !== undefined && outcome.box) {
    const distance = lineDistance(outcome.box, prediction.line, outcome.weights, outcome.bias);
    if (distance === null) {
      line = 'far';
      say('line', line, 'The final weights draw no line inside the plot.');
    } else {
      line = distance < 0.04 ? 'exact' : distance < 0.12 ? 'close' : 'far';
      const percent = Math.round(distance * 100);
      const verdict = line === 'exact' ? 'almost exactly where it ended' : line === 'close' ? 'close to where it ended' : 'some way from where it ended';
      say('line', line, `Your line lies ${verdict} (on average ${percent}% of the plot's size away from it).`);
    }
  }
  return { converges, epochs, line, parts };
}
