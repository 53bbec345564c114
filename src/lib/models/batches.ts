/** Small helpers of Sequential: layer names and batches. */
import { sizeOf, type Tensor } from '$lib/engine/tensor';
import type { Layer } from './layers/layer';

/** Keras-style unique names within the model: dense, dense_1, dense_2, conv2d, … */
export function nameLayers(layers: readonly Layer[]): void {
  const counts = new Map<string, number>();
  for (const layer of layers) {
    const base = layer.name.replace(/_\d+$/, '');
    const k = counts.get(base) ?? 0;
    layer.name = k === 0 ? base : `${base}_${k}`;
    counts.set(base, k + 1);
  }
}

/** Rows order[start..end) of x, copied into one batch. */
export function takeRows(x: Tensor, order: Int32Array | null, start: number, end: number): Tensor {
  const row = sizeOf(x.shape.slice(1));
  if (!order) return { data: x.data.subarray(start * row, end * row), shape: [end - start, ...x.shape.slice(1)] };
  const out = new Float32Array((end - start) * row);
  for (let i = start; i < end; i++) out.set(x.data.subarray(order[i] * row, (order[i] + 1) * row), (i - start) * row);
  return { data: out, shape: [end - start, ...x.shape.slice(1)] };
}
