/**
 * The per-op path: each kernel call lays its tensors out from cell 0 of the backend's
 * staging heap, copies the inputs in, runs the wasm kernels and copies the result out,
 * so every call returns fresh arrays and nothing stays in the heap between calls. (A
 * compiled plan keeps its numbers resident in a heap of its own instead.)
 */
import type { Padding } from '../../backend';
import type { WindowShape } from '../../plan/kernels';
import { windowGeometry } from '../../windowGeometry';
import type { WasmKernels } from './wasmKernels';

/**
 * Offsets, in cells, of consecutive regions of the given sizes, each starting on a
 * 16-byte boundary (aligned vector loads); the heap is grown to hold them all.
 */
export function layout(k: WasmKernels, sizes: readonly number[]): number[] {
  let next = 0;
  const offsets = sizes.map((size) => {
    const at = next;
    next += Math.ceil(size / 4) * 4;
    return at;
  });
  k.reserve(next);
  return offsets;
}

export function put(k: WasmKernels, at: number, data: Float32Array): void {
  k.f32().set(data, at);
}

/** A copy of size cells from at. */
export function take(k: WasmKernels, at: number, size: number): Float32Array {
  return k.f32().slice(at, at + size);
}

/** The window of a [kh, kw] kernel or pool over x [n, h, w, c], in the plan kernels' terms. */
export function windowShape(
  xShape: readonly number[],
  kh: number,
  kw: number,
  strides: readonly [number, number],
  padding: Padding
): WindowShape {
  const [n, h, w, c] = xShape;
  const { outH, outW, padTop, padLeft } = windowGeometry(h, w, kh, kw, strides, padding);
  return { n, h, w, c, kh, kw, strideH: strides[0], strideW: strides[1], padTop, padLeft, outH, outW };
}
