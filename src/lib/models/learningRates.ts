/**
 * Learning rates, named once: the rates Keras starts each optimiser at (which sgd() and
 * adam() default to) and the one check every place that takes a rate from a learner
 * uses, so a lab, a link and a model spec refuse the same numbers with the same words.
 */
import type { OptimizerName } from './optimizers';

/** Keras's defaults: SGD(learning_rate=0.01), Adam(learning_rate=0.001), Adadelta(learning_rate=0.001). */
export const defaultLearningRates: Readonly<Record<OptimizerName, number>> = { sgd: 0.01, adam: 0.001, adadelta: 0.001 };

/** Why a learning rate cannot train a model, in a learner's words; null when it can. */
export function learningRateProblem(rate: number): string | null {
  return rate > 0 && Number.isFinite(rate) ? null : 'The learning rate must be a number above 0.';
}

/** Throws, saying where, if the rate cannot train a model: the check behind every optimiser's rate. */
export function checkLearningRate(where: string, rate: number): void {
  const problem = learningRateProblem(rate);
  if (problem) throw new Error(`${where}: ${problem} Got ${rate}.`);
}
