import type { Activation } from '../../backend';
import type { Tensor } from '../../tensor';
import { linearCode, unaryCodes } from './activation';
import type { KernelCache, KernelThis } from './kernelCache';
import { matmulConstants, unblockRows, useFourRows, type MatmulConstants } from './matmul';
import { softmax } from './softmax';
import { sigmoidOf, tanhOf } from './unary';

interface DenseConstants extends MatmulConstants {
  act: number;
  /** the codes of the activations the kernel applies itself, by name */
  sigmoid: number;
  tanh: number;
  relu: number;
}

/** The activation a dense layer applies, by its code: the unary kernel's own sigmoid and tanh. */
function activate(z: number, act: number, sigmoid: number, tanh: number, relu: number): number {
  if (act === sigmoid) return sigmoidOf(z);
  if (act === tanh) return tanhOf(z);
  if (act === relu) return z > 0 ? z : 0;
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
  return activate(sum + b[col], this.constants.act, this.constants.sigmoid, this.constants.tanh, this.constants.relu);
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
  const sigmoid = this.constants.sigmoid;
  const tanh = this.constants.tanh;
  const relu = this.constants.relu;
  return [
    activate(s0 + bias, act, sigmoid, tanh, relu),
    activate(s1 + bias, act, sigmoid, tanh, relu),
    activate(s2 + bias, act, sigmoid, tanh, relu),
    activate(s3 + bias, act, sigmoid, tanh, relu)
  ];
}

/** x [n, in] @ w [in, out] + b [out], then the activation; softmax runs as a second kernel over the rows. */
export async function dense(cache: KernelCache, x: Tensor, w: Tensor, b: Tensor, activation: Activation): Promise<Tensor> {
  const { m, n, constants } = matmulConstants(x, w, false, false);
  const act = activation === 'linear' || activation === 'softmax' ? linearCode : unaryCodes[activation];
  const dc: DenseConstants = { ...constants, act, sigmoid: unaryCodes.sigmoid, tanh: unaryCodes.tanh, relu: unaryCodes.relu };
  const key = `dense:${m}x${constants.k}x${n}:${act}`;
  let z: Tensor;
  if (useFourRows(cache, m)) {
    const blocked = await cache.run(
      `${key}:4rows`,
      () => ({ source: denseFourRows, output: [n, 1, m / 4], constants: { ...dc }, returnType: 'Array(4)', functions: [sigmoidOf, tanhOf, activate] }),
      [x.data, w.data, b.data],
      m * n
    );
    z = { data: unblockRows(blocked, m, n), shape: [m, n] };
  } else {
    const data = await cache.run(
      key,
      () => ({ source: denseCell, output: [n, 1, m], constants: { ...dc }, functions: [sigmoidOf, tanhOf, activate] }),
      [x.data, w.data, b.data],
      m * n
    );
    z = { data, shape: [m, n] };
  }
  return activation === 'softmax' ? softmax(cache, z) : z;
}
