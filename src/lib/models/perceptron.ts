/**
 * The perceptron: a layer of LTUs plus a bias, every input feeding every unit (seed talk,
 * "The Perceptron"). Two classes use one unit; k > 2 classes use k units, one per class
 * (one-vs-rest), and the predicted class is the unit with the largest weighted sum.
 *
 * Two learning rules, both one instance at a time (see trainPerceptron.ts for the loop):
 * - 'rosenblatt': the textbook rule w += η (t − ŷ) x, b += η (t − ŷ), with targets 0/1 for a
 *   heaviside step or −1/+1 for a sign step. An instance updates a unit when its output
 *   differs from its target.
 * - 'sklearn': scikit-learn's Perceptron, i.e. SGDClassifier(loss='perceptron',
 *   learning_rate='constant', eta0, penalty=None): targets −1/+1 (class 1 is +1 in the
 *   binary case), an update whenever t·z ≤ 0 (a zero score is a mistake), w += η t x,
 *   b += η t; prediction is class 1 iff z > 0, or the argmax of the scores.
 */
import { LTU, applyStep, type StepName } from './ltu';
import type { LayerParameters } from './CycleDetector';
import { featureCount, rowOf, type LabelledData } from './labelledData';

export type PerceptronRule = 'rosenblatt' | 'sklearn';

export interface PerceptronOptions {
  nFeatures: number;
  /** 2 (one unit) or more (one unit per class); default 2 */
  nClasses?: number;
  /** default 'rosenblatt' */
  rule?: PerceptronRule;
  /** the units' step; 'sklearn' implies 'sign'. Default 'heaviside' for 'rosenblatt'. */
  step?: StepName;
  /** η (sklearn's eta0); default 1 */
  learningRate?: number;
}

/** How one unit met one instance, before any update. */
export interface UnitOutcome {
  /** weighted sum w·x + b */
  readonly z: number;
  /** what the unit should output for this instance under the rule */
  readonly target: number;
  /** what it did output: step(z) */
  readonly output: number;
  /** the rule's error: the update is learningRate · error · x (and learningRate · error for b) */
  readonly error: number;
  /** scikit-learn's perceptron loss max(0, −t·z); 0 under the Rosenblatt rule */
  readonly loss: number;
}

export type PerceptronParameters = LayerParameters;

export class Perceptron {
  readonly nFeatures: number;
  readonly nClasses: number;
  readonly rule: PerceptronRule;
  readonly step: StepName;
  readonly learningRate: number;
  /** one LTU for two classes, one per class otherwise */
  readonly units: LTU[];

  constructor(options: PerceptronOptions) {
    const { nFeatures, nClasses = 2, rule = 'rosenblatt', learningRate = 1 } = options;
    if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`Perceptron: nClasses must be an integer >= 2, got ${nClasses}`);
    if (!(learningRate > 0)) throw new Error(`Perceptron: learningRate must be > 0, got ${learningRate}`);
    if (rule === 'sklearn' && options.step === 'heaviside') {
      throw new Error("Perceptron: the 'sklearn' rule works on -1/+1 targets and a sign step, not heaviside");
    }
    this.nFeatures = nFeatures;
    this.nClasses = nClasses;
    this.rule = rule;
    this.step = rule === 'sklearn' ? 'sign' : (options.step ?? 'heaviside');
    this.learningRate = learningRate;
    const nUnits = nClasses === 2 ? 1 : nClasses;
    this.units = Array.from({ length: nUnits }, () => new LTU(nFeatures, { step: this.step }));
  }

  /** The weighted sum of every unit: one score per unit. */
  forward(x: ArrayLike<number>): Float64Array {
    return Float64Array.from(this.units, (unit) => unit.forward(x));
  }

  /** The predicted class index. */
  predict(x: ArrayLike<number>): number {
    return this.classOf(this.forward(x));
  }

  /** The class that a vector of unit scores stands for. */
  classOf(scores: ArrayLike<number>): number {
    if (this.units.length === 1) {
      // heaviside fires at z = 0; sign outputs 0 there, which (as in scikit-learn) is not class 1
      return this.step === 'heaviside' ? (scores[0] >= 0 ? 1 : 0) : scores[0] > 0 ? 1 : 0;
    }
    let best = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k] > scores[best]) best = k;
    return best;
  }

  /** Predicted class of every row. */
  predictAll(data: LabelledData): Int32Array {
    this.checkData(data);
    return Int32Array.from({ length: data.n }, (_, i) => this.predict(rowOf(data, i)));
  }

  /** Fraction of rows whose predicted class is their label. */
  accuracy(data: LabelledData): number {
    const predicted = this.predictAll(data);
    let right = 0;
    for (let i = 0; i < data.n; i++) if (predicted[i] === data.labels[i]) right++;
    return right / data.n;
  }

  /** A copy of every unit's weights and bias. */
  parameters(): PerceptronParameters {
    return {
      weights: this.units.map((unit) => unit.weights.slice()),
      biases: Float64Array.from(this.units, (unit) => unit.bias)
    };
  }

  setParameters(parameters: PerceptronParameters): void {
    if (parameters.weights.length !== this.units.length || parameters.biases.length !== this.units.length) {
      throw new Error(`setParameters: ${parameters.weights.length} weight rows for ${this.units.length} units`);
    }
    this.units.forEach((unit, k) => {
      if (parameters.weights[k].length !== this.nFeatures) {
        throw new Error(`setParameters: unit ${k} has ${parameters.weights[k].length} weights, not ${this.nFeatures}`);
      }
      unit.weights.set(parameters.weights[k]);
      unit.bias = parameters.biases[k];
    });
  }

  /** What unit k should output for an instance of class `label`. */
  unitTarget(k: number, label: number): number {
    const positive = this.units.length === 1 ? label === 1 : label === k;
    if (this.step === 'heaviside') return positive ? 1 : 0;
    return positive ? 1 : -1;
  }

  /** How unit k meets instance x of class `label` under this perceptron's rule (no update). */
  assess(k: number, x: ArrayLike<number>, label: number): UnitOutcome {
    const unit = this.units[k];
    const z = unit.forward(x);
    const target = this.unitTarget(k, label);
    const output = applyStep(this.step, z);
    if (this.rule === 'sklearn') {
      // scikit-learn's Hinge(threshold=0): loss = 0 - t·z when t·z <= 0 (written so, a zero is +0)
      const margin = z * target;
      const mistake = margin <= 0;
      return { z, target, output, error: mistake ? target : 0, loss: mistake ? 0 - margin : 0 };
    }
    return { z, target, output, error: target - output, loss: 0 };
  }

  /**
   * Applies the rule's update to unit k: w += x·(η·error), b += η·error. Returns the change.
   * The product is grouped as scikit-learn groups it, so both round alike.
   */
  update(k: number, x: ArrayLike<number>, error: number): { dw: Float64Array; db: number } {
    const unit = this.units[k];
    const scale = this.learningRate * error;
    const dw = new Float64Array(this.nFeatures);
    if (scale !== 0) {
      for (let j = 0; j < this.nFeatures; j++) {
        dw[j] = x[j] * scale;
        unit.weights[j] += dw[j];
      }
      unit.bias += scale;
    }
    return { dw, db: scale };
  }

  checkData(data: LabelledData): void {
    const d = featureCount(data);
    if (d !== this.nFeatures) throw new Error(`Perceptron: data has ${d} features, the model ${this.nFeatures}`);
    for (let i = 0; i < data.n; i++) {
      const label = data.labels[i];
      if (!Number.isInteger(label) || label < 0 || label >= this.nClasses) {
        throw new Error(`Perceptron: row ${i} has label ${label}, outside 0..${this.nClasses - 1}`);
      }
    }
  }
}
