import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';

interface SumConstants {
  len: number;
  inner: number;
}

interface ChunkConstants {
  chunk: number;
  size: number;
}

/** x seen as [outer, len, inner]: each cell sums one column of len values. */
function sumCell(this: KernelThis<SumConstants>, x: Float32Array): number {
  const base = this.thread.z * this.constants.len * this.constants.inner + this.thread.x;
  let total = 0;
  for (let l = 0; l < this.constants.len; l++) total += x[base + l * this.constants.inner];
  return total;
}

/** Sums of consecutive chunks of x; the last chunk may be short. */
function chunkSumCell(this: KernelThis<ChunkConstants>, x: Float32Array): number {
  const start = this.thread.x * this.constants.chunk;
  let total = 0;
  for (let l = 0; l < this.constants.chunk; l++) {
    if (start + l < this.constants.size) total += x[start + l];
  }
  return total;
}

/**
 * Sum over one axis (it disappears) or over everything (shape []). A full sum runs
 * in two passes, over chunks of about sqrt(size) and then over their sums, so no
 * thread loops over the whole tensor and float32 rounding grows with sqrt(size) terms.
 */
export async function sum(cache: KernelCache, x: Tensor, axis: number | null): Promise<Tensor> {
  if (axis === null) {
    const size = x.data.length;
    const chunk = Math.max(1, Math.ceil(Math.sqrt(size)));
    const chunks = Math.ceil(size / chunk);
    const partial = await cache.run(
      `sum:chunks:${size}`,
      () => ({ source: chunkSumCell, output: [chunks], constants: { chunk, size } }),
      [x.data],
      chunks
    );
    return { data: await reduce(cache, partial, 1, chunks, 1), shape: [] };
  }
  const shape = x.shape;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const data = await reduce(cache, x.data, outer, shape[axis], inner);
  return { data, shape: shape.filter((_, d) => d !== axis) };
}

function reduce(cache: KernelCache, x: Float32Array, outer: number, len: number, inner: number): Promise<Float32Array> {
  return cache.run(
    `sum:${outer}x${len}x${inner}`,
    () => ({ source: sumCell, output: [inner, 1, outer], constants: { len, inner } }),
    [x],
    outer * inner
  );
}
