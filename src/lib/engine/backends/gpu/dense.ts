import type { Activation } from '../../backend';
import type { Tensor } from '../../tensor';
import { linearCode, unaryCodes } from './activation';
import type { KernelCache, KernelThis } from './kernelCache';
import { matmulConstants, unblockRows, useFourRows, type MatmulConstants } from './matmul';
import { softmax } from './softmax';

interface DenseConstants extends MatmulConstants {
  act: number;
}

/**
 * The activations a dense layer applies, with the arithmetic of the unary kernel
 * (sigmoid and tanh from exp(-|x|), which never overflows).
 */
function activate(z: number, act: number): number {
  if (act === 0) {
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }
  if (act === 1) {
    const e = Math.exp(-2 * Math.abs(z));
    const t = (1 - e) / (1 + e);
    return z >= 0 ? t : -t;
  }
  if (act === 2) return z > 0 ? z : 0;
  return z;
}

/** act(x[row] . w[:, col] + b[col]) in one pass: no [n, out] intermediate is read back. */
function denseCell(this: KernelThis<DenseConstants>, x: Float32Array, w: Float32Array, b: Float32Array): number {
  const row = this.thread.z;
  const col = this.thread.x;
  let sum = 0;
  for (let i = 0; i < this.constants.k; i++) {
    sum += x[row * this.constants.aRow + i] * w[i * this.constants.bRow + col];
  }
  return activate(sum + b[col], this.constants.act);
}

/** Four rows per thread, for webasm: see matmulFourRows. */
function denseFourRows(this: KernelThis<DenseConstants>, x: Float32Array, w: Float32Array, b: Float32Array): number[] {
  const r0 = this.thread.z * 4 * this.constants.aRow;
  const r1 = r0 + this.constants.aRow;
  const r2 = r1 + this.constants.aRow;
  const r3 = r2 + this.constants.aRow;
  const col = this.thread.x;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < this.constants.k; i++) {
    const wv = w[i * this.constants.bRow + col];
    s0 += x[r0 + i] * wv;
    s1 += x[r1 + i] * wv;
    s2 += x[r2 + i] * wv;
    s3 += x[r3 + i] * wv;
  }
  const bias = b[col];
  const act = this.constants.act;
  return [activate(s0 + bias, act), activate(s1 + bias, act), activate(s2 + bias, act), activate(s3 + bias, act)];
}

/** x [n, in] @ w [in, out] + b [out], then the activation; softmax runs as a second kernel over the rows. */
export async function dense(cache: KernelCache, x: Tensor, w: Tensor, b: Tensor, activation: Activation): Promise<Tensor> {
  const { m, n, constants } = matmulConstants(x, w, false, false);
  const act = activation === 'linear' || activation === 'softmax' ? linearCode : unaryCodes[activation];
  const dc: DenseConstants = { ...constants, act };
  const key = `dense:${m}x${constants.k}x${n}:${act}`;
  let z: Tensor;
  if (useFourRows(cache, m)) {
    const blocked = await cache.run(
      `${key}:4rows`,
      () => ({ source: denseFourRows, output: [n, 1, m / 4], constants: { ...dc }, returnType: 'Array(4)', functions: [activate] }),
      [x.data, w.data, b.data],
      m * n
    );
    z = { data: unblockRows(blocked, m, n), shape: [m, n] };
  } else {
    const data = await cache.run(
      key,
      () => ({ source: denseCell, output: [n, 1, m], constants: { ...dc }, functions: [activate] }),
      [x.data, w.data, b.data],
      m * n
    );
    z = { data, shape: [m, n] };
  }
  return activation === 'softmax' ? softmax(cache, z) : z;
}
