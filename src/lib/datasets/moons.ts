import { pointSettings, pointsDataset } from './points';
import type { Dataset, DatasetOptions } from './types';

/**
 * Two interlocking half circles, as scikit-learn's make_moons: the upper moon
 * (label 0) is (cos t, sin t) and the lower one (label 1) is (1 - cos t, 0.5 - sin t),
 * t in [0, pi]. That picture spans [-1, 2] x [-0.5, 1]; it is centred and shrunk
 * by 1.5 without changing its aspect, so it fills [-1, 1] x [-0.5, 0.5].
 */
export function moons(options: DatasetOptions): Dataset {
  const settings = pointSettings(options);
  const { n, random, jitter } = settings;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lower = i % 2 === 1;
    const t = Math.PI * random();
    const mx = lower ? 1 - Math.cos(t) : Math.cos(t);
    const my = lower ? 0.5 - Math.sin(t) : Math.sin(t);
    x[2 * i] = (mx - 0.5) / 1.5 + jitter();
    x[2 * i + 1] = (my - 0.25) / 1.5 + jitter();
    labels[i] = lower ? 1 : 0;
  }
  return pointsDataset('moons', x, labels, ['upper moon', 'lower moon'], settings);
}
