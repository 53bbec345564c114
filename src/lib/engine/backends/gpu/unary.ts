import type { UnaryOp } from '../../backend';
import type { Tensor } from '../../tensor';
import { unaryCodes } from './activation';
import type { KernelCache, KernelThis } from './kernelCache';

/** The op to run, and every op's code by name, so the kernel reads `op === this.constants.sigmoid`. */
type UnaryConstants = { op: number } & Record<UnaryOp, number>;

/**
 * The logistic sigmoid, written from exp(-|x|), which never overflows, so large inputs
 * give 0 or 1 (not NaN) on every backend. The one formula of the gpu backend: the
 * unary kernel and the fused dense kernel both call it.
 */
export function sigmoidOf(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** tanh from exp(-2|x|), for the same reason: every backend's own tanh need not saturate cleanly. */
export function tanhOf(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const t = (1 - e) / (1 + e);
  return x >= 0 ? t : -t;
}

function unaryCell(this: KernelThis<UnaryConstants>, input: Float32Array): number {
  const x = input[this.thread.x];
  const op = this.constants.op;
  if (op === this.constants.sigmoid) return sigmoidOf(x);
  if (op === this.constants.sigmoidGrad) {
    const s = sigmoidOf(x);
    return s * (1 - s);
  }
  if (op === this.constants.tanh) return tanhOf(x);
  if (op === this.constants.tanhGrad) {
    const t = tanhOf(x);
    return 1 - t * t;
  }
  if (op === this.constants.relu) return x > 0 ? x : 0;
  if (op === this.constants.step) return x >= 0 ? 1 : 0;
  if (op === this.constants.sign) return x > 0 ? 1 : x < 0 ? -1 : 0;
  if (op === this.constants.exp) return Math.exp(x);
  if (op === this.constants.log) return Math.log(x);
  if (op === this.constants.neg) return -x;
  if (op === this.constants.square) return x * x;
  if (op === this.constants.sqrt) return Math.sqrt(x);
  if (op === this.constants.abs) return Math.abs(x);
  // reluGrad
  return x > 0 ? 1 : 0;
}

export async function unary(cache: KernelCache, op: UnaryOp, x: Tensor): Promise<Tensor> {
  const size = x.data.length;
  const data = await cache.run(
    `unary:${op}:${size}`,
    () => ({ source: unaryCell, output: [size], constants: { ...unaryCodes, op: unaryCodes[op] }, functions: [sigmoidOf, tanhOf] }),
    [x.data],
    size
  );
  return { data, shape: [...x.shape] };
}
