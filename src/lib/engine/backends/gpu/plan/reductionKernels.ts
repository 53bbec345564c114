/**
 * The calls of a compiled step that reduce (PlanKernels.columnSum, softmaxCrossEntropy,
 * countNonFinite). gpu.js runs one thread per output cell and has no shared memory or
 * atomics, so a reduction is a loop inside a thread. A long loop in few threads leaves
 * the GPU idle (a bias gradient of a convolution sums 6,272 rows into 8 cells), so long
 * sums run in two passes: first blocks of `block` values per thread, then the blocks.
 */
import type { KernelSpec, KernelThis } from '../kernelCache';
import type { MatrixOutput } from './grid';

/** Rows one thread of a first pass sums (and values countNonFinite counts). */
export const reductionBlock = 128;

interface ColumnConstants {
  rows: number;
  cols: number;
  block: number;
}

/** The sum of column x over block y + z of rows (see grid.ts). */
function columnBlockSumCell(this: KernelThis<ColumnConstants>, x: Float32Array): number {
  const first = (this.thread.y + this.thread.z) * this.constants.block;
  let sum = 0;
  for (let r = 0; r < this.constants.block; r++) {
    if (first + r < this.constants.rows) sum += x[(first + r) * this.constants.cols + this.thread.x];
  }
  return sum;
}

/** Output [cols]: the sum of a whole column of x [rows, cols]. */
function columnSumCell(this: KernelThis<ColumnConstants>, x: Float32Array): number {
  let sum = 0;
  for (let r = 0; r < this.constants.rows; r++) sum += x[r * this.constants.cols + this.thread.x];
  return sum;
}

/**
 * db = Σ_r dz[r, :]: one pass while rows fit one block, else two (blocks, then a sum
 * of the blocks, which is again a column sum).
 */
export function columnSumSpecs(rows: number, cols: number, grid: MatrixOutput): KernelSpec[] {
  if (rows <= reductionBlock * 2) return [{ source: columnSumCell, output: [cols], constants: { rows, cols, block: rows } }];
  const blocks = Math.ceil(rows / reductionBlock);
  return [
    { source: columnBlockSumCell, output: grid(cols, blocks), constants: { rows, cols, block: reductionBlock } },
    { source: columnSumCell, output: [cols], constants: { rows: blocks, cols, block: blocks } }
  ];
}

interface SoftmaxConstants {
  rows: number;
  cols: number;
  lossRows: number;
}

/** The softmax of each row (shifted by its maximum), row y + z. */
function softmaxCell(this: KernelThis<SoftmaxConstants>, logits: Float32Array): number {
  const row = (this.thread.y + this.thread.z) * this.constants.cols;
  let most = logits[row];
  for (let j = 1; j < this.constants.cols; j++) most = Math.max(most, logits[row + j]);
  let total = 0;
  for (let j = 0; j < this.constants.cols; j++) total += Math.exp(logits[row + j] - most);
  return Math.exp(logits[row + this.thread.x] - most) / total;
}

/** d mean loss / d logits = (probs − targets) / lossRows. */
function softmaxGradCell(this: KernelThis<SoftmaxConstants>, probs: Float32Array, targets: Float32Array): number {
  return (probs[this.thread.x] - targets[this.thread.x]) / this.constants.lossRows;
}

/**
 * Output [2]: cell 0 the cross-entropy summed over rows (probabilities clipped to
 * [1e-7, 1 − 1e-7] as Keras does), cell 1 how many rows have argmax(probs) =
 * argmax(targets), first maximum on ties. Rows are a batch (tens to hundreds) of a few
 * classes, so two threads loop over them.
 */
function softmaxStatsCell(this: KernelThis<SoftmaxConstants>, probs: Float32Array, targets: Float32Array): number {
  let result = 0;
  for (let r = 0; r < this.constants.rows; r++) {
    const row = r * this.constants.cols;
    if (this.thread.x === 0) {
      let loss = 0;
      for (let j = 0; j < this.constants.cols; j++) {
        const p = Math.min(Math.max(probs[row + j], 1e-7), 1 - 1e-7);
        loss -= targets[row + j] * Math.log(p);
      }
      result += loss;
    } else {
      let bestP = 0;
      let bestT = 0;
      for (let j = 1; j < this.constants.cols; j++) {
        if (probs[row + j] > probs[row + bestP]) bestP = j;
        if (targets[row + j] > targets[row + bestT]) bestT = j;
      }
      if (bestP === bestT) result += 1;
    }
  }
  return result;
}

export function softmaxSpecs(rows: number, cols: number, lossRows: number, grid: MatrixOutput): { probs: KernelSpec; dz: KernelSpec; stats: KernelSpec } {
  const constants = { rows, cols, lossRows };
  return {
    probs: { source: softmaxCell, output: grid(cols, rows), constants },
    dz: { source: softmaxGradCell, output: [rows * cols], constants },
    stats: { source: softmaxStatsCell, output: [2], constants }
  };
}

interface CountConstants {
  size: number;
  block: number;
}

/**
 * Output [blocks]: how many of a block's values are NaN or ±Infinity. `!(|v| <= max)`
 * is true for both (every comparison with NaN is false) without isnan, which GLSL ES
 * compilers may fold away.
 */
function nonFiniteBlockCell(this: KernelThis<CountConstants>, x: Float32Array): number {
  const first = this.thread.x * this.constants.block;
  let count = 0;
  for (let i = 0; i < this.constants.block; i++) {
    if (first + i < this.constants.size) {
      if (!(Math.abs(x[first + i]) <= 3.4028234e38)) count += 1;
    }
  }
  return count;
}

interface PackConstants {
  at0: number;
  at1: number;
  at2: number;
  at3: number;
}

/**
 * Output [count ≤ 4]: cell i is cell at_i of the i-th argument, so a step that ends with
 * several scalars (loss, correct answers, non-finite values) reads them back at once.
 */
function packCell(this: KernelThis<PackConstants>, a: Float32Array, b: Float32Array, c: Float32Array, d: Float32Array): number {
  const i = this.thread.x;
  if (i === 0) return a[this.constants.at0];
  if (i === 1) return b[this.constants.at1];
  if (i === 2) return c[this.constants.at2];
  return d[this.constants.at3];
}

/** Packs cells `at` (one per argument, at most four) of the arguments a kernel of this spec is given. */
export function packSpec(at: readonly number[]): KernelSpec {
  if (at.length < 1 || at.length > 4) throw new Error(`pack: 1 to 4 scalars, got ${at.length}`);
  const [at0, at1 = 0, at2 = 0, at3 = 0] = at;
  return { source: packCell, output: [at.length], constants: { at0, at1, at2, at3 } };
}

interface SumConstants {
  na: number;
  nb: number;
  nc: number;
  nd: number;
}

/** Output [1]: the sum of the first na, nb, nc, nd cells of four arrays (0 leaves one out). */
function sumFourCell(this: KernelThis<SumConstants>, a: Float32Array, b: Float32Array, c: Float32Array, d: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < this.constants.na; i++) sum += a[i];
  for (let i = 0; i < this.constants.nb; i++) sum += b[i];
  for (let i = 0; i < this.constants.nc; i++) sum += c[i];
  for (let i = 0; i < this.constants.nd; i++) sum += d[i];
  return sum;
}

/** Sums the first `counts[i]` cells of up to four arrays into one cell. */
export function sumFourSpec(counts: readonly number[]): KernelSpec {
  if (counts.length < 1 || counts.length > 4) throw new Error(`sumFour: 1 to 4 arrays, got ${counts.length}`);
  const [na, nb = 0, nc = 0, nd = 0] = counts;
  return { source: sumFourCell, output: [1], constants: { na, nb, nc, nd } };
}

/** Output [blocks]: how many values of each block of `reductionBlock` are NaN or ±Infinity. */
export function nonFiniteBlocksSpec(size: number): KernelSpec {
  return { source: nonFiniteBlockCell, output: [Math.ceil(size / reductionBlock)], constants: { size, block: reductionBlock } };
}
