/**
 * Training a perceptron one instance at a time, observably: `perceptronSteps` yields every
 * instance it sees with the real numbers (scores, errors, the update, the weights before and
 * after), so a chapter can animate the rule as it ran; `trainPerceptron` runs it to the end.
 *
 * Stopping rules:
 * - 'converged': stop after the first epoch in which no unit made a mistake (no update).
 * - 'sklearn': scikit-learn's rule for SGD without early stopping, kept per unit as
 *   scikit-learn fits each one-vs-rest unit on its own: after each epoch, if the summed
 *   perceptron loss did not beat the best so far by tol·n, count an epoch without
 *   improvement, else reset the count; at nIterNoChange such epochs the unit stops
 *   (freezes). Training ends when every unit has stopped. tol = null is sklearn's
 *   tol=None: never stop before maxEpochs.
 * - 'maxEpochs': run every epoch.
 * Every rule also ends at maxEpochs (sklearn's max_iter, default 1000).
 *
 * The sklearn rule matches scikit-learn update for update with shuffling off (shuffle=False)
 * on float64 data. Shuffling here draws from the project's seeded RNG, not numpy's, so a
 * shuffled run is reproducible but not scikit-learn's order.
 */
import { createRandom, permutation } from '$lib/random';
import { rowOf, type LabelledData } from './labelledData';
import type { Perceptron, PerceptronParameters, UnitOutcome } from './perceptron';
import { CycleDetector, type WeightCycle } from './CycleDetector';

export type StopRule = 'converged' | 'sklearn' | 'maxEpochs';

export interface TrainOptions {
  /** default 1000, scikit-learn's max_iter */
  maxEpochs?: number;
  /** visit the instances in a new seeded order every epoch; default false */
  shuffle?: boolean;
  /** seed of the shuffling (src/lib/random.ts); default 0 */
  seed?: number;
  /** default 'sklearn' for the sklearn rule, 'converged' for the Rosenblatt rule */
  stop?: StopRule;
  /** for stop 'sklearn': default 1e-3; null never stops early */
  tol?: number | null;
  /** for stop 'sklearn': default 5 */
  nIterNoChange?: number;
  /** end as soon as the weights after an epoch revisit earlier ones (only without shuffling) */
  stopOnCycle?: boolean;
}

export interface UnitStep extends UnitOutcome {
  /** a unit stopped by the 'sklearn' rule is assessed but no longer updated */
  readonly frozen: boolean;
}

export interface EpochSummary {
  /** 1-based */
  readonly epoch: number;
  /** instances on which at least one unit made a mistake */
  readonly errors: number;
  /** instances whose predicted class (before their update) was wrong */
  readonly misclassified: number;
  /** updates applied, over all units */
  readonly updates: number;
  /** scikit-learn's summed perceptron loss, per unit */
  readonly loss: Float64Array;
  readonly parameters: PerceptronParameters;
}

export interface TrainStep {
  /** 1-based */
  readonly epoch: number;
  /** position of this instance in the epoch's order, 0-based */
  readonly position: number;
  /** row of the instance in the data */
  readonly index: number;
  readonly x: Float64Array;
  /** class label of the instance */
  readonly target: number;
  /** class the perceptron predicted, before updating */
  readonly prediction: number;
  /** whether any unit erred under the rule (and so, unless frozen, was updated) */
  readonly mistake: boolean;
  readonly units: readonly UnitStep[];
  /** change of each unit's weights and bias */
  readonly update: { readonly dw: readonly Float64Array[]; readonly db: Float64Array };
  /** snapshots shared with neighbouring steps and the history: read, never write */
  readonly before: PerceptronParameters;
  readonly after: PerceptronParameters;
  /** present on the last instance of an epoch */
  readonly epochEnd?: EpochSummary;
}

export interface TrainResult {
  /** epochs run; under the 'sklearn' stop this is scikit-learn's n_iter_ */
  readonly epochs: number;
  /** epochs each unit trained before it stopped (scikit-learn's n_iter_ of each binary fit) */
  readonly unitEpochs: readonly number[];
  /** an epoch passed with no mistake */
  readonly converged: boolean;
  /** the first such epoch (1-based), or null */
  readonly convergedEpoch: number | null;
  readonly errorsPerEpoch: readonly number[];
  readonly misclassifiedPerEpoch: readonly number[];
  /** scikit-learn's summed loss per epoch, over all units */
  readonly lossPerEpoch: readonly number[];
  /** weights after each epoch; index 0 holds the weights before training */
  readonly history: readonly PerceptronParameters[];
  /** the first revisit of an earlier epoch's weights after an epoch that updated; null when shuffling */
  readonly cycle: WeightCycle | null;
  readonly stoppedBy: 'converged' | 'sklearn' | 'maxEpochs' | 'cycle';
}

/**
 * Trains `model` in place, yielding each instance as it is learnt; returns the summary.
 * Consume with `trainPerceptron` to get the summary, or step it from an animation. Leave
 * the model alone between steps: the reported snapshots assume only the rule changes it.
 */
export function* perceptronSteps(model: Perceptron, data: LabelledData, options: TrainOptions = {}): Generator<TrainStep, TrainResult, void> {
  model.checkData(data);
  const maxEpochs = options.maxEpochs ?? 1000;
  const stop = options.stop ?? (model.rule === 'sklearn' ? 'sklearn' : 'converged');
  const tol = options.tol === undefined ? 1e-3 : options.tol;
  const nIterNoChange = options.nIterNoChange ?? 5;
  if (stop === 'sklearn' && model.rule !== 'sklearn') throw new Error("trainPerceptron: stop 'sklearn' needs the 'sklearn' rule (it watches its loss)");
  if (!(Number.isInteger(maxEpochs) && maxEpochs >= 1)) throw new Error(`trainPerceptron: maxEpochs must be a positive integer, got ${maxEpochs}`);

  const nUnits = model.units.length;
  const random = createRandom(options.seed ?? 0);
  const rows = Array.from({ length: data.n }, (_, i) => rowOf(data, i));
  const frozen = new Array<boolean>(nUnits).fill(false);
  const unitEpochs = new Array<number>(nUnits).fill(0);
  const bestLoss = new Array<number>(nUnits).fill(Infinity);
  const noImprovement = new Array<number>(nUnits).fill(0);
  const errorsPerEpoch: number[] = [];
  const misclassifiedPerEpoch: number[] = [];
  const lossPerEpoch: number[] = [];
  let current = model.parameters();
  const history: PerceptronParameters[] = [current];
  const cycles = new CycleDetector();
  cycles.push(0, current);
  let convergedEpoch: number | null = null;
  let stoppedBy: TrainResult['stoppedBy'] = 'maxEpochs';
  // Snapshots are shared, never written: an instance without an update reports the same
  // object before and after, and every unchanged unit the same zero change. Allocation,
  // not arithmetic, is what a long run spends its time on.
  const noChange = new Float64Array(model.nFeatures);

  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    const order = options.shuffle ? permutation(data.n, random) : Int32Array.from({ length: data.n }, (_, i) => i);
    let errors = 0;
    let misclassified = 0;
    let updates = 0;
    const loss = new Float64Array(nUnits);
    const active = frozen.map((f) => !f);
    for (let position = 0; position < data.n; position++) {
      const index = order[position];
      const x = rows[index];
      const label = data.labels[index];
      const before = current;
      const scores: number[] = [];
      const units: UnitStep[] = [];
      const dw: Float64Array[] = [];
      const db = new Float64Array(nUnits);
      let mistake = false;
      let changed = false;
      for (let k = 0; k < nUnits; k++) {
        const outcome = model.assess(k, x, label);
        scores.push(outcome.z);
        loss[k] += outcome.loss;
        // spelt out: an object spread with an added key is ten times slower in V8
        const { z, target, output, error } = outcome;
        units.push({ z, target, output, error, loss: outcome.loss, frozen: frozen[k] });
        if (outcome.error !== 0) mistake = true;
        if (outcome.error !== 0 && !frozen[k]) {
          const change = model.update(k, x, outcome.error);
          dw.push(change.dw);
          db[k] = change.db;
          updates++;
          changed = true;
        } else {
          dw.push(noChange);
        }
      }
      const prediction = model.classOf(scores);
      if (mistake) errors++;
      if (prediction !== label) misclassified++;
      if (changed) current = model.parameters();
      const step: TrainStep = { epoch, position, index, x, target: label, prediction, mistake, units, update: { dw, db }, before, after: current };
      if (position === data.n - 1) {
        yield { ...step, epochEnd: { epoch, errors, misclassified, updates, loss: Float64Array.from(loss), parameters: current } };
      } else {
        yield step;
      }
    }
    errorsPerEpoch.push(errors);
    misclassifiedPerEpoch.push(misclassified);
    lossPerEpoch.push(loss.reduce((a, b) => a + b, 0));
    const parameters = current;
    history.push(parameters);
    active.forEach((wasActive, k) => {
      if (wasActive) unitEpochs[k] = epoch;
    });
    if (errors === 0 && convergedEpoch === null) convergedEpoch = epoch;

    if (stop === 'sklearn') {
      // scikit-learn's _plain_sgd epoch tail, per unit, on the sum of the epoch's losses.
      for (let k = 0; k < nUnits; k++) {
        if (!active[k]) continue;
        if (tol !== null && loss[k] > bestLoss[k] - tol * data.n) noImprovement[k]++;
        else noImprovement[k] = 0;
        if (loss[k] < bestLoss[k]) bestLoss[k] = loss[k];
        if (noImprovement[k] >= nIterNoChange) frozen[k] = true;
      }
    }
    // Only an epoch that changed the weights can close a cycle; an idle epoch repeats them
    // trivially. With shuffling the order differs each epoch, so a revisit proves no loop.
    if (updates > 0 && !options.shuffle) cycles.push(epoch, parameters);

    if (stop === 'converged' && errors === 0) {
      stoppedBy = 'converged';
      break;
    }
    if (stop === 'sklearn' && frozen.every(Boolean)) {
      stoppedBy = 'sklearn';
      break;
    }
    if (options.stopOnCycle && cycles.cycle) {
      stoppedBy = 'cycle';
      break;
    }
  }

  return {
    epochs: errorsPerEpoch.length,
    unitEpochs,
    converged: convergedEpoch !== null,
    convergedEpoch,
    errorsPerEpoch,
    misclassifiedPerEpoch,
    lossPerEpoch,
    history,
    cycle: cycles.cycle,
    stoppedBy
  };
}

/** Trains `model` in place to the end, calling `onStep` for every instance; returns the summary. */
export function trainPerceptron(model: Perceptron, data: LabelledData, options: TrainOptions = {}, onStep?: (step: TrainStep) => void): TrainResult {
  const steps = perceptronSteps(model, data, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onStep?.(next.value);
  }
}
