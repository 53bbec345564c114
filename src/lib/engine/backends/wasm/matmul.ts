import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import type { WasmKernels } from './wasmKernels';

/** a [m, k] @ b [k, n] -> [m, n]; transposeA / transposeB read a as [k, m] / b as [n, k], in place. */
export async function matmul(k: WasmKernels, a: Tensor, b: Tensor, transposeA = false, transposeB = false): Promise<Tensor> {
  const m = transposeA ? a.shape[1] : a.shape[0];
  const depth = transposeA ? a.shape[0] : a.shape[1];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const [pa, pb, pc] = layout(k, [a.data.length, b.data.length, m * n]);
  put(k, pa, a.data);
  put(k, pb, b.data);
  k.gemm(m, n, depth, pa, transposeA, pb, transposeB, pc, false);
  return { data: take(k, pc, m * n), shape: [m, n] };
}
