/**
 * The gpu.js backend: the same kernels as the reference, compiled by gpu.js to a
 * WebGL2/WebGL fragment shader, a WGSL compute shader, WebAssembly SIMD (threaded
 * under the async contract) or plain JavaScript. Every kernel call is awaited, as
 * gpu.js v3 requires. gpu.js degrades to its cpu backend silently in some cases and
 * reports mode 'gpu' for every GL kernel, so the backend checks which kernel class
 * really ran and refuses to pose as a backend it is not.
 */
import * as gpujs from 'gpu.js';
import { CPUKernel, GPU, HeadlessGLKernel, WebAssemblyKernel, WebGL2Kernel, WebGLKernel } from 'gpu.js';

// exported by gpu.js at run time, missing from its type declarations
const { WebGPUKernel } = gpujs as unknown as { WebGPUKernel: abstract new (...args: never[]) => object };
import { bindOps, type Backend } from '../../backend';
import { binary } from './binary';
import { conv2d } from './conv2d';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { dense } from './dense';
import { GpuPlanRunner } from './plan/GpuPlanRunner';
import { KernelCache, type KernelThis } from './kernelCache';
import { matmul } from './matmul';
import { maxPool2d } from './maxPool2d';
import { maxPool2dBackprop } from './maxPool2dBackprop';
import { softmax } from './softmax';
import { sum } from './sum';
import { unary } from './unary';

/**
 * Modes that run compiled steps on the device (GpuPlanRunner). WebGL 1 has no float
 * render targets without extensions nor GLSL ES 3.00, which the packed gemm reads with;
 * webasm and cpu are no GPU: their memory is the page's, which the heap runner serves.
 */
const planModes: ReadonlySet<GpuMode> = new Set(['webgl2', 'webgpu']);

/** The gpu.js backends we drive explicitly (never headless-gl, never gpu.js's own auto-selection). */
export const gpuModes = ['webgpu', 'webgl2', 'webgl', 'webasm', 'cpu'] as const;
export type GpuMode = (typeof gpuModes)[number];

export interface GpuBackendOptions {
  mode: GpuMode;
  /**
   * webasm only: worker threads for kernels of 4,096 cells or more. 1 runs every kernel
   * synchronously on the calling thread (no worker round trip, ~110 µs saved per call).
   * Defaults to the number of logical cores when threads are available.
   */
  threads?: number;
}

/** Whether this platform offers a mode at all; gives the reason when it does not. */
export async function gpuModeUnavailable(mode: GpuMode): Promise<string | null> {
  switch (mode) {
    case 'webgpu':
      if (!GPU.isWebGPUSupported) return 'this browser has no WebGPU (navigator.gpu is missing)';
      return (await GPU.isWebGPUAvailable()) ? null : 'WebGPU is present but no GPU adapter answered';
    case 'webgl2':
      return GPU.isWebGL2Supported ? null : 'no WebGL2 context could be created';
    case 'webgl':
      return GPU.isWebGLSupported ? null : 'no WebGL context could be created';
    case 'webasm':
      return GPU.isWebAssemblySupported ? null : 'WebAssembly is not available';
    case 'cpu':
      return null;
  }
}

interface KernelClass {
  isSIMDSupported?: boolean;
  isThreadsSupported?: boolean;
}

/**
 * The backend a compiled kernel really runs on. gpu.js's own `mode` says 'gpu' for
 * every GL kernel, so look at the kernel's class; WebGL2Kernel extends WebGLKernel and
 * HeadlessGLKernel extends it too, so the most specific class is tested first.
 */
export function kernelBackend(kernel: object): string {
  if (kernel instanceof HeadlessGLKernel) return 'headlessgl';
  if (kernel instanceof WebGL2Kernel) return 'webgl2';
  if (kernel instanceof WebGLKernel) return 'webgl';
  if (kernel instanceof WebGPUKernel) return 'webgpu';
  if (kernel instanceof WebAssemblyKernel) return 'webasm';
  if (kernel instanceof CPUKernel) return 'cpu';
  return 'unknown';
}

interface ProbedKernel {
  kernel: { constructor: KernelClass; fallbackReason?: string | null; _pool?: { size?: number } };
}

function probeCell(this: KernelThis<Record<string, never>>, x: Float32Array): number {
  return x[this.thread.x] * 2 + 1;
}

/** Cells in the probe: enough that webasm takes its threaded path and so starts its pool. */
const probeSize = 4096;

function hardwareThreads(): number | undefined {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency || undefined;
}

/**
 * Creates a backend on one gpu.js mode. Rejects, with a reason a teacher can read, when
 * the mode is missing here, when gpu.js ran a different backend than the one asked
 * for, or when a probe kernel computes a wrong answer.
 */
export async function createGpuBackend(options: GpuBackendOptions): Promise<Backend> {
  const { mode } = options;
  const missing = await gpuModeUnavailable(mode);
  if (missing) throw new Error(`gpu:${mode} unavailable: ${missing}`);

  const wantThreads = mode === 'webasm' && (options.threads ?? 2) > 1;
  const poolSize = mode === 'webasm' && options.threads && options.threads > 1 ? options.threads : undefined;
  // webgpu kernels are asynchronous whatever the setting (mapAsync, which needs no polling).
  // WebGL reads back synchronously: gpu.js's asynchronous WebGL2 readback polls its fence
  // with clientWaitSync(0) every event-loop turn (6,400-13,000 polls per MLP step were
  // counted), while training runs in a worker, where a blocking readPixels stalls no page.
  const asyncMode = mode === 'webasm' ? wantThreads : mode === 'webgpu';
  const gpu = new GPU({ mode });
  const cache = new KernelCache(gpu, asyncMode, poolSize, mode === 'webasm');

  let kernelClass: KernelClass;
  let probed: ProbedKernel;
  try {
    const input = new Float32Array(probeSize).map((_, i) => (i % 17) - 8);
    const out = await cache.run('probe', () => ({ source: probeCell, output: [probeSize], constants: {} }), [input], probeSize);
    for (let i = 0; i < probeSize; i++) {
      if (out[i] !== input[i] * 2 + 1) throw new Error(`probe kernel computed ${out[i]} at ${i}, expected ${input[i] * 2 + 1}`);
    }
    probed = cache.kernel('probe', () => {
      throw new Error('probe kernel missing from the cache');
    }) as unknown as ProbedKernel;
    kernelClass = probed.kernel.constructor;
    const ran = kernelBackend(probed.kernel);
    if (ran !== mode) {
      const why = probed.kernel.fallbackReason ? ` (${probed.kernel.fallbackReason})` : '';
      throw new Error(`gpu.js ran its ${ran} backend instead${why}`);
    }
  } catch (error) {
    cache.dispose();
    void gpu.destroy().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`gpu:${mode} failed: ${message}`);
  }

  const label = labelFor(mode, kernelClass, wantThreads, poolSize ?? hardwareThreads() ?? probed.kernel._pool?.size);
  return {
    name: `gpu:${mode}`,
    label,
    ...bindOps(cache, { matmul, binary, unary, softmax, sum, dense, conv2d, conv2dBackpropInput, conv2dBackpropFilter, maxPool2d, maxPool2dBackprop }),
    ...(planModes.has(mode) ? { planRunner: (model, opts) => new GpuPlanRunner(gpu, model, opts) } : {}),
    dispose: () => {
      cache.dispose();
      // also ends webasm's worker pool, so a Node process can exit
      void gpu.destroy().catch(() => {});
    }
  };
}

function labelFor(mode: GpuMode, kernelClass: KernelClass, wantThreads: boolean, poolSize: number | undefined): string {
  switch (mode) {
    case 'webgpu':
      return 'WebGPU';
    case 'webgl2':
      return 'WebGL2';
    case 'webgl':
      return 'WebGL';
    case 'cpu':
      return 'JavaScript (gpu.js CPU mode)';
    case 'webasm': {
      const simd = kernelClass.isSIMDSupported ? 'WebAssembly SIMD' : 'WebAssembly';
      const threads = wantThreads && kernelClass.isThreadsSupported ? (poolSize ?? 1) : 1;
      return `${simd}, ${threads} thread${threads === 1 ? '' : 's'}`;
    }
  }
}
