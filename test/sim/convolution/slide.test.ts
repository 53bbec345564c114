import { beforeAll, describe, expect, it } from 'vitest';
import type { Padding } from '../../../src/lib/engine/backend';
import { conv2d, maxPool2d } from '../../../src/lib/engine/ops';
import type { MnistImages } from '../../../src/lib/datasets/mnist';
import { loadMnistImages } from '../../../src/lib/datasets/mnistNode';
import { DEFAULT_DIGIT, digitPlane } from '../../../src/lib/sim/convolution/digits';
import { KERNEL_NAMES, KERNEL_PRESETS } from '../../../src/lib/sim/convolution/kernels';
import { convolutionSlide, poolingSlide, positionCount, productSum, slideGeometry, windowAt, type Plane } from '../../../src/lib/sim/convolution/slide';
import { ensureMnist } from '../../datasets/ensureMnist';

let digit: Plane;
let images: MnistImages;

beforeAll(async () => {
  images = await loadMnistImages(ensureMnist());
  digit = digitPlane(images, DEFAULT_DIGIT);
});

describe('the sliding kernel', () => {
  const settings: [Padding, number][] = [
    ['valid', 1],
    ['valid', 2],
    ['same', 1],
    ['same', 2]
  ];

  for (const name of KERNEL_NAMES) {
    for (const [padding, stride] of settings) {
      it(`shows, at every position of ${name} with '${padding}' padding and stride ${stride}, the numbers ops.conv2d computes`, async () => {
        const weights = KERNEL_PRESETS[name].values;
        const slide = await convolutionSlide(digit, weights, stride, padding);
        const expected = await conv2d(
          { data: digit.values, shape: [1, 28, 28, 1] },
          { data: Float32Array.from(weights), shape: [3, 3, 1, 1] },
          { strides: stride, padding }
        );
        expect([slide.output.rows, slide.output.cols]).toEqual([expected.shape[1], expected.shape[2]]);
        expect(positionCount(slide)).toBe(expected.data.length);
        for (let i = 0; i < expected.data.length; i++) {
          const at = windowAt(slide, i);
          expect(at.result).toBe(expected.data[i]);
          expect(productSum(at)).toBeCloseTo(expected.data[i], 5);
          // each product is the pixel under the cell times its weight, padding reading 0
          for (const [k, cell] of at.cells.entries()) {
            const inside = cell.row >= 0 && cell.row < 28 && cell.col >= 0 && cell.col < 28;
            expect(cell.padding).toBe(!inside);
            expect(cell.value).toBe(inside ? digit.values[cell.row * 28 + cell.col] : 0);
            expect(cell.product).toBe(cell.value * Math.fround(weights[k]));
          }
        }
      });
    }
  }

  it('sizes the map by the output-size formula, with the padding TensorFlow adds where it adds it', () => {
    const size = (n: number, k: number, s: number, before: number, after: number) => Math.floor((n + before + after - k) / s) + 1;
    for (const [padding, stride] of settings) {
      for (const k of [2, 3, 4, 5]) {
        const g = slideGeometry(28, 28, k, stride, padding);
        expect(g.outRows).toBe(size(28, k, stride, g.pads.top, g.pads.bottom));
        expect(g.outCols).toBe(size(28, k, stride, g.pads.left, g.pads.right));
        if (padding === 'valid') expect(g.pads).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
        else expect(g.outRows).toBe(Math.ceil(28 / stride));
      }
    }
    // stride 2 over 28 pixels needs one pixel of padding: TensorFlow puts it after, none before
    expect(slideGeometry(28, 28, 3, 2, 'same').pads).toEqual({ top: 0, bottom: 1, left: 0, right: 1 });
    expect(slideGeometry(28, 28, 3, 1, 'same').pads).toEqual({ top: 1, bottom: 1, left: 1, right: 1 });
    expect(slideGeometry(28, 28, 4, 1, 'same').pads).toEqual({ top: 1, bottom: 2, left: 1, right: 2 });
  });

  it('hangs over the padding at the corners and reads zeros there', async () => {
    const slide = await convolutionSlide(digit, KERNEL_PRESETS.blur.values, 1, 'same');
    const first = windowAt(slide, 0);
    expect([first.row, first.col]).toEqual([-1, -1]);
    expect(first.cells.filter((c) => c.padding)).toHaveLength(5);
    expect(() => windowAt(slide, positionCount(slide))).toThrow(RangeError);
  });
});

describe('max pooling', () => {
  it('keeps each window’s largest value, and marks the one pixel the engine routes the gradient to', async () => {
    const blurred = (await convolutionSlide(digit, KERNEL_PRESETS.vertical.values, 1, 'same')).output;
    const slide = await poolingSlide(blurred);
    const expected = await maxPool2d({ data: blurred.values, shape: [1, 28, 28, 1] }, { poolSize: 2 });
    expect([slide.output.rows, slide.output.cols]).toEqual([14, 14]);
    for (let i = 0; i < expected.data.length; i++) {
      const at = windowAt(slide, i);
      expect(at.result).toBe(expected.data[i]);
      expect(at.cells).toHaveLength(4);
      const winners = at.cells.filter((c) => c.winner);
      expect(winners).toHaveLength(1);
      expect(winners[0].value).toBe(Math.max(...at.cells.map((c) => c.value)));
      // ties go to the first maximum, as the engine's gradient does
      expect(at.cells.findIndex((c) => c.value === winners[0].value)).toBe(at.cells.indexOf(winners[0]));
    }
  });
});
