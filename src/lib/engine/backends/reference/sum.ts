import type { Tensor } from '../../tensor';

/**
 * Sum over one axis (which disappears from the shape) or, with axis null, over
 * everything (shape []). Seen as [outer, len, inner] around the axis; float64 sums.
 */
export async function sum(x: Tensor, axis: number | null): Promise<Tensor> {
  const X = x.data;
  if (axis === null) {
    let s = 0;
    for (let i = 0; i < X.length; i++) s += X[i];
    return { data: Float32Array.of(s), shape: [] };
  }
  const shape = x.shape;
  const len = shape[axis];
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];

  const acc = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < len; l++) {
      const src = (o * len + l) * inner;
      const dst = o * inner;
      for (let i = 0; i < inner; i++) acc[dst + i] += X[src + i];
    }
  }
  return { data: Float32Array.from(acc), shape: shape.filter((_, d) => d !== axis) };
}
