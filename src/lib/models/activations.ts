/**
 * Activations by their Keras names, plus an escape hatch: an elementwise function a
 * learner defines (a later chapter has them type one in), with its derivative.
 */
import type { Activation } from '$lib/engine/backend';
import { mapValues, type ElementwiseActivation } from '$lib/engine/gradients/activationGrad';
import { relu, sigmoid, softmax, tanh } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';

/**
 * A learner's own activation. `python`, if given, is its body in Keras code, an
 * expression in `x` over `keras.ops` (e.g. "keras.ops.maximum(0.1 * x, x)"), so that
 * toKerasCode() can write a runnable model.
 */
export interface CustomActivation extends ElementwiseActivation {
  readonly python?: string;
}

export type ActivationSpec = Activation | CustomActivation;

export const activationNames: readonly Activation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'softmax'];

/** Checks a spec given at run time (from a URL, JSON or a learner's input). */
export function checkActivation(spec: ActivationSpec, where: string): ActivationSpec {
  if (typeof spec === 'string') {
    if (!activationNames.includes(spec)) {
      throw new Error(`${where}: unknown activation '${spec}' (use one of ${activationNames.join(', ')}, or {name, f, df})`);
    }
    return spec;
  }
  if (typeof spec.f !== 'function' || typeof spec.df !== 'function' || !spec.name) {
    throw new Error(`${where}: a custom activation needs a name, f(x) and its derivative df(x)`);
  }
  return spec;
}

export function activationName(spec: ActivationSpec): string {
  return typeof spec === 'string' ? spec : spec.name;
}

/** y = act(z) */
export function activate(spec: ActivationSpec, z: Tensor): Promise<Tensor> | Tensor {
  if (typeof spec !== 'string') return mapValues(z, spec.f);
  switch (spec) {
    case 'linear':
      return z;
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return tanh(z);
    case 'relu':
      return relu(z);
    case 'softmax':
      return softmax(z);
  }
}

/** A Python identifier for a learner's activation name ("leaky relu" -> "leaky_relu"). */
export function pythonName(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(\d)/, '_$1');
  return id || 'custom_activation';
}

/** The `activation=` argument of a Keras layer, empty for 'linear' (Keras's default). */
export function pythonActivation(spec: ActivationSpec): string {
  if (spec === 'linear') return '';
  return typeof spec === 'string' ? `, activation="${spec}"` : `, activation=${pythonName(spec.name)}`;
}
