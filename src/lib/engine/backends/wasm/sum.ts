import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import type { WasmKernels } from './wasmKernels';

/**
 * Sum over one axis, or over everything with null. Seen as [outer, len, inner] around the
 * axis, each outer slice is a [len, inner] matrix whose column sums (the plan's bias
 * gradient kernel) are the result.
 */
export async function sum(k: WasmKernels, x: Tensor, axis: number | null): Promise<Tensor> {
  const size = x.data.length;
  const shape = x.shape;
  const len = axis === null ? size : shape[axis];
  const inner = axis === null ? 1 : shape.slice(axis + 1).reduce((p, q) => p * q, 1);
  const outer = axis === null ? 1 : shape.slice(0, axis).reduce((p, q) => p * q, 1);
  const [px, out] = layout(k, [size, outer * inner]);
  put(k, px, x.data);
  for (let o = 0; o < outer; o++) k.columnSum(px + o * len * inner, out + o * inner, len, inner);
  return { data: take(k, out, outer * inner), shape: axis === null ? [] : shape.filter((_, d) => d !== axis) };
}
