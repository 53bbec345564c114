import { pointSettings, pointsDataset } from './points';
import type { Dataset, DatasetOptions } from './types';

/** Each arm winds this many full turns from the centre to radius 1 (playground: 1.75). */
const TURNS = 1.75;

/**
 * Two interleaved spirals, the second the first turned by half a turn, as in
 * tensorflow/playground. Points are evenly spaced along each arm (radius grows
 * linearly with the angle); classes alternate in sample order.
 */
export function spirals(options: DatasetOptions): Dataset {
  const settings = pointSettings(options);
  const { n, jitter } = settings;
  const perArm = Math.ceil(n / 2);
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const arm = i % 2;
    // t in (0, 1]: starting at 0 would put one point of each class on the origin
    const t = (Math.floor(i / 2) + 1) / perArm;
    const angle = TURNS * 2 * Math.PI * t + arm * Math.PI;
    x[2 * i] = t * Math.sin(angle) + jitter();
    x[2 * i + 1] = t * Math.cos(angle) + jitter();
    labels[i] = arm;
  }
  return pointsDataset('spirals', x, labels, ['spiral A', 'spiral B'], settings);
}
