import type { UnaryOp } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import { UnaryCode, type WasmKernels } from './wasmKernels';

/** op(x) elementwise in wasm (exp and log by our own range reduction and polynomial). */
export async function unary(k: WasmKernels, op: UnaryOp, x: Tensor): Promise<Tensor> {
  const size = x.data.length;
  const [px, out] = layout(k, [size, size]);
  put(k, px, x.data);
  k.unary(UnaryCode[op], px, out, size);
  return { data: take(k, out, size), shape: [...x.shape] };
}
