import type { BinaryOp } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import { BinaryCode, type WasmKernels } from './wasmKernels';

/** Elementwise a op b in wasm; b's values cycle with period b.size through a (same shape, a suffix, or one value). */
export async function binary(k: WasmKernels, op: BinaryOp, a: Tensor, b: Tensor): Promise<Tensor> {
  const size = a.data.length;
  const [pa, pb, out] = layout(k, [size, b.data.length, size]);
  put(k, pa, a.data);
  put(k, pb, b.data);
  k.binary(BinaryCode[op], pa, pb, out, size, b.data.length);
  return { data: take(k, out, size), shape: [...a.shape] };
}
