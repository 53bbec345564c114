import type { BinaryOp } from '../../backend';
import type { Tensor } from '../../tensor';

const fns: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  max: (x, y) => (x >= y ? x : y),
  min: (x, y) => (x <= y ? x : y)
};

/**
 * Elementwise a op b, with b the same size as a, a suffix of a's shape (repeated
 * over a's leading axes, e.g. a bias), or a scalar. Either way b's values cycle
 * with period b.size through a's row-major data. The result has a's shape.
 */
export async function binary(op: BinaryOp, a: Tensor, b: Tensor): Promise<Tensor> {
  const f = fns[op];
  const A = a.data;
  const B = b.data;
  const period = B.length;
  const out = new Float32Array(A.length);
  for (let start = 0; start < A.length; start += period) {
    for (let j = 0; j < period; j++) out[start + j] = f(A[start + j], B[j]);
  }
  return { data: out, shape: [...a.shape] };
}
