import type { Dataset } from '../../src/lib/datasets/types';

/**
 * Runs the Rosenblatt rule (labels 0/1, heaviside, bias) on z-scored features for
 * up to `epochs` passes; true when a pass makes no mistake. By the perceptron
 * convergence theorem that happens for separable data; on overlapping data it never does.
 */
export function perceptronSeparates(d: Dataset, epochs: number): boolean {
  const k = d.sampleShape[0];
  const mean = new Array(k).fill(0);
  const std = new Array(k).fill(0);
  for (let i = 0; i < d.n; i++) for (let j = 0; j < k; j++) mean[j] += d.x[i * k + j] / d.n;
  for (let i = 0; i < d.n; i++) for (let j = 0; j < k; j++) std[j] += (d.x[i * k + j] - mean[j]) ** 2 / d.n;
  const z = (i: number, j: number) => (d.x[i * k + j] - mean[j]) / Math.sqrt(std[j]);
  const w = new Array(k + 1).fill(0);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let mistakes = 0;
    for (let i = 0; i < d.n; i++) {
      let s = w[k];
      for (let j = 0; j < k; j++) s += w[j] * z(i, j);
      const error = d.labels[i] - (s >= 0 ? 1 : 0);
      if (error === 0) continue;
      mistakes++;
      for (let j = 0; j < k; j++) w[j] += error * z(i, j);
      w[k] += error;
    }
    if (mistakes === 0) return true;
  }
  return false;
}
