import type { Tensor } from '../../tensor';

/**
 * a [m, k] @ b [k, n] -> [m, n]. With transposeA, a is stored as [k, m]; with
 * transposeB, b is stored as [n, k]. Sums run in float64 so this stays the oracle
 * that float32 backends are measured against. Loop orders keep the innermost
 * reads contiguous (i-k-j for the plain case).
 */
export async function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Promise<Tensor> {
  const m = transposeA ? a.shape[1] : a.shape[0];
  const k = transposeA ? a.shape[0] : a.shape[1];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const A = a.data;
  const B = b.data;
  const out = new Float32Array(m * n);
  const acc = new Float64Array(n);

  for (let i = 0; i < m; i++) {
    acc.fill(0);
    if (!transposeB) {
      // acc += a[i, p] * b[p, :], one contiguous row of b at a time
      for (let p = 0; p < k; p++) {
        const av = transposeA ? A[p * m + i] : A[i * k + p];
        if (av === 0) continue;
        const row = p * n;
        for (let j = 0; j < n; j++) acc[j] += av * B[row + j];
      }
    } else {
      // b is [n, k]: each output is a dot product of two contiguous rows
      for (let j = 0; j < n; j++) {
        const row = j * k;
        let s = 0;
        if (transposeA) for (let p = 0; p < k; p++) s += A[p * m + i] * B[row + p];
        else for (let p = 0, ai = i * k; p < k; p++) s += A[ai + p] * B[row + p];
        acc[j] = s;
      }
    }
    out.set(acc, i * n);
  }
  return { data: out, shape: [m, n] };
}
