/**
 * The dataset registry: the names that chapters (`steps.ts`), the URL state and the
 * playground use, each with what it offers. Everything here is safe for a page or
 * a worker; Node-only loading lives in mnistNode.ts.
 */
import { blobs, MAX_BLOBS } from './blobs';
import { circles } from './circles';
import { irisPairFn, iris } from './iris';
import { GATES, logicGateFn, type Gate } from './logicGates';
import { moons } from './moons';
import { MNIST_ASSET, parseMnist } from './mnist';
import { MNIST_STANDARD_ASSET, parseMnistStandard } from './mnistStandard';
import { penguins, penguinsPairFn } from './penguins';
import { DEFAULT_POINTS, MAX_POINTS } from './points';
import { spirals } from './spirals';
import type { Dataset, DatasetFn } from './types';
import { xor } from './xor';

export type { Dataset, DatasetFn, DatasetOptions, Features } from './types';
export { blobs } from './blobs';
export { circles } from './circles';
export { asFloat32 } from './features';
export { iris, irisPair, irisTable, IRIS_FEATURES, IRIS_SPECIES, type IrisFeature, type IrisSpecies } from './iris';
export { GATES, logicGate, truthTable, type Gate, type TruthTable, type TruthTableRow } from './logicGates';
export { moons } from './moons';
export { AssetLoadError, fetchAsset, type FetchAssetOptions, type LoadProgress } from './fetchAsset';
export { fetchMnist, parseMnist, readMnist, MNIST_ASSET, MNIST_SPLIT_SEED, MNIST_TRAIN_SIZE, type MnistImages } from './mnist';
export {
  fetchMnistStandard,
  MnistStandardLoadError,
  parseMnistStandard,
  MNIST_STANDARD_ASSET,
  MNIST_STANDARD_TEST_SIZE,
  MNIST_STANDARD_TRAIN_SIZE
} from './mnistStandard';
export { penguins, penguinsPair, penguinsTable, PENGUIN_FEATURES, PENGUIN_SPECIES, type PenguinFeature, type PenguinSpecies } from './penguins';
export { pickClasses } from './pickClasses';
export { pickFeatures } from './pickFeatures';
export { spirals } from './spirals';
export { fitStandardizer, type Standardizer } from './standardize';
export { takeRows } from './takeRows';
export { trainTestSplit, type SplitOptions } from './trainTestSplit';
export { xor } from './xor';

export type DatasetKind = 'truth-table' | 'points' | 'table' | 'images';

/** Which DatasetOptions a generated dataset honours, with their ranges, for controls and URL checks. */
export interface GeneratedOptions {
  readonly n: { readonly min: number; readonly max: number; readonly default: number };
  readonly noise: { readonly min: 0; readonly max: 1; readonly default: number };
  readonly classes?: { readonly min: number; readonly max: number; readonly default: number };
}

interface EntryBase {
  readonly name: string;
  readonly title: string;
  readonly kind: DatasetKind;
}

/** Built in memory from its options, synchronously. */
export interface SyncDatasetEntry extends EntryBase {
  readonly kind: 'truth-table' | 'points' | 'table';
  readonly create: DatasetFn;
  /** present for generated data; tables and truth tables ignore n and noise */
  readonly options?: GeneratedOptions;
}

/** Decoded from a static asset that the caller fetches (or reads from disk in Node). */
export interface AssetDatasetEntry extends EntryBase {
  readonly kind: 'images';
  /** path under the site's base, e.g. 'data/mnist.bin' */
  readonly asset: string;
  readonly parse: (bytes: Uint8Array | ArrayBuffer) => Promise<{ train: Dataset; test: Dataset }>;
}

export type DatasetEntry = SyncDatasetEntry | AssetDatasetEntry;

const points = (classes?: GeneratedOptions['classes']): GeneratedOptions => ({
  n: { min: 1, max: MAX_POINTS, default: DEFAULT_POINTS },
  noise: { min: 0, max: 1, default: 0 },
  ...(classes ? { classes } : {})
});

const GATE_TITLES: Record<Gate, string> = {
  and: 'AND',
  or: 'OR',
  nand: 'NAND',
  nor: 'NOR',
  xor: 'XOR',
  not: 'NOT'
};

const entries: DatasetEntry[] = [
  ...GATES.map(
    (gate): SyncDatasetEntry => ({
      name: `logic-${gate}`,
      title: `${GATE_TITLES[gate]} truth table`,
      kind: 'truth-table',
      create: logicGateFn(gate)
    })
  ),
  { name: 'xor', title: 'XOR (four quadrants)', kind: 'points', create: xor, options: points() },
  { name: 'circles', title: 'Circle in a ring', kind: 'points', create: circles, options: points() },
  { name: 'spirals', title: 'Two spirals', kind: 'points', create: spirals, options: points() },
  { name: 'moons', title: 'Two moons', kind: 'points', create: moons, options: points() },
  {
    name: 'blobs',
    title: 'Gaussian blobs',
    kind: 'points',
    create: blobs,
    options: points({ min: 2, max: MAX_BLOBS, default: 2 })
  },
  { name: 'iris', title: 'Iris flowers (3 species, 4 measurements)', kind: 'table', create: iris },
  {
    name: 'iris-setosa-versicolor',
    title: 'Iris setosa vs versicolor, petal length and width',
    kind: 'table',
    create: irisPairFn(['setosa', 'versicolor'])
  },
  {
    name: 'iris-versicolor-virginica',
    title: 'Iris versicolor vs virginica, petal length and width',
    kind: 'table',
    create: irisPairFn(['versicolor', 'virginica'])
  },
  { name: 'penguins', title: 'Palmer penguins (3 species, 4 measurements)', kind: 'table', create: penguins },
  {
    name: 'penguins-adelie-gentoo',
    title: 'Penguins Adelie vs Gentoo, bill length and depth',
    kind: 'table',
    create: penguinsPairFn(['Adelie', 'Gentoo'])
  },
  { name: 'mnist', title: 'MNIST handwritten digits (8,000 train / 2,000 test)', kind: 'images', asset: MNIST_ASSET, parse: parseMnist },
  {
    name: 'mnist-standard',
    title: 'MNIST handwritten digits as published (60,000 train / 10,000 test)',
    kind: 'images',
    asset: MNIST_STANDARD_ASSET,
    parse: parseMnistStandard
  }
];

/** Every dataset by name, in ladder order. */
export const DATASETS: ReadonlyMap<string, DatasetEntry> = new Map(entries.map((e) => [e.name, e]));

export const DATASET_NAMES: readonly string[] = entries.map((e) => e.name);

export function isDatasetName(name: string): boolean {
  return DATASETS.has(name);
}

/** The entry for `name`, or a RangeError listing the names there are (for a mistyped URL). */
export function datasetEntry(name: string): DatasetEntry {
  const entry = DATASETS.get(name);
  if (!entry) throw new RangeError(`unknown dataset '${name}'; known: ${DATASET_NAMES.join(', ')}`);
  return entry;
}
