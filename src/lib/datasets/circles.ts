import { pointSettings, pointsDataset } from './points';
import type { Dataset, DatasetOptions } from './types';

const INNER_RADIUS = 0.5;
const OUTER_MIN = 0.7;
const OUTER_MAX = 1;

/**
 * A disc (label 1, radius up to 0.5) inside a ring (label 0, radius 0.7 to 1),
 * as in tensorflow/playground. Radius is drawn uniformly, so the centre is dense,
 * which keeps a small inner class visible. Classes alternate in sample order.
 */
export function circles(options: DatasetOptions): Dataset {
  const settings = pointSettings(options);
  const { n, random, jitter } = settings;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const inner = i % 2 === 1;
    const r = inner ? INNER_RADIUS * random() : OUTER_MIN + (OUTER_MAX - OUTER_MIN) * random();
    const angle = 2 * Math.PI * random();
    x[2 * i] = r * Math.cos(angle) + jitter();
    x[2 * i + 1] = r * Math.sin(angle) + jitter();
    labels[i] = inner ? 1 : 0;
  }
  return pointsDataset('circles', x, labels, ['outer ring', 'inner disc'], settings);
}
