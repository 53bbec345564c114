import type { UnaryOp } from '../../backend';
import type { Tensor } from '../../tensor';
import { unaryCodes } from './activation';
import type { KernelCache, KernelThis } from './kernelCache';

interface UnaryConstants {
  op: number;
}

/**
 * sigmoid and tanh are written from exp(-|x|), which never overflows, so large inputs
 * give 0 or 1 (not NaN) on every backend whatever its own tanh does.
 */
function unaryCell(this: KernelThis<UnaryConstants>, input: Float32Array): number {
  const x = input[this.thread.x];
  const op = this.constants.op;
  if (op === 0 || op === 11) {
    const e = Math.exp(-Math.abs(x));
    const s = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    if (op === 0) return s;
    return s * (1 - s);
  }
  if (op === 1 || op === 12) {
    const e = Math.exp(-2 * Math.abs(x));
    const t = (1 - e) / (1 + e);
    const signed = x >= 0 ? t : -t;
    if (op === 1) return signed;
    return 1 - signed * signed;
  }
  if (op === 2) return x > 0 ? x : 0;
  if (op === 3) return x >= 0 ? 1 : 0;
  if (op === 4) return x > 0 ? 1 : x < 0 ? -1 : 0;
  if (op === 5) return Math.exp(x);
  if (op === 6) return Math.log(x);
  if (op === 7) return -x;
  if (op === 8) return x * x;
  if (op === 9) return Math.sqrt(x);
  if (op === 10) return Math.abs(x);
  return x > 0 ? 1 : 0;
}

export async function unary(cache: KernelCache, op: UnaryOp, x: Tensor): Promise<Tensor> {
  const size = x.data.length;
  const data = await cache.run(
    `unary:${op}:${size}`,
    () => ({ source: unaryCell, output: [size], constants: { op: unaryCodes[op] } }),
    [x.data],
    size
  );
  return { data, shape: [...x.shape] };
}
