/**
 * Weight-space cycles: on data no line separates (XOR), the perceptron rule never stops
 * making mistakes, and with a fixed order of instances the weights after each epoch
 * eventually revisit an earlier vector. From then on the same epochs repeat forever,
 * which is the proof, in numbers, that training will not converge.
 */

/** Weights and biases of a layer of units, as the perceptron reports them. */
export interface LayerParameters {
  /** one row of weights per unit */
  readonly weights: readonly Float64Array[];
  /** one bias per unit */
  readonly biases: Float64Array;
}

/** The weights after epoch `start + length` equal those after epoch `start`. */
export interface WeightCycle {
  readonly start: number;
  readonly length: number;
}

/**
 * Exact key of a parameter vector. Equality is exact on purpose: with integer inputs and
 * a learning rate of 1 the weights are integers, and a near-revisit proves nothing.
 */
export function parametersKey(parameters: LayerParameters): string {
  const parts: number[] = [];
  parameters.weights.forEach((row, k) => parts.push(...row, parameters.biases[k]));
  // String() prints the shortest text that reads back to the same double, so keys are exact.
  return parts.map(String).join(',');
}

/** Remembers the weights after each epoch and reports the first revisit. */
export class CycleDetector {
  private readonly seen = new Map<string, number>();
  private found: WeightCycle | null = null;

  /** Records the weights after `epoch` (0 = before training); returns the cycle once there is one. */
  push(epoch: number, parameters: LayerParameters): WeightCycle | null {
    if (this.found) return this.found;
    const key = parametersKey(parameters);
    const earlier = this.seen.get(key);
    if (earlier === undefined) this.seen.set(key, epoch);
    else this.found = { start: earlier, length: epoch - earlier };
    return this.found;
  }

  get cycle(): WeightCycle | null {
    return this.found;
  }
}

/**
 * The first revisit in a history of weights, `history[e]` being the weights after epoch e.
 * A revisit proves a cycle only when the order of instances is the same every epoch
 * (no shuffling); with shuffling it is a coincidence of the walk, not a loop.
 */
export function findWeightCycle(history: readonly LayerParameters[]): WeightCycle | null {
  const detector = new CycleDetector();
  for (let epoch = 0; epoch < history.length; epoch++) {
    const cycle = detector.push(epoch, history[epoch]);
    if (cycle) return cycle;
  }
  return null;
}
