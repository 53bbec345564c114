/**
 * c[m, n] = (accumulate ? c : 0) + op(a) @ op(b) on device arrays, as PlanKernels.gemm.
 * The four transpositions are one source: a stored [m, k] is read with row stride k and
 * column stride 1, stored transposed ([k, m]) with row stride 1 and column stride m.
 * Thread x is the column and y + z the row: see `matrixOutput`.
 */
import type { KernelSpec, KernelThis } from '../kernelCache';
import type { MatrixOutput } from './grid';

export interface GemmConstants {
  k: number;
  n: number;
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
}

function gemmCell(this: KernelThis<GemmConstants>, a: Float32Array, b: Float32Array): number {
  const ra = (this.thread.y + this.thread.z) * this.constants.aRow;
  const cb = this.thread.x * this.constants.bCol;
  let sum = 0;
  for (let i = 0; i < this.constants.k; i++) {
    sum += a[ra + i * this.constants.aCol] * b[i * this.constants.bRow + cb];
  }
  return sum;
}

function gemmAccumulateCell(this: KernelThis<GemmConstants>, a: Float32Array, b: Float32Array, c: Float32Array): number {
  const ra = (this.thread.y + this.thread.z) * this.constants.aRow;
  const cb = this.thread.x * this.constants.bCol;
  let sum = 0;
  for (let i = 0; i < this.constants.k; i++) {
    sum += a[ra + i * this.constants.aCol] * b[i * this.constants.bRow + cb];
  }
  return c[(this.thread.y + this.thread.z) * this.constants.n + this.thread.x] + sum;
}

export interface GemmShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
}

export function gemmKey(g: GemmShape): string {
  return `gemm:${g.m}x${g.k}x${g.n}:${+g.transA}${+g.transB}${+g.accumulate}`;
}

export function gemmSpec(g: GemmShape, grid: MatrixOutput): KernelSpec {
  const constants = {
    k: g.k,
    n: g.n,
    aRow: g.transA ? 1 : g.k,
    aCol: g.transA ? g.m : 1,
    bRow: g.transB ? 1 : g.n,
    bCol: g.transB ? g.k : 1
  };
  return { source: g.accumulate ? gemmAccumulateCell : gemmCell, output: grid(g.n, g.m), constants };
}
