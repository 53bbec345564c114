/**
 * Two-feature data for the pictures of chapters 2 and 3: a dataset from the registry
 * (optionally narrowed to two of its features), its rows as points, and a box that
 * frames them. Steps name their data in steps.ts; this turns the name into what a
 * panel draws and what a run trains on, from the same numbers.
 */
import { datasetEntry, pickFeatures, type Dataset } from '$lib/datasets/index';
import { boxAround, type Box } from '$lib/geometry';

export interface PlanarPoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
}

export interface PlanarData {
  readonly dataset: Dataset;
  readonly points: readonly PlanarPoint[];
  readonly box: Box;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly classNames: readonly string[];
  /** what one row is, e.g. 'flower' */
  readonly noun: string;
}

/** Nouns for the data a learner meets, so the words match the picture. */
function nounOf(name: string): string {
  if (name.startsWith('iris')) return 'flower';
  if (name.startsWith('penguins')) return 'penguin';
  if (name.startsWith('logic')) return 'row';
  return 'point';
}

/** The box around the points with a margin on each side, and 0 kept in view when it is near. */
export function frame(points: readonly PlanarPoint[], margin = 0.08): Box {
  const box = boxAround(points, margin);
  const { xMax, yMax } = box;
  let { xMin, yMin } = box;
  // the origin anchors the weights' meaning (b is z at the origin): show it when it is close
  if (xMin > 0 && xMin < (xMax - xMin) * 0.35) xMin = 0;
  if (yMin > 0 && yMin < (yMax - yMin) * 0.35) yMin = 0;
  return { xMin, xMax, yMin, yMax };
}

/**
 * A registry dataset with two features: `features` picks them from a wider table, e.g.
 * iris's petal length and width. The seed is passed on (tables ignore it).
 */
export function planarData(name: string, features?: readonly [string, string], seed = 0): PlanarData {
  const entry = datasetEntry(name);
  if (entry.kind === 'images') throw new RangeError(`'${name}' is images, not two features`);
  let dataset = entry.create({ seed });
  if (features) dataset = pickFeatures(dataset, features);
  if (dataset.sampleShape.length !== 1 || dataset.sampleShape[0] !== 2) {
    throw new RangeError(`'${name}' has ${dataset.sampleShape.join('×')} features; pick two`);
  }
  const points = Array.from({ length: dataset.n }, (_, i) => ({ x: dataset.x[2 * i], y: dataset.x[2 * i + 1], label: dataset.labels[i] }));
  return {
    dataset,
    points,
    box: frame(points),
    xLabel: dataset.featureNames[0],
    yLabel: dataset.featureNames[1],
    classNames: dataset.classNames,
    noun: nounOf(name)
  };
}
