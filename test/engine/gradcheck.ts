/**
 * Finite-difference checks for gradients. A gradient written by hand (a backprop
 * kernel, a layer's backward pass, a loss) is trusted only once it agrees with
 * central differences of the forward function it claims to differentiate.
 */
import { shapeToString as str, type Tensor } from '../../src/lib/engine/tensor';

/**
 * d f / d x by central differences, (f(x + h e_i) - f(x - h e_i)) / (2h) for every i.
 * x is float32, so x_i +- eps is rounded; dividing by the step actually taken (in
 * float64) rather than by 2 eps keeps that rounding out of the result. f should
 * return a float64 number (see weightedSum) and must not keep the tensor it is given:
 * the same buffer is perturbed and restored for every element.
 * Its truncation error is O(eps^2 f'''); rounding in f adds O(ulp(f) / eps).
 */
export async function numericGradient(
  f: (x: Tensor) => Promise<number>,
  x: Tensor,
  eps = 1e-3
): Promise<Tensor> {
  const data = Float32Array.from(x.data);
  const probe: Tensor = { data, shape: [...x.shape] };
  const grad = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const original = data[i];
    data[i] = original + eps;
    const up = data[i];
    const fUp = await f(probe);
    data[i] = original - eps;
    const down = data[i];
    const fDown = await f(probe);
    data[i] = original;
    grad[i] = (fUp - fDown) / (up - down);
  }
  return { data: grad, shape: [...x.shape] };
}

/**
 * sum(t * weights) in float64: turns a tensor-valued function into the scalar
 * numericGradient needs. With random weights r, d/dx sum(g(x) * r) is exactly what
 * a backward pass computes from dy = r, so one check covers the whole Jacobian.
 */
export function weightedSum(t: Tensor, weights: Tensor): number {
  if (t.data.length !== weights.data.length) {
    throw new Error(`weightedSum: t ${str(t.shape)} vs weights ${str(weights.shape)}: sizes differ`);
  }
  let s = 0;
  for (let i = 0; i < t.data.length; i++) s += t.data[i] * weights.data[i];
  return s;
}

/**
 * ||actual - expected|| / max(||actual||, ||expected||) in the 2-norm, 0 when both are
 * zero. Measured over the whole tensor, so a few near-zero entries (where
 * elementwise relative error is meaningless) do not dominate it.
 */
export function relativeError(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>): number {
  const a = 'data' in actual ? actual.data : actual;
  const b = 'data' in expected ? expected.data : expected;
  if (a.length !== b.length) throw new Error(`relativeError: ${a.length} values vs ${b.length} values`);
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const scale = Math.sqrt(Math.max(na, nb));
  return scale === 0 ? 0 : Math.sqrt(diff) / scale;
}

/** The largest |actual_i - expected_i|. */
export function maxAbsError(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>): number {
  const a = 'data' in actual ? actual.data : actual;
  const b = 'data' in expected ? expected.data : expected;
  if (a.length !== b.length) throw new Error(`maxAbsError: ${a.length} values vs ${b.length} values`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
