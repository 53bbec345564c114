import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistImages } from '../../../src/lib/datasets/mnistNode';
import type { MnistImages } from '../../../src/lib/datasets/mnist';
import { DEFAULT_DIGIT, digitPlane, examplesByClass, nextExample, shiftPlane } from '../../../src/lib/sim/convolution/digits';
import { KERNEL_PRESETS } from '../../../src/lib/sim/convolution/kernels';
import { mapChoices } from '../../../src/lib/sim/convolution/mapChoices';
import { compareShift, cosineSimilarity, MAX_SHIFT } from '../../../src/lib/sim/convolution/shift';
import { convolutionSlide, type Plane } from '../../../src/lib/sim/convolution/slide';
import { ensureMnist } from '../../datasets/ensureMnist';

let images: MnistImages;
let digit: Plane;
beforeAll(async () => {
  images = await loadMnistImages(ensureMnist());
  digit = digitPlane(images, DEFAULT_DIGIT);
});

describe('shifting a digit', () => {
  it('moves the ink and lets paper in behind it', () => {
    const moved = shiftPlane(digit, 2, -1);
    expect(moved.values[5 * 28 + 9]).toBe(digit.values[6 * 28 + 7]);
    expect(moved.values[27 * 28 + 0]).toBe(0);
    expect(Array.from(shiftPlane(moved, -2, 1).values.subarray(28 * 2, 28 * 26))).not.toHaveLength(0);
  });

  it('measures every view against the unshifted one: identical at 0, less alike with every pixel moved', async () => {
    const result = await compareShift(digit, KERNEL_PRESETS.blur.values, 'right', 2);
    expect(result.matches.map((m) => m.amount)).toEqual([0, 1, 2, 3]);
    expect(result.matches[0]).toEqual({ amount: 0, pixels: 1, pooled: 1, pooledTwice: 1 });
    for (let a = 1; a <= MAX_SHIFT; a++) expect(result.matches[a].pixels).toBeLessThan(result.matches[a - 1].pixels);
    expect([result.shifted.pooled.rows, result.shifted.pooledTwice.rows]).toEqual([14, 7]);
    expect(result.shifted).not.toBe(result.original);
    // a blurred map, pooled twice, still matches the moved digit better than its pixels do
    expect(result.matches[2].pooledTwice).toBeGreaterThan(result.matches[2].pixels);
  });

  it('measures likeness by the cosine of the angle between two views', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow();
  });
});

describe('picking digits', () => {
  it('flips through the examples of one class, wrapping round, and jumps to another class', () => {
    const byClass = examplesByClass(images);
    expect(byClass.reduce((s, c) => s + c.length, 0)).toBe(images.n);
    const sevens = byClass[7];
    expect(images.labels[sevens[0]]).toBe(7);
    expect(nextExample(byClass, sevens[0], 7, 1)).toBe(sevens[1]);
    expect(nextExample(byClass, sevens[0], 7, -1)).toBe(sevens[sevens.length - 1]);
    expect(nextExample(byClass, sevens[0], 3, 1)).toBe(byClass[3][0]);
  });
});

describe('"which map did this kernel make?"', () => {
  it('offers the kernel’s own map and two from other families, in a seeded order', async () => {
    const choices = await mapChoices(digit, KERNEL_PRESETS.vertical.values, 42);
    expect(choices.options).toHaveLength(3);
    const own = await convolutionSlide(digit, KERNEL_PRESETS.vertical.values, 1, 'valid');
    expect(Array.from(choices.options[choices.answer].map.values)).toEqual(Array.from(own.output.values));
    expect(choices.options[choices.answer].kernel).toBe('vertical');
    const others = choices.options.filter((_, i) => i !== choices.answer).map((o) => o.kernel);
    expect(others).not.toContain('sobel-x');
    expect(others).not.toContain('vertical');
    expect((await mapChoices(digit, KERNEL_PRESETS.vertical.values, 42)).answer).toBe(choices.answer);
    const answers = new Set<number>();
    for (let seed = 0; seed < 12; seed++) answers.add((await mapChoices(digit, KERNEL_PRESETS.blur.values, seed)).answer);
    expect(answers.size).toBeGreaterThan(1);
  });
});
