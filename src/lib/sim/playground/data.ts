/**
 * The points a playground view trains and tests on: a generated 2D set (or two
 * standardised penguin measurements), split by class with the lesson's seed, a box
 * that frames them symmetrically about the origin, and the input features the
 * learner switched on, computed from x₁ and x₂ the way TensorFlow Playground does.
 */
import { datasetEntry, fitStandardizer, penguins, PENGUIN_SPECIES, pickFeatures, trainTestSplit, type Dataset } from '$lib/datasets/index';
import type { Tensor } from '$lib/engine/tensor';
import type { Box } from '$lib/geometry';
import type { GridSpec } from '../training/protocol';
import type { Feature, PlaygroundConfig } from './config';

/** Points per generated set (TensorFlow Playground draws 500; 400 keeps a phone responsive). */
export const PLAYGROUND_POINTS = 400;

export interface PlaygroundPoint {
  readonly x: number;
  readonly y: number;
  /** 0 or 1 */
  readonly label: number;
}

export interface PlaygroundData {
  readonly train: readonly PlaygroundPoint[];
  readonly test: readonly PlaygroundPoint[];
  /** symmetric about the origin, so x₁², sin πx₁ and the rest look the same on both sides */
  readonly box: Box;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly classNames: readonly [string, string];
  readonly notes: readonly string[];
}

/** Feature names as the picture writes them. */
export const FEATURE_LABELS: Record<Feature, string> = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  sin1: 'sin πx₁',
  sin2: 'sin πx₂'
};

export function featureValue(feature: Feature, x1: number, x2: number): number {
  switch (feature) {
    case 'x1':
      return x1;
    case 'x2':
      return x2;
    case 'x1sq':
      return x1 * x1;
    case 'x2sq':
      return x2 * x2;
    case 'x1x2':
      return x1 * x2;
    case 'sin1':
      return Math.sin(Math.PI * x1);
    case 'sin2':
      return Math.sin(Math.PI * x2);
  }
}

/** The features of every point, [n, features.length], the network's input. */
export function featureMatrix(points: ArrayLike<number> | readonly PlaygroundPoint[], features: readonly Feature[]): Tensor {
  const xy = isPointList(points) ? points.flatMap((p) => [p.x, p.y]) : points;
  const n = xy.length / 2;
  const k = features.length;
  const data = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) data[i * k + j] = featureValue(features[j], xy[2 * i], xy[2 * i + 1]);
  }
  return { data, shape: [n, k] };
}

function isPointList(points: ArrayLike<number> | readonly PlaygroundPoint[]): points is readonly PlaygroundPoint[] {
  return points.length > 0 && typeof points[0] === 'object';
}

/** Labels as binary cross-entropy wants them, [n, 1]. */
export function labelTensor(points: readonly PlaygroundPoint[]): Tensor {
  return { data: Float32Array.from(points, (p) => p.label), shape: [points.length, 1] };
}

function toPoints(d: Dataset): PlaygroundPoint[] {
  return Array.from({ length: d.n }, (_, i) => ({ x: d.x[2 * i], y: d.x[2 * i + 1], label: d.labels[i] }));
}

/** Bill length and depth tell Chinstraps (long and deep bills) from Adelies and Gentoos by a bend, not a line. */
function penguinSet(seed: number, trainRatio: number): { train: Dataset; test: Dataset } {
  const two = pickFeatures(penguins({ seed }), ['bill length (mm)', 'bill depth (mm)']);
  const chinstrap = PENGUIN_SPECIES.indexOf('Chinstrap');
  const all: Dataset = {
    ...two,
    name: 'penguins',
    labels: two.labels.map((species) => (species === chinstrap ? 1 : 0)),
    classNames: ['Adelie or Gentoo', 'Chinstrap']
  };
  const { train, test } = trainTestSplit(all, { seed, testFraction: 1 - trainRatio });
  // scaled with the training part's mean and spread only, as data met after training would be
  const scaler = fitStandardizer(train);
  return { train: scaler.apply(train), test: scaler.apply(test) };
}

function symmetricBox(points: readonly PlaygroundPoint[]): PlaygroundData['box'] {
  let m = 1;
  for (const p of points) m = Math.max(m, Math.abs(p.x), Math.abs(p.y));
  const r = Math.ceil(m * 1.08 * 10) / 10;
  return { xMin: -r, xMax: r, yMin: -r, yMax: r };
}

/** The view's points, split and framed; the same seed gives the same points. */
export function playgroundData(config: Pick<PlaygroundConfig, 'dataset' | 'noise' | 'trainRatio'>, seed: number): PlaygroundData {
  if (config.dataset === 'penguins') {
    const { train, test } = penguinSet(seed, config.trainRatio);
    const [tr, te] = [toPoints(train), toPoints(test)];
    return {
      train: tr,
      test: te,
      box: symmetricBox([...tr, ...te]),
      xLabel: 'bill length (standardised)',
      yLabel: 'bill depth (standardised)',
      classNames: ['Adelie or Gentoo', 'Chinstrap'],
      notes: [...train.notes]
    };
  }
  const entry = datasetEntry(config.dataset);
  if (entry.kind === 'images') throw new RangeError(`'${config.dataset}' is not a set of points`);
  const all = entry.create({ seed, n: PLAYGROUND_POINTS, noise: config.noise, classes: config.dataset === 'blobs' ? 2 : undefined });
  const { train, test } = trainTestSplit(all, { seed, testFraction: 1 - config.trainRatio });
  const [tr, te] = [toPoints(train), toPoints(test)];
  return {
    train: tr,
    test: te,
    box: symmetricBox([...tr, ...te]),
    xLabel: 'x₁',
    yLabel: 'x₂',
    classNames: [all.classNames[0], all.classNames[1]],
    notes: [...train.notes]
  };
}

export function gridSpec(box: Box, resolution: number): GridSpec {
  return { ...box, resolution };
}
