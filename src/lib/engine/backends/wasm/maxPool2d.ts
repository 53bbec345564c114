import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take, windowShape } from './staging';
import type { WasmKernels } from './wasmKernels';

/** x [n, h, w, c] -> [n, oh, ow, c], the maximum of each window (the argmax is computed and dropped). */
export async function maxPool2d(k: WasmKernels, x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const s = windowShape(x.shape, options.poolSize[0], options.poolSize[1], options.strides, options.padding);
  const ySize = s.n * s.outH * s.outW * s.c;
  const [px, y, argmax] = layout(k, [x.data.length, ySize, ySize]);
  put(k, px, x.data);
  k.maxPool(px, y, argmax, s);
  return { data: take(k, y, ySize), shape: [s.n, s.outH, s.outW, s.c] };
}
