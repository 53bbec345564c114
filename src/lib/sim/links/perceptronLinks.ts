/**
 * What each step of the perceptron chapter keeps in the page's address, so a teacher's
 * link opens the unit, the run and the prediction exactly as they were: the hand-set
 * unit's weights, bias, step and the sample worked out; how far a training run has got
 * and at what speed, with the learner's prediction (made, skipped or still open) and
 * guessed line; the order and update of the scikit-learn comparison; the epoch the
 * perceptron and logistic regression stand at, with the answer predicted and the
 * lesson's seed they start from. One table per step, its defaults the step's start.
 *
 * Weights, biases and guessed lines are dragged by hand to any number, so they are
 * written in full (urlState's `real`) and read back to the same number.
 */
import type { StepName } from '$lib/models/ltu';
import { FURTHER_LINES, type FurtherLine, type LogisticStart } from '$lib/sim/LogisticComparison.svelte';
import { RUN_SPEEDS } from '$lib/sim/PerceptronRun.svelte';
import { readLtuStart, type LtuStart, type TrainingStart } from '$lib/sim/perceptronStart';
import { OFFSET_LIMIT, type LineGuess, type Prediction } from '$lib/sim/prediction';
import { flag, integer, oneOf, orNone, real, siteLink, type LinkValues } from '$lib/sim/urlState';

/** Far beyond what the sliders or a drag across the plot reach; only a mistyped link goes further. */
const WEIGHT_LIMIT = 1000;

/** Step "the linear threshold unit": w₁, w₂, b, the step function, the sample whose sum is shown, the sigmoid drawn or not. */
export function ltuLink(start: LtuStart, samples: number) {
  return {
    w1: real(`the weight w₁, −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}`, start.weights[0], -WEIGHT_LIMIT, WEIGHT_LIMIT),
    w2: real(`the weight w₂, −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}`, start.weights[1], -WEIGHT_LIMIT, WEIGHT_LIMIT),
    b: real(`the bias b, −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}`, start.bias, -WEIGHT_LIMIT, WEIGHT_LIMIT),
    step: oneOf<StepName>("the step function: 'heaviside' or 'sign'", ['heaviside', 'sign'], start.step),
    sample: integer(`the sample whose weighted sum is worked out, 1 to ${samples}`, 1, 1, samples),
    sigmoid: flag('draws the sigmoid beside the step: 1, or 0 not')
  };
}

export type LtuLink = ReturnType<typeof ltuLink>;

/** The unit a previous LTU step ended with, over the same data; nothing otherwise. */
export function ltuCarry(start: LtuStart, carried: unknown): Partial<LinkValues<LtuLink>> {
  const end = readLtuStart(carried);
  if (!end || end.dataset !== start.dataset) return {};
  return { w1: end.weights[0], w2: end.weights[1], b: end.bias, step: end.step };
}

/** A training run: how many instances the rule has seen (the run's cursor) and how fast it plays. */
export function runLink(start: TrainingStart, instances: number) {
  return {
    at: integer(`instances the rule has seen, 0 to ${instances}`, 0, 0, instances),
    speed: oneOf(`instances per second: ${RUN_SPEEDS.join(', ')}`, RUN_SPEEDS, start.speed ?? 10)
  };
}

/** Where the learner's prediction stands: not yet made, locked in, or skipped. */
export const PREDICTION_STATES = ['open', 'locked', 'skipped'] as const;
export type PredictionState = (typeof PREDICTION_STATES)[number];
export type ConvergesAnswer = 'yes' | 'no';

/** What "predict, then run" starts from before the learner touches it. */
export const DEFAULT_GUESS: LineGuess = { angle: 135, offset: 0 };
export const DEFAULT_EPOCHS_GUESS = 5;

/** Step "the rule learns": the run, and the prediction made before it (answer, epochs, line). */
export function trainingLink(start: TrainingStart, instances: number) {
  const epochsMax = start.predict?.epochsMax ?? 20;
  return {
    ...runLink(start, instances),
    prediction: oneOf<PredictionState>(`the prediction: ${PREDICTION_STATES.join(', ')}`, PREDICTION_STATES, 'open'),
    converges: orNone(oneOf<ConvergesAnswer>("the answer to 'will it converge?': yes or no", ['yes', 'no'], 'yes')),
    epochs: integer(`the epochs guessed, 1 to ${epochsMax}`, Math.min(DEFAULT_EPOCHS_GUESS, epochsMax), 1, epochsMax),
    angle: real('the tilt of the guessed line, in degrees, 0 to 180', DEFAULT_GUESS.angle, 0, 180),
    offset: real(`the shift of the guessed line, −${OFFSET_LIMIT} to ${OFFSET_LIMIT}`, DEFAULT_GUESS.offset, -OFFSET_LIMIT, OFFSET_LIMIT)
  };
}

export type TrainingLink = ReturnType<typeof trainingLink>;

/**
 * The prediction a link's values stand for: null while open; a skipped one (or one
 * locked without an answer, which the prompt never makes) says nothing.
 */
export function predictionOf(values: LinkValues<TrainingLink>, askLine: boolean): Prediction | null {
  if (values.prediction === 'open') return null;
  if (values.prediction === 'skipped' || values.converges === null) return { converges: null, epochs: null, line: null };
  const yes = values.converges === 'yes';
  return { converges: yes, epochs: yes ? values.epochs : null, line: askLine ? { angle: values.angle, offset: values.offset } : null };
}

/** How a committed prediction (or none yet) is written. */
export function predictionState(prediction: Prediction | null): PredictionState {
  return prediction === null ? 'open' : prediction.converges === null ? 'skipped' : 'locked';
}

/** Step "scikit-learn's rule": the order the samples are fed in. */
export const sklearnOrder = oneOf("the order of the samples: 'file' or 'reversed'", ['file', 'reversed'], 'file');

/** …and the update drawn (1 to the updates in that order; without it, the last). */
export function sklearnLink(updates: number) {
  return {
    order: sklearnOrder,
    update: orNone(integer(`the update drawn, 1 to ${updates}; without it, the last`, updates, 1, updates))
  };
}

/**
 * Step "logistic regression": the epoch both learners stand at, how fast the epochs play,
 * the prediction (which line ends further from the nearest point) and the lesson's seed,
 * which draws the weights both start from.
 */
export function logisticLink(start: LogisticStart) {
  return {
    epoch: integer(`the epoch both learners stand at, 0 to ${start.maxEpochs}`, 0, 0, start.maxEpochs),
    speed: oneOf(`epochs per second: ${RUN_SPEEDS.join(', ')}`, RUN_SPEEDS, start.speed),
    prediction: oneOf<PredictionState>(`the prediction: ${PREDICTION_STATES.join(', ')}`, PREDICTION_STATES, 'open'),
    further: orNone(oneOf<FurtherLine>(`the line predicted to end further from the nearest point: ${FURTHER_LINES.join(', ')}`, FURTHER_LINES, 'logistic')),
    seed: siteLink.seed
  };
}

export type LogisticLink = ReturnType<typeof logisticLink>;
