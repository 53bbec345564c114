/**
 * The wasm backend: our own WebAssembly SIMD128 kernels (the .wat files here), the fast
 * path on a CPU. Per-op calls copy their tensors into a staging heap, run the kernels and
 * copy the result out; a compiled training step runs on planKernels(), a heap of its own per call
 * where weights, optimizer state and activations stay for the whole fit.
 *
 * Every op runs in wasm: matmul, conv2d (im2col + gemm) and both its gradients (gemm
 * with a transposed operand, then col2im; im2col, then gemm with the patches
 * transposed), pooling with argmax, dense (gemm, then bias and activation fused),
 * softmax, sum (column sums), and the unary and binary ops as small wasm loops.
 */
import { bindOps, type Backend } from '../../backend';
import type { PlanKernels } from '../../plan/kernels';
import { binary } from './binary';
import { conv2d } from './conv2d';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { dense } from './dense';
import { matmul } from './matmul';
import { maxPool2d } from './maxPool2d';
import { maxPool2dBackprop } from './maxPool2dBackprop';
import { softmax } from './softmax';
import { sum } from './sum';
import { unary } from './unary';
import { compileWasmModules, instantiateKernels, WASM_HEAP_LIMIT, wasmUnavailable } from './wasmKernels';

export interface WasmBackend extends Backend {
  planKernels(): PlanKernels;
}

/**
 * Creates the backend. Rejects, with a reason a teacher can read, when this browser has
 * no WebAssembly or no SIMD128, or when the kernels fail to compile.
 */
export async function createWasmBackend(): Promise<WasmBackend> {
  const missing = wasmUnavailable();
  if (missing) throw new Error(`wasm unavailable: ${missing}`);
  const modules = await compileWasmModules().catch((error: unknown) => {
    throw new Error(`wasm failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  // per-op calls get a heap of their own, and so does every compiled step: a picture or a
  // second model can never overwrite weights a plan keeps resident
  const k = instantiateKernels(modules);
  return {
    name: 'wasm',
    label: 'WebAssembly SIMD (our kernels)',
    memoryLimit: WASM_HEAP_LIMIT,
    ...bindOps(k, { matmul, binary, unary, softmax, sum, dense, conv2d, conv2dBackpropInput, conv2dBackpropFilter, maxPool2d, maxPool2dBackprop }),
    planKernels: () => instantiateKernels(modules),
    // the heaps are plain memory, collected with the backend; nothing compiled is held per backend
    dispose: () => {}
  };
}
