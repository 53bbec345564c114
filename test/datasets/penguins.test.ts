import { describe, expect, it } from 'vitest';
import source from '../../node_modules/vega-datasets/data/penguins.json';
import { penguins, penguinsPair, PENGUIN_FEATURES } from '../../src/lib/datasets/penguins';
import { perceptronSeparates } from './separable';

describe('penguins', () => {
  const d = penguins({ seed: 1 });

  it('drops the 11 penguins with a missing value (as dropna does) and says so', () => {
    expect(source).toHaveLength(344);
    expect(d.n).toBe(333);
    expect(d.notes[0]).toBe('11 rows with missing values dropped (344 in the source)');
  });

  it('has 4 features and the 3 species in the published numbers after dropping (146 Adelie, 68 Chinstrap, 119 Gentoo)', () => {
    expect(d.sampleShape).toEqual([4]);
    expect(d.x.length).toBe(333 * 4);
    expect(d.featureNames).toEqual([...PENGUIN_FEATURES]);
    expect(d.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const counts = [0, 0, 0];
    for (const label of d.labels) counts[label]++;
    expect(counts).toEqual([146, 68, 119]);
    expect(d.x.every(Number.isFinite)).toBe(true);
  });

  it('keeps each measurement in its own column and unit', () => {
    expect(Array.from(d.x.subarray(0, 4))).toEqual([39.1, 18.7, 181, 3750].map(Math.fround));
    const column = (j: number) => Array.from({ length: d.n }, (_, i) => d.x[i * 4 + j]);
    const within = (j: number, lo: number, hi: number) => column(j).every((v) => v >= lo && v <= hi);
    expect(within(0, 30, 60)).toBe(true); // bill length, mm
    expect(within(1, 13, 22)).toBe(true); // bill depth, mm
    expect(within(2, 170, 232)).toBe(true); // flipper, mm
    expect(within(3, 2700, 6300)).toBe(true); // mass, g
  });

  it('Adelie vs Gentoo on bill length and depth: 265 birds, linearly separable', () => {
    const pair = penguinsPair({ seed: 1 }, ['Adelie', 'Gentoo'], ['bill length (mm)', 'bill depth (mm)']);
    expect(pair.name).toBe('penguins-adelie-gentoo');
    expect(pair.n).toBe(265);
    expect(pair.classNames).toEqual(['Adelie', 'Gentoo']);
    expect(pair.sampleShape).toEqual([2]);
    expect(perceptronSeparates(pair, 100)).toBe(true);
    expect(pair.notes).toContain('11 rows with missing values dropped (344 in the source)');
  });
});
