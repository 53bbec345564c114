import type { Pool2dOptions } from '../../backend';
import type { Tensor } from '../../tensor';
import { layout, put, take, windowShape } from './staging';
import type { WasmKernels } from './wasmKernels';

/** d loss / d x for maxPool2d: the forward pass again for its argmax, then dy scattered onto it. */
export async function maxPool2dBackprop(k: WasmKernels, dy: Tensor, x: Tensor, options: Pool2dOptions): Promise<Tensor> {
  const s = windowShape(x.shape, options.poolSize[0], options.poolSize[1], options.strides, options.padding);
  const ySize = s.n * s.outH * s.outW * s.c;
  const xSize = x.data.length;
  const [px, y, argmax, pdy, dx] = layout(k, [xSize, ySize, ySize, ySize, xSize]);
  put(k, px, x.data);
  put(k, pdy, dy.data);
  k.maxPool(px, y, argmax, s);
  k.maxPoolGrad(pdy, argmax, dx, ySize, xSize);
  return { data: take(k, dx, xSize), shape: [...x.shape] };
}
