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

/*
 * The packed form, for WebGL. A fragment shader pays for every texture read (on
 * SwiftShader, scalar gemm ran at 1/25 of tfjs-webgl's packed matmul; a raw WebGL2
 * shader reading one float per texel was as slow, so the reads, not gpu.js, were the
 * cost). Packed, each read brings four values along k, and each thread computes a 2x2
 * block of c: four reads feed sixteen multiply-adds instead of two feeding one. Three
 * kernels: pack op(a)'s rows and op(b)'s columns into RGBA texels (gpu.js's Array(4)
 * textures, zero beyond the matrix), multiply blocks, unpack into the plain array the
 * other kernels read. WebGPU cannot take Array(4) results as kernel arguments in gpu.js
 * 2.24, and reads its storage buffers without texture sampling, so it keeps gemmCell.
 */

/** An Array(4) texture as a kernel reads it: a texel (four values) per index. */
type Texels = readonly (readonly number[])[];

interface PackConstants {
  /** rows of the packed matrix (m for a, n for b), before padding to even */
  rows: number;
  k: number;
  /** strides of element (row, i) in the stored matrix */
  rowStride: number;
  colStride: number;
}

/** Output [k4, 1, rows padded to even]: texel (j, r) = (x[r, 4j], …, x[r, 4j + 3]), 0 outside. */
function packCell(this: KernelThis<PackConstants>, x: Float32Array): number[] {
  const r = this.thread.y + this.thread.z;
  const i = this.thread.x * 4;
  const base = r * this.constants.rowStride;
  let v0 = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  if (r < this.constants.rows) {
    if (i < this.constants.k) v0 = x[base + i * this.constants.colStride];
    if (i + 1 < this.constants.k) v1 = x[base + (i + 1) * this.constants.colStride];
    if (i + 2 < this.constants.k) v2 = x[base + (i + 2) * this.constants.colStride];
    if (i + 3 < this.constants.k) v3 = x[base + (i + 3) * this.constants.colStride];
  }
  return [v0, v1, v2, v3];
}

interface BlockConstants {
  k4: number;
}

/**
 * Texel (x, y) of an RGBA texture laid out exactly [width, height], read with texture()
 * at its centre. gpu.js reads a texture argument by a flat index, which costs an integer
 * division and a modulo per read to find the texel; where the packed operands are laid
 * out as 2D textures the block kernel knows the texel already. On SwiftShader texture()
 * also ran twice as fast as texelFetch. GLSL ES 3.00: WebGL2 only.
 */
const texelAtGlsl = {
  name: 'texelAt',
  source: `vec4 texelAt(sampler2D tex, ivec2 texSize, ivec3 texDim, float x, float y) {
  return texture(tex, (vec2(x, y) + 0.5) / vec2(texSize));
}`,
  argumentTypes: { tex: 'ArrayTexture(4)', x: 'Number', y: 'Number' },
  returnType: 'Array(4)'
};

/** texelAtGlsl as the kernels call it (gpu.js reads their source; it never runs as JavaScript) */
declare function texelAt(tex: Texels, x: number, y: number): number[];

/** gemmBlockCell reading packed operands laid out [k4, rows] through texelAt. */
function gemmBlockTexelCell(this: KernelThis<BlockConstants>, a: Texels, b: Texels): number[] {
  const ra0 = (this.thread.y + this.thread.z) * 2;
  const cb0 = this.thread.x * 2;
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  for (let j = 0; j < this.constants.k4; j++) {
    const a0 = texelAt(a, j, ra0);
    const a1 = texelAt(a, j, ra0 + 1);
    const b0 = texelAt(b, j, cb0);
    const b1 = texelAt(b, j, cb0 + 1);
    s00 += a0[0] * b0[0] + a0[1] * b0[1] + a0[2] * b0[2] + a0[3] * b0[3];
    s01 += a0[0] * b1[0] + a0[1] * b1[1] + a0[2] * b1[2] + a0[3] * b1[3];
    s10 += a1[0] * b0[0] + a1[1] * b0[1] + a1[2] * b0[2] + a1[3] * b0[3];
    s11 += a1[0] * b1[0] + a1[1] * b1[1] + a1[2] * b1[2] + a1[3] * b1[3];
  }
  return [s00, s01, s10, s11];
}

/** Output [n/2, 1, m/2] of texels (c[r, c], c[r, c + 1], c[r + 1, c], c[r + 1, c + 1]). */
function gemmBlockCell(this: KernelThis<BlockConstants>, a: Texels, b: Texels): number[] {
  const ra0 = (this.thread.y + this.thread.z) * 2 * this.constants.k4;
  const ra1 = ra0 + this.constants.k4;
  const cb0 = this.thread.x * 2 * this.constants.k4;
  const cb1 = cb0 + this.constants.k4;
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  for (let j = 0; j < this.constants.k4; j++) {
    const a0 = a[ra0 + j];
    const a1 = a[ra1 + j];
    const b0 = b[cb0 + j];
    const b1 = b[cb1 + j];
    s00 += a0[0] * b0[0] + a0[1] * b0[1] + a0[2] * b0[2] + a0[3] * b0[3];
    s01 += a0[0] * b1[0] + a0[1] * b1[1] + a0[2] * b1[2] + a0[3] * b1[3];
    s10 += a1[0] * b0[0] + a1[1] * b0[1] + a1[2] * b0[2] + a1[3] * b0[3];
    s11 += a1[0] * b1[0] + a1[1] * b1[1] + a1[2] * b1[2] + a1[3] * b1[3];
  }
  return [s00, s01, s10, s11];
}

interface UnpackConstants {
  n: number;
  n2: number;
}

/** The plain row-major c[m, n] from its 2x2 blocks. */
function unpackCell(this: KernelThis<UnpackConstants>, blocks: Texels): number {
  const r = this.thread.y + this.thread.z;
  const c = this.thread.x;
  const rb = Math.floor(r / 2);
  const cb = Math.floor(c / 2);
  const t = blocks[rb * this.constants.n2 + cb];
  const q = (r - rb * 2) * 2 + (c - cb * 2);
  if (q === 0) return t[0];
  if (q === 1) return t[1];
  if (q === 2) return t[2];
  return t[3];
}

function unpackAccumulateCell(this: KernelThis<UnpackConstants>, blocks: Texels, c0: Float32Array): number {
  const r = this.thread.y + this.thread.z;
  const c = this.thread.x;
  const rb = Math.floor(r / 2);
  const cb = Math.floor(c / 2);
  const t = blocks[rb * this.constants.n2 + cb];
  const q = (r - rb * 2) * 2 + (c - cb * 2);
  let v = t[3];
  if (q === 0) v = t[0];
  if (q === 1) v = t[1];
  if (q === 2) v = t[2];
  return c0[r * this.constants.n + c] + v;
}

export interface PackedGemmSpecs {
  packA: KernelSpec;
  packB: KernelSpec;
  block: KernelSpec;
  unpack: KernelSpec;
}

/**
 * @param maxTextureSize the device's; packed operands that fit are laid out as 2D textures
 *   and read by texel (gemmBlockTexelCell), others by flat index (gemmBlockCell)
 */
export function packedGemmSpecs(g: GemmShape, grid: MatrixOutput, maxTextureSize: number): PackedGemmSpecs {
  const k4 = Math.ceil(g.k / 4);
  const m2 = Math.ceil(g.m / 2);
  const n2 = Math.ceil(g.n / 2);
  const byTexel = k4 <= maxTextureSize && 2 * Math.max(m2, n2) <= maxTextureSize;
  // [k4, rows] with rows > 1 is laid out exactly so by gpu.js; a 1-row operand is padded to 2
  const packGrid: MatrixOutput = byTexel ? (cols, rows) => [cols, rows] : grid;
  // a's row r, element i: stored [m, k] at r·k + i, transposed ([k, m]) at i·m + r
  const a = { rows: g.m, k: g.k, rowStride: g.transA ? 1 : g.k, colStride: g.transA ? g.m : 1 };
  // op(b)'s column c, element i: stored [k, n] at i·n + c, transposed ([n, k]) at c·k + i
  const b = { rows: g.n, k: g.k, rowStride: g.transB ? g.k : 1, colStride: g.transB ? 1 : g.n };
  return {
    packA: { source: packCell, output: packGrid(k4, 2 * m2), constants: a, returnType: 'Array(4)' },
    packB: { source: packCell, output: packGrid(k4, 2 * n2), constants: b, returnType: 'Array(4)' },
    block: byTexel
      ? { source: gemmBlockTexelCell, output: grid(n2, m2), constants: { k4 }, returnType: 'Array(4)', nativeFunctions: [texelAtGlsl] }
      : { source: gemmBlockCell, output: grid(n2, m2), constants: { k4 }, returnType: 'Array(4)' },
    unpack: { source: g.accumulate ? unpackAccumulateCell : unpackCell, output: grid(g.n, g.m), constants: { n: g.n, n2 } }
  };
}
