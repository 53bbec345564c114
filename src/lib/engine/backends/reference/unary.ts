import type { UnaryOp } from '../../backend';
import type { Tensor } from '../../tensor';

/** Logistic function, written so that exp never overflows for large |x|. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Each function and each derivative as a learner would write it on paper. */
const fns: Record<UnaryOp, (x: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (x) => (x > 0 ? x : 0),
  // Heaviside with step(0) = 1, as the McCulloch–Pitts unit and the LTU fire at threshold
  step: (x) => (x >= 0 ? 1 : 0),
  // -1, 0 or +1; spelled out so that sign(-0) is 0 and NaN stays NaN
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  exp: Math.exp,
  log: Math.log,
  neg: (x) => -x,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sigmoidGrad: (x) => {
    const s = sigmoid(x);
    return s * (1 - s);
  },
  tanhGrad: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
  // relu is not differentiable at 0; take 0 there, as TensorFlow does
  reluGrad: (x) => (x > 0 ? 1 : 0)
};

export async function unary(op: UnaryOp, x: Tensor): Promise<Tensor> {
  const f = fns[op];
  const X = x.data;
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) out[i] = f(X[i]);
  return { data: out, shape: [...x.shape] };
}
