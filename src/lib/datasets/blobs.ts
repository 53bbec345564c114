import { gaussian } from '$lib/random';
import { pointSettings, pointsDataset } from './points';
import type { Dataset, DatasetOptions } from './types';

export const DEFAULT_BLOBS = 2;
export const MAX_BLOBS = 8;
/** Centres sit on this circle, far enough apart that clean blobs never touch. */
const CENTRE_RADIUS = 0.6;
/** Spread of a blob before any noise is added. */
const BLOB_SPREAD = 0.12;

/**
 * Gaussian blobs, one per class (`options.classes`, 2..8, default 2), centred
 * evenly on a circle: fixed centres keep the picture the same from seed to seed,
 * the seed only draws the points. Noise widens every blob. Classes are dealt in
 * turn, so they are balanced and interleaved in sample order.
 */
export function blobs(options: DatasetOptions): Dataset {
  const k = options.classes ?? DEFAULT_BLOBS;
  if (!Number.isInteger(k) || k < 2 || k > MAX_BLOBS) {
    throw new RangeError(`classes must be an integer in 2..${MAX_BLOBS}, got ${k}`);
  }
  const settings = pointSettings(options);
  const { n, random, jitter } = settings;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const angle = Math.PI / 4 + (2 * Math.PI * c) / k;
    x[2 * i] = CENTRE_RADIUS * Math.cos(angle) + BLOB_SPREAD * gaussian(random) + jitter();
    x[2 * i + 1] = CENTRE_RADIUS * Math.sin(angle) + BLOB_SPREAD * gaussian(random) + jitter();
    labels[i] = c;
  }
  const classNames = Array.from({ length: k }, (_, c) => `blob ${c + 1}`);
  return pointsDataset('blobs', x, labels, classNames, settings);
}
