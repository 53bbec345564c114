import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';

interface SoftmaxConstants {
  cols: number;
}

/**
 * Each cell recomputes its row's maximum and sum: rows are short (classes), and it
 * keeps the kernel a single pass with no shared memory. Subtracting the maximum keeps
 * exp from overflowing, as in the reference.
 */
function softmaxCell(this: KernelThis<SoftmaxConstants>, x: Float32Array): number {
  const start = this.thread.z * this.constants.cols;
  let max = x[start];
  for (let j = 1; j < this.constants.cols; j++) max = Math.max(max, x[start + j]);
  let total = 0;
  for (let j = 0; j < this.constants.cols; j++) total += Math.exp(x[start + j] - max);
  return Math.exp(x[start + this.thread.x] - max) / total;
}

export async function softmax(cache: KernelCache, x: Tensor): Promise<Tensor> {
  const size = x.data.length;
  const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const rows = size / cols;
  const data = await cache.run(
    `softmax:${rows}x${cols}`,
    () => ({ source: softmaxCell, output: [cols, 1, rows], constants: { cols } }),
    [x.data],
    size
  );
  return { data, shape: [...x.shape] };
}
