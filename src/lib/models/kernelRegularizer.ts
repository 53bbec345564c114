/**
 * L2 regularisation as Keras's `kernel_regularizer=keras.regularizers.L2(l2)`: the
 * penalty l2·Σw² over every kernel (never a bias) joins the loss, so each kernel's
 * gradient gains 2·l2·w before the optimiser sees it. With plain SGD that is weight
 * decay: w ← w − lr·(g + 2·l2·w). The loss a run reports stays the data loss alone
 * (as TensorFlow Playground shows it), so train and test losses stay comparable.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { Optimizer } from './optimizers';

/** Keras's `keras.regularizers.L2(l2)`, the one kernel regulariser a model spec can name. */
export interface L2Regularizer {
  /** the penalty's factor, finite and >= 0 */
  readonly l2: number;
}

/** d(l2·Σw²)/dw added to the gradient of every weight whose `isKernel` flag is set. */
export function addL2Gradient(weights: readonly Tensor[], grads: readonly Tensor[], l2: number, isKernel: readonly boolean[]): Tensor[] {
  return grads.map((g, i) => {
    if (!isKernel[i] || l2 === 0) return g;
    const w = weights[i].data;
    const out = new Float32Array(g.data.length);
    for (let j = 0; j < out.length; j++) out[j] = g.data[j] + 2 * l2 * w[j];
    return { data: out, shape: g.shape };
  });
}

/**
 * The same optimiser, stepping on the kernel-regularised gradient. `isKernel[i]` says
 * whether weight i (in getWeights' order) is a kernel; biases are left alone, as in Keras.
 */
export function withKernelRegularizer(inner: Optimizer, regularizer: L2Regularizer, isKernel: readonly boolean[]): Optimizer {
  const { l2 } = regularizer;
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new Error(`kernel_regularizer: l2 must be a finite number >= 0, got ${l2}`);
  return {
    get name() {
      return inner.name;
    },
    get learningRate() {
      return inner.learningRate;
    },
    set learningRate(value: number) {
      inner.learningRate = value;
    },
    step(weights, grads) {
      if (weights.length !== isKernel.length) {
        throw new Error(`kernel_regularizer: the model has ${weights.length} weight arrays, the kernel mask ${isKernel.length}`);
      }
      return inner.step(weights, addL2Gradient(weights, grads, l2, isKernel));
    },
    getState: () => inner.getState(),
    setState: (state) => inner.setState(state),
    kerasCode: () => inner.kerasCode()
  };
}
