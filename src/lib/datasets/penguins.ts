/**
 * Palmer Archipelago penguins (Gorman, Williams & Fraser 2014), from the file
 * vega-datasets ships. The package's entry point only knows CDN URLs and its
 * `exports` map hides data/, so the JSON is imported by path: Vite bundles it
 * into the page and nothing is fetched from the internet.
 */
import source from '../../../node_modules/vega-datasets/data/penguins.json';
import { asFloat32 } from './features';
import { pickClasses } from './pickClasses';
import { pickFeatures } from './pickFeatures';
import type { Dataset, DatasetFn, DatasetOptions } from './types';

export const PENGUIN_SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
export type PenguinSpecies = (typeof PENGUIN_SPECIES)[number];
export const PENGUIN_FEATURES = ['bill length (mm)', 'bill depth (mm)', 'flipper length (mm)', 'body mass (g)'] as const;
export type PenguinFeature = (typeof PENGUIN_FEATURES)[number];

/** vega-datasets calls the bill a beak. */
const SOURCE_COLUMNS = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;

type SourceRow = Record<string, string | number | null>;

/** A value the source leaves out: null, empty, or the '.' one record carries for sex. */
function missing(v: string | number | null | undefined): boolean {
  return v === null || v === undefined || v === '' || v === '.' || (typeof v === 'number' && !Number.isFinite(v));
}

/**
 * The penguins with every value present, in source order: as the usual `dropna()`
 * does, a row missing any value (a measurement, or only its sex) is dropped and the
 * count is reported in `notes`, so our 333 rows are the ones every textbook shows.
 * Measurements exactly as the source gives them (float64).
 */
export function penguinsTable(): Dataset<Float64Array> {
  const rows = source as unknown as SourceRow[];
  const d = PENGUIN_FEATURES.length;
  const kept: { values: number[]; species: number }[] = [];
  for (const row of rows) {
    const values = SOURCE_COLUMNS.map((c) => row[c]);
    const species = PENGUIN_SPECIES.indexOf(row.Species as PenguinSpecies);
    if (species < 0 || Object.values(row).some(missing) || values.some((v) => typeof v !== 'number')) continue;
    kept.push({ values: values as number[], species });
  }
  const x = new Float64Array(kept.length * d);
  const labels = new Int32Array(kept.length);
  kept.forEach((row, i) => {
    x.set(row.values, i * d);
    labels[i] = row.species;
  });
  const dropped = rows.length - kept.length;
  return {
    name: 'penguins',
    n: kept.length,
    x,
    sampleShape: [d],
    labels,
    featureNames: [...PENGUIN_FEATURES],
    classNames: [...PENGUIN_SPECIES],
    notes: [
      `${dropped} ${dropped === 1 ? 'row' : 'rows'} with missing values dropped (${rows.length} in the source)`,
      'Palmer Station LTER, Gorman, Williams & Fraser 2014'
    ]
  };
}

/** penguinsTable() in float32, as the engine takes it. The seed is accepted for the common signature but unused (see iris). */
export function penguins(options?: DatasetOptions): Dataset {
  void options;
  return asFloat32(penguinsTable());
}

/** Two species on two features; Adelie vs Gentoo on bill length and depth is linearly separable. */
export function penguinsPair(
  options: DatasetOptions | undefined,
  species: readonly [PenguinSpecies, PenguinSpecies],
  features: readonly [PenguinFeature, PenguinFeature]
): Dataset {
  const name = `penguins-${species[0].toLowerCase()}-${species[1].toLowerCase()}`;
  return pickFeatures(pickClasses(penguins(options), species, name), features);
}

/** penguinsPair as a DatasetFn, for the registry. */
export function penguinsPairFn(
  species: readonly [PenguinSpecies, PenguinSpecies],
  features: readonly [PenguinFeature, PenguinFeature] = ['bill length (mm)', 'bill depth (mm)']
): DatasetFn {
  return (options) => penguinsPair(options, species, features);
}
