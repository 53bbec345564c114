/**
 * Our Rosenblatt run beside scikit-learn's rule, update for update. The seed talk says
 * the perceptron is SGDClassifier(loss='perceptron', learning_rate='constant', eta0=1,
 * penalty=None); the engine has both rules, so the claim can be checked here rather
 * than taken on trust, and where the two differ the table shows it.
 *
 * The data are the decimals of the source file as float64, as scikit-learn reads them
 * (our tables store float32, whose last bits would otherwise differ).
 */
import { labelledData, type LabelledData } from '$lib/models/labelledData';
import { Perceptron } from '$lib/models/perceptron';
import { trainPerceptron, type TrainResult, type TrainStep } from '$lib/models/trainPerceptron';
import { planarData, type PlanarData } from './planarData';

export interface ComparisonRow {
  readonly epoch: number;
  /** 0-based position in the epoch */
  readonly position: number;
  /** row of the instance in the data as fed (after any reversal), 0-based */
  readonly index: number;
  readonly label: number;
  /** the weighted sum each run saw before its update */
  readonly z: { readonly rosenblatt: number | null; readonly sklearn: number | null };
  readonly updated: { readonly rosenblatt: boolean; readonly sklearn: boolean };
  /** w₁, w₂, b after this instance */
  readonly after: { readonly rosenblatt: readonly number[] | null; readonly sklearn: readonly number[] | null };
  readonly agree: boolean;
}

export interface Comparison {
  readonly data: PlanarData;
  readonly reversed: boolean;
  /** every instance where either rule updated */
  readonly rows: readonly ComparisonRow[];
  readonly rosenblatt: TrainResult;
  readonly sklearn: TrainResult;
  /** the first row where the weights differ, or null when they never do */
  readonly firstDifference: ComparisonRow | null;
}

/** A float32 value back to the decimal the file held (up to 7 significant digits). */
export function sourceDecimal(value: number): number {
  return Number(Math.fround(value).toPrecision(7));
}

/** The two-feature data as scikit-learn would read it, optionally in reverse order. */
export function asSklearnReads(data: PlanarData, reversed = false): LabelledData {
  const order = data.points.map((_, i) => i);
  if (reversed) order.reverse();
  return labelledData(
    order.map((i) => [sourceDecimal(data.points[i].x), sourceDecimal(data.points[i].y)]),
    order.map((i) => data.points[i].label)
  );
}

const flat = (step: TrainStep) => [step.after.weights[0][0], step.after.weights[0][1], step.after.biases[0]];

/**
 * Trains both rules in the same fixed order (shuffle=False) from zero weights: the
 * Rosenblatt rule with heaviside until an epoch without mistakes, and scikit-learn's rule
 * with its own stopping (five epochs without improvement of the loss, tol = 1e-3).
 */
export function compareWithSklearn(dataset: string, reversed = false): Comparison {
  const data = planarData(dataset);
  const fed = asSklearnReads(data, reversed);
  const record = (rule: 'rosenblatt' | 'sklearn') => {
    const steps: TrainStep[] = [];
    const result = trainPerceptron(new Perceptron({ nFeatures: 2, rule }), fed, { maxEpochs: 1000 }, (s) => steps.push(s));
    return { steps, result };
  };
  const ours = record('rosenblatt');
  const theirs = record('sklearn');
  const rows: ComparisonRow[] = [];
  const length = Math.max(ours.steps.length, theirs.steps.length);
  let lastOurs: readonly number[] = [0, 0, 0];
  let lastTheirs: readonly number[] = [0, 0, 0];
  for (let i = 0; i < length; i++) {
    const a = ours.steps[i];
    const b = theirs.steps[i];
    const updatedA = a !== undefined && a.update.db[0] !== 0;
    const updatedB = b !== undefined && b.update.db[0] !== 0;
    if (a) lastOurs = flat(a);
    if (b) lastTheirs = flat(b);
    if (!updatedA && !updatedB) continue;
    const step = (a ?? b) as TrainStep;
    rows.push({
      epoch: step.epoch,
      position: step.position,
      index: step.index,
      label: step.target,
      z: { rosenblatt: a ? a.units[0].z : null, sklearn: b ? b.units[0].z : null },
      updated: { rosenblatt: updatedA, sklearn: updatedB },
      // a run that has already stopped keeps its last weights
      after: { rosenblatt: lastOurs, sklearn: lastTheirs },
      agree: lastOurs.every((v, k) => v === lastTheirs[k])
    });
  }
  return { data, reversed, rows, rosenblatt: ours.result, sklearn: theirs.result, firstDifference: rows.find((r) => !r.agree) ?? null };
}

/** How to load each dataset in Python, as the code beside the run shows it. */
const loaders: Record<string, string[]> = {
  'iris-setosa-versicolor': [
    'from sklearn.datasets import load_iris',
    '',
    'iris = load_iris()',
    'keep = iris.target < 2                 # setosa (0) and versicolor (1)',
    'X = iris.data[keep][:, [2, 3]]         # petal length and width (cm)',
    'y = iris.target[keep]'
  ],
  'penguins-adelie-gentoo': [
    'import seaborn as sns',
    '',
    "penguins = sns.load_dataset('penguins')",
    "penguins = penguins.dropna(subset=['bill_length_mm', 'bill_depth_mm'])",
    "penguins = penguins[penguins.species.isin(['Adelie', 'Gentoo'])]",
    "X = penguins[['bill_length_mm', 'bill_depth_mm']].to_numpy()",
    "y = (penguins.species == 'Gentoo').astype(int).to_numpy()"
  ]
};

/** The Python that trains scikit-learn's perceptron on the same data, in the same order. */
export function sklearnCode(dataset: string, options: { reversed?: boolean } = {}): string {
  const load = loaders[dataset] ?? ['# X: two features per row, y: 0 or 1'];
  const lines = [
    ...load,
    ...(options.reversed ? ['X, y = X[::-1], y[::-1]                # the reversed order'] : []),
    '',
    'from sklearn.linear_model import SGDClassifier',
    '',
    '# shuffle=False visits the rows in order, as the table does',
    "clf = SGDClassifier(loss='perceptron', learning_rate='constant',",
    '                    eta0=1, penalty=None, shuffle=False)',
    'clf.fit(X, y)',
    'print(clf.coef_, clf.intercept_, clf.n_iter_)'
  ];
  return lines.join('\n');
}
