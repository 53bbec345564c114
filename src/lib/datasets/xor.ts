import { pointSettings, pointsDataset } from './points';
import type { Dataset, DatasetOptions } from './types';

/** Keeps points off the axes, so with no noise every point sits clearly in its quadrant. */
const PADDING = 0.06;

/**
 * Points in the four quadrants; label 1 where exactly one coordinate is positive
 * (A XOR B, reading "positive" as "on"). No line separates the classes. Quadrants
 * are dealt in turn, so classes are balanced and interleaved in sample order.
 */
export function xor(options: DatasetOptions): Dataset {
  const settings = pointSettings(options);
  const { n, random, jitter } = settings;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // quadrant order (+,+) (+,-) (-,-) (-,+) alternates the label 0, 1, 0, 1
    const q = i % 4;
    const sx = q < 2 ? 1 : -1;
    const sy = q === 0 || q === 3 ? 1 : -1;
    x[2 * i] = sx * (PADDING + (1 - PADDING) * random()) + jitter();
    x[2 * i + 1] = sy * (PADDING + (1 - PADDING) * random()) + jitter();
    labels[i] = sx === sy ? 0 : 1;
  }
  return pointsDataset('xor', x, labels, ['XOR = 0', 'XOR = 1'], settings);
}
