/**
 * The backward pass of z = x @ w + b (the activation's own gradient is activationGrad's).
 * Written once from ops, so a backend only writes the forward kernels.
 */
import { matmul, sum } from '../ops';
import type { Tensor } from '../tensor';

export interface DenseGrads {
  /** d loss / d x, [n, in]; null when not asked for */
  dx: Tensor | null;
  /** d loss / d w, [in, out] */
  dw: Tensor;
  /** d loss / d b, [out] */
  db: Tensor;
}

/**
 * Given x [n, in], w [in, out] and dz = d loss / d z [n, out]. A first layer needs no dx
 * (nothing upstream learns from it): needDx false skips that matmul.
 */
export async function denseGrad(x: Tensor, w: Tensor, dz: Tensor, needDx = true): Promise<DenseGrads> {
  const [dx, dw, db] = await Promise.all([
    needDx ? matmul(dz, w, false, true) : null, // dz @ wᵀ
    matmul(x, dz, true, false), // xᵀ @ dz: each weight summed over the batch
    sum(dz, 0)
  ]);
  return { dx, dw, db };
}
