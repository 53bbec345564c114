/**
 * How a matrix [rows, cols] maps onto gpu.js threads. Kernels read the column from
 * thread x and the row as thread y + thread z, so one source serves both layouts:
 *  - [cols, rows] (z = 0): WebGPU dispatches 8x8 workgroups over x and y, so the rows
 *    must be on y, or seven threads in eight would idle;
 *  - [cols, 1, rows] (y = 0): gpu.js sizes a WebGL texture [cols, rows] for a 2D output,
 *    which a tall matrix (the im2col of a batch: tens of thousands of rows) overflows,
 *    and near-square for a 3D one, so on WebGL the rows go on z.
 */
import type { KernelOutputSize } from '../kernelCache';

export type MatrixOutput = (cols: number, rows: number) => KernelOutputSize;

export const rowsOnY: MatrixOutput = (cols, rows) => [cols, rows];
export const rowsOnZ: MatrixOutput = (cols, rows) => [cols, 1, rows];
