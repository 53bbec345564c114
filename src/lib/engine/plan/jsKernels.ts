/**
 * The plan kernels in plain TypeScript over one growable heap (a Float32Array and an
 * Int32Array on the same ArrayBuffer): the readable specification of each call of
 * kernels.ts. Sums run in float64 and values are stored as float32, as the reference
 * backend does, so a plan run here can be checked against the per-op path tightly.
 */
import type { ActivationCode, PlanKernels, WindowShape } from './kernels';

const EPSILON = 1e-7;

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function activate(act: ActivationCode, z: number): number {
  switch (act) {
    case 0:
      return z;
    case 1:
      return z > 0 ? z : 0;
    case 2:
      return sigmoid(z);
    case 3:
      return Math.tanh(z);
  }
}

/** act'(z) written through y = act(z) */
function derivative(act: ActivationCode, y: number): number {
  switch (act) {
    case 0:
      return 1;
    case 1:
      return y > 0 ? 1 : 0;
    case 2:
      return y * (1 - y);
    case 3:
      return 1 - y * y;
  }
}

/** Calls visit(x cell, cols cell) for every patch cell that reads a pixel (padding reads none). */
function forEachPatchCell(s: WindowShape, visit: (xAt: number, colAt: number) => void): void {
  const patch = s.kh * s.kw * s.c;
  for (let b = 0; b < s.n; b++) {
    for (let oy = 0; oy < s.outH; oy++) {
      for (let ox = 0; ox < s.outW; ox++) {
        const row = ((b * s.outH + oy) * s.outW + ox) * patch;
        for (let ky = 0; ky < s.kh; ky++) {
          const iy = oy * s.strideH + ky - s.padTop;
          if (iy < 0 || iy >= s.h) continue;
          for (let kx = 0; kx < s.kw; kx++) {
            const ix = ox * s.strideW + kx - s.padLeft;
            if (ix < 0 || ix >= s.w) continue;
            const xAt = ((b * s.h + iy) * s.w + ix) * s.c;
            const colAt = row + (ky * s.kw + kx) * s.c;
            for (let ch = 0; ch < s.c; ch++) visit(xAt + ch, colAt + ch);
          }
        }
      }
    }
  }
}

/** Plan kernels over a heap of `cells` 32-bit cells to start with (it grows on reserve). */
export function jsKernels(cells = 0): PlanKernels {
  let buffer = new ArrayBuffer(cells * 4);
  let f = new Float32Array(buffer);
  let n = new Int32Array(buffer);

  return {
    name: 'js',
    f32: () => f,
    i32: () => n,
    reserve(want) {
      if (want <= f.length) return;
      // at least doubling keeps a run of small reserves from copying the heap each time
      const grown = new ArrayBuffer(Math.max(want, 2 * f.length) * 4);
      new Float32Array(grown).set(f);
      buffer = grown;
      f = new Float32Array(buffer);
      n = new Int32Array(buffer);
    },

    gemm(m, cols, k, a, transA, b, transB, c, accumulate) {
      const row = new Float64Array(cols);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < cols; j++) row[j] = accumulate ? f[c + i * cols + j] : 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? f[a + p * m + i] : f[a + i * k + p];
          if (av === 0) continue;
          for (let j = 0; j < cols; j++) row[j] += av * (transB ? f[b + j * k + p] : f[b + p * cols + j]);
        }
        f.set(row, c + i * cols);
      }
    },

    biasActivation(z, bias, out, rows, cols, act) {
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < cols; j++) {
          // the sum is rounded to float32 first, as z = z + b is stored before the activation per op
          const v = bias < 0 ? f[z + r * cols + j] : Math.fround(f[z + r * cols + j] + f[bias + j]);
          f[out + r * cols + j] = activate(act, v);
        }
      }
    },

    activationGrad(dy, y, dz, size, act) {
      for (let i = 0; i < size; i++) f[dz + i] = f[dy + i] * derivative(act, f[y + i]);
    },

    columnSum(dz, db, rows, cols) {
      const sums = new Float64Array(cols);
      for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) sums[j] += f[dz + r * cols + j];
      f.set(sums, db);
    },

    softmaxCrossEntropy(logits, targets, probs, dz, rows, cols, lossRows, correct) {
      let loss = 0;
      let right = 0;
      const e = new Float64Array(cols);
      for (let r = 0; r < rows; r++) {
        const at = r * cols;
        let max = -Infinity;
        for (let j = 0; j < cols; j++) if (f[logits + at + j] > max) max = f[logits + at + j];
        let total = 0;
        for (let j = 0; j < cols; j++) {
          e[j] = Math.exp(f[logits + at + j] - max);
          total += e[j];
        }
        let predicted = 0;
        let truth = 0;
        for (let j = 0; j < cols; j++) {
          f[probs + at + j] = e[j] / total;
          const p = f[probs + at + j];
          const y = f[targets + at + j];
          if (y !== 0) loss -= y * Math.log(Math.min(Math.max(p, EPSILON), 1 - EPSILON));
          f[dz + at + j] = (p - y) / lossRows;
          if (p > f[probs + at + predicted]) predicted = j;
          if (y > f[targets + at + truth]) truth = j;
        }
        if (predicted === truth) right++;
      }
      n[correct] = right;
      return loss;
    },

    im2col(x, cols, s) {
      // padding reads 0: clear the patches, then copy the pixels that exist
      f.fill(0, cols, cols + s.n * s.outH * s.outW * s.kh * s.kw * s.c);
      forEachPatchCell(s, (xAt, colAt) => (f[cols + colAt] = f[x + xAt]));
    },

    col2im(cols, dx, s) {
      f.fill(0, dx, dx + s.n * s.h * s.w * s.c);
      forEachPatchCell(s, (xAt, colAt) => (f[dx + xAt] += f[cols + colAt]));
    },

    maxPool(x, y, argmax, s) {
      for (let b = 0; b < s.n; b++) {
        for (let oy = 0; oy < s.outH; oy++) {
          const y0 = Math.max(oy * s.strideH - s.padTop, 0);
          const y1 = Math.min(oy * s.strideH - s.padTop + s.kh, s.h);
          for (let ox = 0; ox < s.outW; ox++) {
            const x0 = Math.max(ox * s.strideW - s.padLeft, 0);
            const x1 = Math.min(ox * s.strideW - s.padLeft + s.kw, s.w);
            const out = ((b * s.outH + oy) * s.outW + ox) * s.c;
            for (let ch = 0; ch < s.c; ch++) {
              let best = -1;
              for (let iy = y0; iy < y1; iy++) {
                for (let ix = x0; ix < x1; ix++) {
                  const at = ((b * s.h + iy) * s.w + ix) * s.c + ch;
                  // strict > keeps the first maximum; the window's first cell is taken whatever it holds
                  if (best < 0 || f[x + at] > f[x + best]) best = at;
                }
              }
              f[y + out + ch] = f[x + best];
              n[argmax + out + ch] = best;
            }
          }
        }
      }
    },

    maxPoolGrad(dy, argmax, dx, ySize, xSize) {
      f.fill(0, dx, dx + xSize);
      for (let i = 0; i < ySize; i++) f[dx + n[argmax + i]] += f[dy + i];
    },

    multiply(a, b, out, size) {
      for (let i = 0; i < size; i++) f[out + i] = f[a + i] * f[b + i];
    },

    sgd(w, g, v, size, lr, momentum) {
      if (momentum === 0) {
        for (let i = 0; i < size; i++) f[w + i] = f[w + i] - lr * f[g + i];
        return;
      }
      for (let i = 0; i < size; i++) {
        f[v + i] = momentum * f[v + i] - lr * f[g + i];
        f[w + i] = f[w + i] + f[v + i];
      }
    },

    adam(w, g, m, v, size, alpha, beta1, beta2, epsilon) {
      for (let i = 0; i < size; i++) {
        const gi = f[g + i];
        const mi = f[m + i] + (gi - f[m + i]) * (1 - beta1);
        const vi = f[v + i] + (gi * gi - f[v + i]) * (1 - beta2);
        f[m + i] = mi;
        f[v + i] = vi;
        f[w + i] = f[w + i] - (alpha * mi) / (Math.sqrt(vi) + epsilon);
      }
    },

    adadelta(w, g, accGrad, accDelta, size, lr, rho, epsilon) {
      for (let i = 0; i < size; i++) {
        const gi = f[g + i];
        const ag = rho * f[accGrad + i] + (1 - rho) * gi * gi;
        const d = (Math.sqrt(f[accDelta + i] + epsilon) / Math.sqrt(ag + epsilon)) * gi;
        f[accGrad + i] = ag;
        f[accDelta + i] = rho * f[accDelta + i] + (1 - rho) * d * d;
        f[w + i] = f[w + i] - lr * d;
      }
    },

    countNonFinite(p, size) {
      let bad = 0;
      // v - v is 0 for every finite v and NaN for NaN and ±Infinity
      for (let i = 0; i < size; i++) if (f[p + i] - f[p + i] !== 0) bad++;
      return bad;
    }
  };
}
