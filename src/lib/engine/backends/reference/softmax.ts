import type { Tensor } from '../../tensor';

/**
 * Softmax over the last axis. Subtracting each row's maximum first keeps exp from
 * overflowing (softmax(x) = softmax(x - c) for any c), so logits of 1000 still work.
 */
export async function softmax(x: Tensor): Promise<Tensor> {
  const X = x.data;
  const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const out = new Float32Array(X.length);
  const e = new Float64Array(cols);
  for (let start = 0; start < X.length; start += cols) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (X[start + j] > max) max = X[start + j];
    let total = 0;
    for (let j = 0; j < cols; j++) {
      e[j] = Math.exp(X[start + j] - max);
      total += e[j];
    }
    for (let j = 0; j < cols; j++) out[start + j] = e[j] / total;
  }
  return { data: out, shape: [...x.shape] };
}
