import { beforeAll, describe, expect, it } from 'vitest';
import { conv2d as convOp, relu } from '../../../src/lib/engine/ops';
import { loadMnistImages } from '../../../src/lib/datasets/mnistNode';
import { dense } from '../../../src/lib/models/layers/dense';
import { sequential } from '../../../src/lib/models/sequential';
import { channelsNetwork, contributions, denseParams, kernelSlice } from '../../../src/lib/sim/convolution/channels';
import { DEFAULT_DIGIT, digitPlane } from '../../../src/lib/sim/convolution/digits';
import { KERNEL_PRESETS } from '../../../src/lib/sim/convolution/kernels';
import type { Plane } from '../../../src/lib/sim/convolution/slide';
import { ensureMnist } from '../../datasets/ensureMnist';

let digit: Plane;
beforeAll(async () => {
  digit = digitPlane(await loadMnistImages(ensureMnist()), DEFAULT_DIGIT);
});

describe('two convolution layers', () => {
  it('make one ReLU map per hand-set filter, each the engine’s convolution of the digit with that preset', async () => {
    const net = await channelsNetwork(digit, ['vertical', 'blur', 'sobel-y'], 2, 42);
    expect(net.firstMaps).toHaveLength(3);
    for (const [i, name] of net.filters.entries()) {
      const alone = await relu(await convOp({ data: digit.values, shape: [1, 28, 28, 1] }, { data: Float32Array.from(KERNEL_PRESETS[name].values), shape: [3, 3, 1, 1] }));
      expect(net.firstMaps[i].rows).toBe(26);
      expect(Array.from(net.firstMaps[i].values)).toEqual(Array.from(alone.data));
    }
    expect(net.secondKernel.shape).toEqual([3, 3, 3, 2]);
    expect(net.secondMaps.map((m) => [m.rows, m.cols])).toEqual([
      [24, 24],
      [24, 24]
    ]);
  });

  it('build a second map out of every first map: the pieces add up to it', async () => {
    const net = await channelsNetwork(digit, ['vertical', 'horizontal', 'blur', 'sharpen'], 3, 7);
    for (let o = 0; o < 3; o++) {
      const pieces = await contributions(net, o);
      expect(pieces).toHaveLength(4);
      const total = net.secondMaps[o].values;
      for (let p = 0; p < total.length; p += 37) {
        expect(pieces.reduce((s, piece) => s + piece.values[p], 0)).toBeCloseTo(total[p], 4);
      }
    }
    expect(kernelSlice(net.secondKernel, 1, 2)).toHaveLength(9);
  });

  it('count weights as Keras does, against a dense layer from the same inputs to as many outputs', async () => {
    const net = await channelsNetwork(digit, ['vertical', 'horizontal', 'blur'], 2, 1);
    const [first, second] = net.counts;
    expect(first).toEqual({ inShape: [28, 28, 1], outShape: [26, 26, 3], convParams: 3 * 3 * 1 * 3 + 3, denseParams: 784 * 2028 + 2028 });
    expect(second).toEqual({ inShape: [26, 26, 3], outShape: [24, 24, 2], convParams: 3 * 3 * 3 * 2 + 2, denseParams: 2028 * 1152 + 1152 });
    expect(net.summary).toContain('Total params: 86 ');
    // the dense count is what a built Dense layer holds
    expect(sequential([dense(30, 'linear', { inputShape: [50] })]).countParams()).toBe(denseParams(50, 30));
  });

  it('seed the second layer: the same seed gives the same maps', async () => {
    const a = await channelsNetwork(digit, ['vertical'], 1, 5);
    const b = await channelsNetwork(digit, ['vertical'], 1, 5);
    const c = await channelsNetwork(digit, ['vertical'], 1, 6);
    expect(Array.from(a.secondKernel.data)).toEqual(Array.from(b.secondKernel.data));
    expect(Array.from(a.secondKernel.data)).not.toEqual(Array.from(c.secondKernel.data));
  });
});
