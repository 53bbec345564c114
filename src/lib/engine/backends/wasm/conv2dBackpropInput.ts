import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take, windowShape } from './staging';
import type { WasmKernels } from './wasmKernels';

/**
 * d loss / d x for conv2d: the patch gradients dy [n·oh·ow, outC] @ kernelᵀ (gemm reading
 * the kernel transposed in place), then col2im adds each patch back onto the pixels it read.
 */
export async function conv2dBackpropInput(
  k: WasmKernels,
  dy: Tensor,
  kernel: Tensor,
  xShape: readonly number[],
  options: Conv2dOptions
): Promise<Tensor> {
  const [kh, kw, inC, outC] = kernel.shape;
  const s = windowShape(xShape, kh, kw, options.strides, options.padding);
  const pixels = s.n * s.outH * s.outW;
  const depth = kh * kw * inC;
  const xSize = s.n * s.h * s.w * s.c;
  const [pdy, pk, cols, dx] = layout(k, [dy.data.length, kernel.data.length, pixels * depth, xSize]);
  put(k, pdy, dy.data);
  put(k, pk, kernel.data);
  k.gemm(pixels, depth, outC, pdy, false, pk, true, cols, false);
  k.col2im(cols, dx, s);
  return { data: take(k, dx, xSize), shape: [...xShape] };
}
