import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take, windowShape } from './staging';
import type { WasmKernels } from './wasmKernels';

/** d loss / d kernel for conv2d: patchesᵀ @ dy, gemm reading the im2col matrix transposed in place. */
export async function conv2dBackpropFilter(
  k: WasmKernels,
  x: Tensor,
  dy: Tensor,
  kernelShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const [kh, kw, inC, outC] = kernelShape;
  const s = windowShape(x.shape, kh, kw, options.strides, options.padding);
  const pixels = s.n * s.outH * s.outW;
  const depth = kh * kw * inC;
  const [px, pdy, cols, dk] = layout(k, [x.data.length, dy.data.length, pixels * depth, depth * outC]);
  put(k, px, x.data);
  put(k, pdy, dy.data);
  k.im2col(px, cols, s);
  k.gemm(depth, outC, pixels, cols, true, pdy, false, dk, false);
  return { data: take(k, dk, depth * outC), shape: [...kernelShape] };
}
