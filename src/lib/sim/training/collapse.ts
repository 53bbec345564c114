/**
 * Training that went wrong without a NaN. Too large a step can throw the weights past the
 * valley until the output saturates on one answer (or every ReLU dies) and the run stays
 * there: the numbers are finite, the loss sits at or above guessing, and nothing says so.
 * After an epoch, a run that asks (TrainingJob.watchCollapse) is stopped as a divergence
 * is when the model, on its validation samples, answers one class for nearly all of them,
 * is right no more often than always answering their commonest class, and its loss over
 * the epoch is worse than giving every class the same probability (ln K).
 */
import { argMax } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import type { ModelSpec } from '$lib/models/modelSpec';
import { suggestedLearningRate } from '$lib/models/TrainingDivergedError';

/** How the sentence names what the model was checked on, and its classes. */
export interface CollapseWords {
  /** 'test digits', 'test points' */
  readonly samples: string;
  /** by class index */
  readonly classNames: readonly string[];
}

/** One class taking at least this share of the answers is "nearly everything". */
export const ONE_CLASS_SHARE = 0.9;
/**
 * The epoch's loss must pass chance level (ln K) by this factor for the answers to be
 * counted at all. Measured on the lab's small MNIST set with SGD: rate 0.00001 ends its
 * first epoch just above chance (2.38 to 2.41 against ln 10 = 2.30, its answers spread
 * over the digits), rate 10 at 3.05 to 5.9. On the playground's six datasets (seeds 1 to
 * 3), first epochs that answer one class end at 0.69 to 0.70 up to rate 1, at 0.67 to 0.76
 * at rate 3 (most of those runs find their way later), and at 1.2 to 3.6 at rate 10,
 * against ln 2 = 0.69.
 */
export const ABOVE_CHANCE = 1.1;
/** Right this much more often than always answering the commonest class is still chance. */
const CHANCE_MARGIN = 0.05;

/** Thrown between epochs by a run that collapsed: the run then ends as a divergence does. */
export class TrainingCollapsedError extends Error {
  readonly suggestion: string;

  constructor(message: string, suggestion: string) {
    super(message);
    this.name = 'TrainingCollapsedError';
    this.suggestion = suggestion;
  }
}

/** Classes a model tells apart: its output units, or two for one sigmoid unit. */
export function classCount(model: ModelSpec): number {
  const last = model.layers[model.layers.length - 1];
  const units = last.type === 'dense' ? last.units : 1;
  return units === 1 ? 2 : units;
}

/** Cross-entropy is the loss whose chance level is ln K; other losses are not judged. */
export function judgesLoss(model: ModelSpec): boolean {
  return model.loss === 'binaryCrossentropy' || model.loss === 'categoricalCrossentropy' || model.loss === 'sparseCategoricalCrossentropy';
}

/** The class each row of outputs says: the largest output, or above 0.5 for one sigmoid unit. */
export function answers(outputs: Tensor): Int32Array {
  if (outputs.shape[outputs.shape.length - 1] !== 1) return argMax(outputs);
  return Int32Array.from(outputs.data, (p) => (p > 0.5 ? 1 : 0));
}

/** The class of each target: a one-hot row's 1, else the label (0 or 1 for a sigmoid's targets). */
export function targetClasses(y: Tensor): Int32Array {
  if (y.shape.length === 2 && y.shape[1] > 1) return argMax(y);
  return Int32Array.from(y.data, (v) => Math.round(v));
}

/** The share of the commonest value. */
function topShare(values: Int32Array): { value: number; share: number } {
  const counts = new Map<number, number>();
  let top = { value: 0, count: 0 };
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > top.count) top = { value: v, count: c };
  }
  return { value: top.value, share: values.length ? top.count / values.length : 0 };
}

export interface EpochFacts {
  epoch: number;
  classes: number;
  learningRate: number;
  /** the epoch's mean training loss */
  loss: number;
  /** accuracy on the validation samples */
  accuracy: number;
  /** the classes of the validation samples */
  truth: Int32Array;
}

/** Worth counting the answers: the loss is worse than chance and the accuracy no better. */
export function suspicious(f: Omit<EpochFacts, 'epoch' | 'learningRate'>): boolean {
  return f.loss > ABOVE_CHANCE * Math.log(f.classes) && f.accuracy <= topShare(f.truth).share + CHANCE_MARGIN;
}

const percent = (v: number) => `${Number((v * 100).toFixed(1))}%`;

/**
 * The collapse these facts and answers show, as an error whose message is the one
 * sentence a learner reads (what happened, and the rate to try), or null when the run is
 * learning, or may yet.
 */
export function collapseOf(f: EpochFacts, said: Int32Array, words: CollapseWords): TrainingCollapsedError | null {
  if (!suspicious(f)) return null;
  const top = topShare(said);
  if (top.share < ONE_CLASS_SHARE) return null;
  const name = words.classNames[top.value] ?? String(top.value);
  const chance = Math.log(f.classes);
  const suggestion = `lower the learning rate from ${f.learningRate} to ${suggestedLearningRate(f.learningRate)}.`;
  const message =
    `After epoch ${f.epoch} the network answers “${name}” for ${percent(top.share)} of the ${said.length.toLocaleString('en')} ${words.samples} ` +
    `and gets ${percent(f.accuracy)} right, no better than chance, and its loss of ${f.loss.toFixed(2)} is worse than the ` +
    `${chance.toFixed(2)} of guessing every class evenly: its steps are too large; ${suggestion}`;
  return new TrainingCollapsedError(message, suggestion);
}
