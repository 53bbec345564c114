/**
 * A trained model's answers on the test digits, counted: the confusion matrix and every
 * digit it got wrong, most confident first, from its outputs [n, 10].
 */
import { argMax } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { CLASSES } from './mnistLabLayers';

export interface Miss {
  /** index among the test digits */
  index: number;
  label: number;
  predicted: number;
  /** the probability the model gave its (wrong) answer */
  confidence: number;
}

/** How a trained model did on the test digits (not Keras's evaluate(), which gives loss and accuracy). */
export interface ConfusionReport {
  /** counts[true][predicted] */
  counts: number[][];
  correct: number;
  total: number;
  /** every wrong answer, most confident first */
  misses: Miss[];
}

/** The confusion matrix and the mistakes of a model's outputs [n, 10] against the true labels. */
export function evaluateOutputs(outputs: Tensor, labels: ArrayLike<number>): ConfusionReport {
  const predicted = argMax(outputs);
  if (predicted.length !== labels.length) throw new Error(`evaluateOutputs: ${predicted.length} outputs for ${labels.length} labels`);
  const counts = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  const misses: Miss[] = [];
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) {
    const label = labels[i];
    const p = predicted[i];
    counts[label][p]++;
    if (p === label) correct++;
    else misses.push({ index: i, label, predicted: p, confidence: outputs.data[i * CLASSES + p] });
  }
  misses.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { counts, correct, total: predicted.length, misses };
}
