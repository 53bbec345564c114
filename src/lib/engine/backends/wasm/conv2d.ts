import type { Conv2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take, windowShape } from './staging';
import type { WasmKernels } from './wasmKernels';

/**
 * x [n, h, w, inC] * kernel [kh, kw, inC, outC] -> [n, oh, ow, outC] as im2col + gemm:
 * the patches [n·oh·ow, kh·kw·inC] times Keras's kernel, which is already the matrix
 * [kh·kw·inC, outC]; the product's rows are the output pixels in NHWC order.
 */
export async function conv2d(k: WasmKernels, x: Tensor, kernel: Tensor, options: Conv2dOptions): Promise<Tensor> {
  const [kh, kw, inC, outC] = kernel.shape;
  const s = windowShape(x.shape, kh, kw, options.strides, options.padding);
  const pixels = s.n * s.outH * s.outW;
  const depth = kh * kw * inC;
  const [px, pk, cols, out] = layout(k, [x.data.length, kernel.data.length, pixels * depth, pixels * outC]);
  put(k, px, x.data);
  put(k, pk, kernel.data);
  k.im2col(px, cols, s);
  k.gemm(pixels, outC, depth, cols, false, pk, false, out, false);
  return { data: take(k, out, pixels * outC), shape: [s.n, s.outH, s.outW, outC] };
}
