import type { BinaryOp } from '../../backend';
import type { Tensor } from '../../tensor';
import type { KernelCache, KernelThis } from './kernelCache';

/** Op codes baked into the kernel as a constant, so each op compiles to its own straight-line kernel. */
export const binaryCodes: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5 };

interface BinaryConstants {
  op: number;
  period: number;
}

/**
 * b repeats with period b.size through a's row-major data (same shape, a suffix of
 * a's shape, or a scalar). Seen as a [rows, period] grid, b[x] pairs with a[row, x]:
 * no modulo, and on webasm b's read is contiguous per row.
 */
function binaryCell(this: KernelThis<BinaryConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[this.thread.z * this.constants.period + this.thread.x];
  const y = b[this.thread.x];
  const op = this.constants.op;
  if (op === 0) return x + y;
  if (op === 1) return x - y;
  if (op === 2) return x * y;
  if (op === 3) return x / y;
  if (op === 4) return x >= y ? x : y;
  return x <= y ? x : y;
}

/** The scalar case: a [rows, 1] grid would leave one lane of work per row. */
function binaryScalar(this: KernelThis<BinaryConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[this.thread.x];
  const y = b[0];
  const op = this.constants.op;
  if (op === 0) return x + y;
  if (op === 1) return x - y;
  if (op === 2) return x * y;
  if (op === 3) return x / y;
  if (op === 4) return x >= y ? x : y;
  return x <= y ? x : y;
}

export async function binary(cache: KernelCache, op: BinaryOp, a: Tensor, b: Tensor): Promise<Tensor> {
  const size = a.data.length;
  const period = b.data.length;
  const constants = { op: binaryCodes[op], period };
  const data =
    period === 1
      ? await cache.run(`binary:${op}:${size}:scalar`, () => ({ source: binaryScalar, output: [size], constants }), [a.data, b.data], size)
      : await cache.run(
          `binary:${op}:${size}:${period}`,
          () => ({ source: binaryCell, output: [period, 1, size / period], constants }),
          [a.data, b.data],
          size
        );
  return { data, shape: [...a.shape] };
}
