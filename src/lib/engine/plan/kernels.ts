/**
 * The kernels a compiled training step calls. A plan (plan.ts) is a fixed list of these
 * calls on named regions of one flat heap of 32-bit cells, laid out once per fit, so a
 * backend that runs plans keeps weights, optimizer state, activations and gradients
 * where they are computed: per step only the batch is written in and the loss read out.
 *
 * Every offset and size is in cells (4 bytes), not bytes. Float32 and Int32 regions share
 * the heap. Matrices are row-major. Activations are coded by ActivationCode.
 *
 * Implementations: backends/wasm (WebAssembly SIMD128, the fast CPU path) and
 * plan/jsKernels.ts (plain TypeScript over a Float32Array, the readable specification of
 * each call, tested against the per-op reference backend).
 */

/** Activations a plan can fuse; their derivatives are computed from the output y. */
export const ActivationCode = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 } as const;
export type ActivationCode = (typeof ActivationCode)[keyof typeof ActivationCode];

/** A window sliding over NHWC images (convolution or pooling), all sizes in pixels. */
export interface WindowShape {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

export interface PlanKernels {
  /** e.g. 'wasm' or 'js' */
  readonly name: string;
  /** Float32 view over the whole heap (re-read after reserve: growing may replace it). */
  f32(): Float32Array;
  /** Int32 view over the same memory. */
  i32(): Int32Array;
  /** Makes the heap at least `cells` cells long; contents are kept. */
  reserve(cells: number): void;

  /**
   * c[m, n] = (accumulate ? c : 0) + op(a) @ op(b), where op(a) is [m, k] (a stored [m, k],
   * or [k, m] when transA) and op(b) is [k, n] (b stored [k, n], or [n, k] when transB).
   */
  gemm(m: number, n: number, k: number, a: number, transA: boolean, b: number, transB: boolean, c: number, accumulate: boolean): void;
  /** out[r, j] = act(z[r, j] + bias[j]) over rows × cols; out may equal z. bias < 0: no bias. */
  biasActivation(z: number, bias: number, out: number, rows: number, cols: number, act: ActivationCode): void;
  /** dz[i] = dy[i] · act'(·) expressed through the output y (relu: y > 0; sigmoid: y(1 − y); tanh: 1 − y²); dz may equal dy. */
  activationGrad(dy: number, y: number, dz: number, size: number, act: ActivationCode): void;
  /** db[j] = Σ_r dz[r, j] */
  columnSum(dz: number, db: number, rows: number, cols: number): void;
  /**
   * Softmax of each row of logits into probs, then categorical cross-entropy against the
   * target rows (one-hot or soft, float32): returns the loss summed over rows (probabilities
   * clipped to [1e-7, 1 − 1e-7] as Keras does), writes dz = (probs − targets) / lossRows
   * (d mean loss / d logits), and writes into the Int32 cell `correct` how many rows have
   * argmax(probs) = argmax(targets) (first maximum on ties).
   */
  softmaxCrossEntropy(logits: number, targets: number, probs: number, dz: number, rows: number, cols: number, lossRows: number, correct: number): number;
  /** Patches of x [n, h, w, c] into cols [n·outH·outW, kh·kw·c], patch order (ky, kx, channel); padding reads 0. */
  im2col(x: number, cols: number, s: WindowShape): void;
  /** The adjoint of im2col: dx [n, h, w, c] = Σ of the patch cells that read each pixel (dx is overwritten). */
  col2im(cols: number, dx: number, s: WindowShape): void;
  /** y [n, outH, outW, c] = max of each window (padding never wins); argmax (Int32) = the flat index into x of the first maximum. */
  maxPool(x: number, y: number, argmax: number, s: WindowShape): void;
  /** dx (size xSize, overwritten with zeros first) += dy at each argmax; ySize cells of dy and argmax. */
  maxPoolGrad(dy: number, argmax: number, dx: number, ySize: number, xSize: number): void;
  /** out[i] = a[i] · b[i] (dropout's mask, forward and backward) */
  multiply(a: number, b: number, out: number, size: number): void;
  /** SGD in Keras's form: momentum 0: w −= lr·g; else v = momentum·v − lr·g, w += v. */
  sgd(w: number, g: number, v: number, size: number, lr: number, momentum: number): void;
  /** Adam in Keras's form: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); w −= alpha·m / (√v + ε), alpha carrying the bias correction. */
  adam(w: number, g: number, m: number, v: number, size: number, alpha: number, beta1: number, beta2: number, epsilon: number): void;
  /** Adadelta in Keras's form: ag = ρ·ag + (1 − ρ)g²; d = √(ad + ε) / √(ag + ε) · g; ad = ρ·ad + (1 − ρ)d²; w −= lr·d. */
  adadelta(w: number, g: number, accGrad: number, accDelta: number, size: number, lr: number, rho: number, epsilon: number): void;
  /** How many of the size cells at p are NaN or ±Infinity. */
  countNonFinite(p: number, size: number): number;
}
