import { describe, expect, it } from 'vitest';
import { blobs } from '../../src/lib/datasets/blobs';
import { circles } from '../../src/lib/datasets/circles';
import { moons } from '../../src/lib/datasets/moons';
import { NOISE_SCALE } from '../../src/lib/datasets/points';
import { spirals } from '../../src/lib/datasets/spirals';
import type { Dataset, DatasetFn } from '../../src/lib/datasets/types';
import { xor } from '../../src/lib/datasets/xor';

const generators: Record<string, DatasetFn> = { xor, circles, spirals, moons, blobs };

function classCounts(d: Dataset): number[] {
  const counts = new Array(d.classNames.length).fill(0);
  for (const label of d.labels) counts[label]++;
  return counts;
}

function point(d: Dataset, i: number): [number, number] {
  return [d.x[2 * i], d.x[2 * i + 1]];
}

describe.each(Object.entries(generators))('%s', (name, make) => {
  it('is the same for the same seed and differs for another', () => {
    const a = make({ seed: 7, n: 101, noise: 0.2 });
    const b = make({ seed: 7, n: 101, noise: 0.2 });
    const c = make({ seed: 8, n: 101, noise: 0.2 });
    expect(a.x).toEqual(b.x);
    expect(a.labels).toEqual(b.labels);
    expect(a.x).not.toEqual(c.x);
  });

  it('honours n, with a default, and has the Dataset shape of 2D points', () => {
    for (const n of [1, 3, 57, 400]) {
      const d = make({ seed: 1, n });
      expect(d.n).toBe(n);
      expect(d.x.length).toBe(2 * n);
      expect(d.labels.length).toBe(n);
    }
    const d = make({ seed: 1 });
    expect(d.n).toBe(200);
    expect(d.name).toBe(name);
    expect(d.sampleShape).toEqual([2]);
    expect(d.featureNames).toEqual(['x1', 'x2']);
    expect(d.x.every(Number.isFinite)).toBe(true);
  });

  it('balances the classes and interleaves them in sample order', () => {
    const d = make({ seed: 3, n: 301 });
    const counts = classCounts(d);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(new Set(d.labels.slice(0, d.classNames.length))).toHaveProperty('size', d.classNames.length);
  });

  it('keeps clean points roughly inside [-1, 1] x [-1, 1] (blobs: within four spreads)', () => {
    const d = make({ seed: 5, n: 1000, noise: 0 });
    const bound = name === 'blobs' ? 1.2 : 1;
    for (const v of d.x) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
  });

  it('honours noise: the same seed moves each point by noise * NOISE_SCALE * the same gaussian draw', () => {
    const clean = make({ seed: 11, n: 2000, noise: 0 });
    const some = make({ seed: 11, n: 2000, noise: 0.2 });
    const more = make({ seed: 11, n: 2000, noise: 0.4 });
    expect(some.labels).toEqual(clean.labels);
    let sumSq = 0;
    for (let i = 0; i < clean.x.length; i++) {
      const small = some.x[i] - clean.x[i];
      const large = more.x[i] - clean.x[i];
      expect(large).toBeCloseTo(2 * small, 4);
      sumSq += large * large;
    }
    const std = Math.sqrt(sumSq / clean.x.length);
    expect(std).toBeGreaterThan(0.4 * NOISE_SCALE * 0.9);
    expect(std).toBeLessThan(0.4 * NOISE_SCALE * 1.1);
  });

  it('rejects options no picture could show', () => {
    expect(() => make({ seed: 1, n: 0 })).toThrow(RangeError);
    expect(() => make({ seed: 1, n: 2.5 })).toThrow(RangeError);
    expect(() => make({ seed: 1, noise: -0.1 })).toThrow(RangeError);
    expect(() => make({ seed: 1, noise: 1.5 })).toThrow(RangeError);
  });
});

describe('shapes without noise', () => {
  it('xor labels 1 exactly where the coordinates have opposite signs, never on an axis', () => {
    const d = xor({ seed: 2, n: 400 });
    for (let i = 0; i < d.n; i++) {
      const [a, b] = point(d, i);
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThan(0.05);
      expect(d.labels[i]).toBe(a * b < 0 ? 1 : 0);
    }
  });

  it('circles puts label 1 inside radius 0.5 and label 0 in the ring 0.7..1', () => {
    const d = circles({ seed: 2, n: 400 });
    for (let i = 0; i < d.n; i++) {
      const r = Math.hypot(...point(d, i));
      if (d.labels[i] === 1) expect(r).toBeLessThanOrEqual(0.5 + 1e-6);
      else expect(r).toBeGreaterThanOrEqual(0.7 - 1e-6);
    }
  });

  it('spirals are two arms, each the other turned by half a turn, winding outwards', () => {
    const d = spirals({ seed: 2, n: 400 });
    for (let i = 0; i < d.n; i += 2) {
      const [ax, ay] = point(d, i);
      const [bx, by] = point(d, i + 1);
      expect(bx).toBeCloseTo(-ax, 5);
      expect(by).toBeCloseTo(-ay, 5);
    }
    const radius = (i: number) => Math.hypot(...point(d, i));
    expect(radius(0)).toBeGreaterThan(0);
    expect(radius(0)).toBeLessThan(0.01);
    expect(radius(398)).toBeCloseTo(1, 5);
  });

  it('moons keep their aspect: x spans about [-1, 1], y about [-0.5, 0.5]', () => {
    const d = moons({ seed: 2, n: 2000 });
    const xs = d.x.filter((_, i) => i % 2 === 0);
    const ys = d.x.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeCloseTo(-1, 1);
    expect(Math.max(...xs)).toBeCloseTo(1, 1);
    expect(Math.min(...ys)).toBeCloseTo(-0.5, 1);
    expect(Math.max(...ys)).toBeCloseTo(0.5, 1);
  });

  it('blobs makes k classes 0..k-1 around k distinct centres', () => {
    for (const k of [2, 3, 5, 8]) {
      const d = blobs({ seed: 4, n: 840, classes: k });
      expect(d.classNames).toHaveLength(k);
      expect(classCounts(d)).toEqual(new Array(k).fill(840 / k));
      const centres = Array.from({ length: k }, (_, c) => {
        let sx = 0;
        let sy = 0;
        for (let i = c; i < d.n; i += k) [sx, sy] = [sx + d.x[2 * i], sy + d.x[2 * i + 1]];
        return [sx / (d.n / k), sy / (d.n / k)];
      });
      for (let a = 0; a < k; a++) {
        expect(Math.hypot(...centres[a])).toBeCloseTo(0.6, 1);
        for (let b = a + 1; b < k; b++) expect(Math.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1])).toBeGreaterThan(0.4);
      }
    }
    expect(() => blobs({ seed: 1, classes: 1 })).toThrow(RangeError);
    expect(() => blobs({ seed: 1, classes: 9 })).toThrow(RangeError);
  });
});
