/**
 * What the 2D generators (xor, circles, spirals, moons, blobs) share: option
 * defaults and checks, and the Dataset they return. In the spirit of
 * tensorflow/playground `dataset.ts`, but scaled to roughly [-1, 1] x [-1, 1]
 * and with noise as gaussian jitter of the position, so noise makes the classes
 * overlap instead of silently relabelling points.
 */
import { createRandom, gaussian, type Random } from '$lib/random';
import type { Dataset, DatasetOptions } from './types';

export const DEFAULT_POINTS = 200;
export const MAX_POINTS = 100_000;
/** Jitter standard deviation at noise = 1, in units of the [-1, 1] box. */
export const NOISE_SCALE = 0.5;

export interface PointSettings {
  readonly n: number;
  readonly noise: number;
  readonly random: Random;
  /**
   * One gaussian jitter draw, standard deviation noise * NOISE_SCALE. It draws from
   * the stream even at noise 0, so the same seed gives the same underlying points
   * at every noise level: moving a noise slider spreads the points, never reshuffles them.
   */
  readonly jitter: () => number;
}

/** Resolves defaults and rejects what no picture could show (negative counts, noise outside [0, 1]). */
export function pointSettings(options: DatasetOptions): PointSettings {
  const n = options.n ?? DEFAULT_POINTS;
  const noise = options.noise ?? 0;
  if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS) {
    throw new RangeError(`n must be an integer in 1..${MAX_POINTS}, got ${n}`);
  }
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`noise must be in [0, 1], got ${noise}`);
  const random = createRandom(options.seed);
  const sigma = noise * NOISE_SCALE;
  return { n, noise, random, jitter: () => sigma * gaussian(random) };
}

/** Wraps generated coordinates (x1, x2 interleaved) and labels as a Dataset. */
export function pointsDataset(
  name: string,
  x: Float32Array,
  labels: Int32Array,
  classNames: readonly string[],
  settings: PointSettings
): Dataset {
  return {
    name,
    n: labels.length,
    x,
    sampleShape: [2],
    labels,
    featureNames: ['x1', 'x2'],
    classNames,
    notes: [`${labels.length} points, noise ${settings.noise}`]
  };
}
