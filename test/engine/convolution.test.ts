/**
 * conv2d and maxPool2d by hand: NHWC, kernel [kh, kw, inC, outC], cross-correlation,
 * TensorFlow's 'same' padding (odd extra pixel after) and 'valid'. All values are
 * small integers, so results are exact.
 */
import { describe, expect, it } from 'vitest';
import * as ops from '../../src/lib/engine/ops';
import { tensor } from '../../src/lib/engine/tensor';
import { windowGeometry } from '../../src/lib/engine/windowGeometry';
import { values } from './helpers';

// x = 1 2 3 / 4 5 6 / 7 8 9
const x33 = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
// an asymmetric kernel, so a flipped (true) convolution would give other numbers
const k22 = tensor([1, 2, 3, 4], [2, 2, 1, 1]);

describe('windowGeometry', () => {
  it("follows TensorFlow: 'same' -> ceil(in / s), pad before = floor(total / 2)", () => {
    expect(windowGeometry(3, 3, 2, 2, [1, 1], 'same')).toEqual({ outH: 3, outW: 3, padTop: 0, padLeft: 0 });
    expect(windowGeometry(3, 3, 3, 3, [2, 2], 'same')).toEqual({ outH: 2, outW: 2, padTop: 1, padLeft: 1 });
    expect(windowGeometry(28, 28, 5, 5, [1, 1], 'same')).toEqual({ outH: 28, outW: 28, padTop: 2, padLeft: 2 });
    // total = max((ceil(4/2) - 1) * 2 + 2 - 4, 0) = 0
    expect(windowGeometry(4, 4, 2, 2, [2, 2], 'same')).toEqual({ outH: 2, outW: 2, padTop: 0, padLeft: 0 });
    // 5 rows, k 4, stride 2: out 3, total 3, 1 before and 2 after
    expect(windowGeometry(5, 5, 4, 4, [2, 2], 'same')).toEqual({ outH: 3, outW: 3, padTop: 1, padLeft: 1 });
  });

  it("'valid' -> floor((in - k) / s) + 1 and no padding", () => {
    expect(windowGeometry(28, 28, 5, 5, [1, 1], 'valid')).toEqual({ outH: 24, outW: 24, padTop: 0, padLeft: 0 });
    expect(windowGeometry(7, 6, 3, 2, [2, 3], 'valid')).toEqual({ outH: 3, outW: 2, padTop: 0, padLeft: 0 });
  });
});

describe('conv2d', () => {
  it("'valid', stride 1: 37 = 1*1 + 2*2 + 4*3 + 5*4 in the corner", async () => {
    const y = await ops.conv2d(x33, k22, { strides: [1, 1], padding: 'valid' });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(values(y)).toEqual([37, 47, 67, 77]);
  });

  it("'same', stride 1: the odd padding row and column go after the image", async () => {
    const y = await ops.conv2d(x33, k22, { strides: 1, padding: 'same' });
    expect(y.shape).toEqual([1, 3, 3, 1]);
    // last column: 3*1 + 6*3 = 21, 6*1 + 9*3 = 33, 9*1 = 9; last row: 7*1 + 8*2 = 23, 8*1 + 9*2 = 26
    expect(values(y)).toEqual([37, 47, 21, 67, 77, 33, 23, 26, 9]);
  });

  it("'same', stride 2, 3x3 kernel of ones: windows centred on the corners", async () => {
    const ones = tensor(new Array(9).fill(1), [3, 3, 1, 1]);
    const y = await ops.conv2d(x33, ones, { strides: [2, 2], padding: 'same' });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(values(y)).toEqual([1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9]);
  });

  it("'valid', stride 2 on a 4x4 image", async () => {
    const x = tensor(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const ones = tensor([1, 1, 1, 1], [2, 2, 1, 1]);
    expect(values(await ops.conv2d(x, ones, { strides: 2 }))).toEqual([10, 18, 42, 50]);
  });

  it('mixes input channels into output channels, per image of a batch', async () => {
    // two 1x1 images with channels [1, 2] and [3, -1]; kernel[ci][co] = [[1, 2], [3, 4]]
    const x = tensor([1, 2, 3, -1], [2, 1, 1, 2]);
    const k = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const y = await ops.conv2d(x, k);
    expect(y.shape).toEqual([2, 1, 1, 2]);
    expect(values(y)).toEqual([1 * 1 + 2 * 3, 1 * 2 + 2 * 4, 3 * 1 - 1 * 3, 3 * 2 - 1 * 4]);
  });

  it('with a 1x1 kernel equals a matmul over pixels', async () => {
    const x = tensor(Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => (i % 7) - 3), [2, 2, 3, 3]);
    const k = tensor([1, -2, 0, 3, 1, 1, 2, 0, -1, 1, 1, 4], [1, 1, 3, 4]);
    const y = await ops.conv2d(x, k);
    const viaMatmul = await ops.matmul(ops.reshape(x, [-1, 3]), ops.reshape(k, [3, 4]));
    expect(y.shape).toEqual([2, 2, 3, 4]);
    expect(values(y)).toEqual(values(viaMatmul));
  });
});

describe('maxPool2d', () => {
  it('takes the maximum of each 2x2 window, ties included', async () => {
    const x = tensor([1, 3, 3, 2, 3, 0, 1, 3], [1, 2, 4, 1]);
    const y = await ops.maxPool2d(x, { poolSize: 2 });
    expect(y.shape).toEqual([1, 1, 2, 1]);
    expect(values(y)).toEqual([3, 3]);
  });

  it("'same' padding is ignored, not read as 0: all-negative windows stay negative", async () => {
    const x = tensor([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]);
    const y = await ops.maxPool2d(x, { poolSize: [2, 2], strides: [2, 2], padding: 'same' });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(values(y)).toEqual([-1, -3, -7, -9]);
  });

  it('pools each channel on its own, with overlapping windows (stride 1)', async () => {
    // channel 0 = 1 5 2 / 0 1 0, channel 1 = 10 - channel 0 = 9 5 8 / 10 9 10
    const c0 = [1, 5, 2, 0, 1, 0];
    const x = tensor(c0.flatMap((v) => [v, 10 - v]), [1, 2, 3, 2]);
    const y = await ops.maxPool2d(x, { poolSize: 2, strides: 1 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(values(y)).toEqual([5, 10, 5, 10]);
  });
});

describe('maxPool2dBackprop by hand', () => {
  it('sends each window\'s gradient to its first maximum on ties', async () => {
    const x = tensor([1, 3, 3, 2, 3, 0, 1, 3], [1, 2, 4, 1]);
    const dx = await ops.maxPool2dBackprop(tensor([5, 7], [1, 1, 2, 1]), x, { poolSize: 2 });
    expect(dx.shape).toEqual([1, 2, 4, 1]);
    expect(values(dx)).toEqual([0, 5, 7, 0, 0, 0, 0, 0]);
  });

  it('adds up where overlapping windows share a maximum', async () => {
    const x = tensor([1, 5, 2, 0, 1, 0], [1, 2, 3, 1]);
    const dx = await ops.maxPool2dBackprop(tensor([1, 2], [1, 1, 2, 1]), x, { poolSize: 2, strides: 1 });
    expect(values(dx)).toEqual([0, 3, 0, 0, 0, 0]);
  });
});
