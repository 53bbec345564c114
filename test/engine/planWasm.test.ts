/**
 * The compiled step on our WebAssembly SIMD kernels: the same suite as the plain
 * TypeScript kernels, every case against the per-op reference path. Each factory call
 * is a heap of its own, as the backend hands one to every compiled step.
 */
import { beforeAll } from 'vitest';
import { compileWasmModules, instantiateKernels, type WasmModules } from '../../src/lib/engine/backends/wasm/wasmKernels';
import { planSuite } from './planSuite';

let modules: WasmModules;
beforeAll(async () => {
  modules = await compileWasmModules();
});

planSuite('wasm', () => instantiateKernels(modules));
