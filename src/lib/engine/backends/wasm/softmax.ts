import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import type { WasmKernels } from './wasmKernels';

/** Softmax over the last axis, each row shifted by its maximum, in wasm. */
export async function softmax(k: WasmKernels, x: Tensor): Promise<Tensor> {
  const size = x.data.length;
  const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1];
  const [px, out] = layout(k, [size, size]);
  put(k, px, x.data);
  if (cols > 0) k.softmax(px, out, size / cols, cols);
  return { data: take(k, out, size), shape: [...x.shape] };
}
