import type { Activation } from '../../backend';
import { ActivationCode } from '../../plan/kernels';
import type { Tensor } from '../../tensor';
import { layout, put, take } from './staging';
import type { WasmKernels } from './wasmKernels';

/** act(x @ w + b): one gemm, then bias and activation fused in one pass (softmax in a second). */
export async function dense(k: WasmKernels, x: Tensor, w: Tensor, b: Tensor, activation: Activation): Promise<Tensor> {
  const [n, inputs] = x.shape;
  const units = w.shape[1];
  const [px, pw, pb, out] = layout(k, [x.data.length, w.data.length, units, n * units]);
  put(k, px, x.data);
  put(k, pw, w.data);
  put(k, pb, b.data);
  k.gemm(n, units, inputs, px, false, pw, false, out, false);
  k.biasActivation(out, pb, out, n, units, activation === 'softmax' ? ActivationCode.linear : ActivationCode[activation]);
  if (activation === 'softmax') k.softmax(out, out, n, units);
  return { data: take(k, out, n * units), shape: [n, units] };
}
