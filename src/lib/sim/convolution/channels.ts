/**
 * Two convolution layers on one digit, built with the models' own Conv2D layers: the
 * first with hand-set filters (the chapter's presets, ReLU after them) makes one map
 * per filter; the second reads every one of those maps with a kernel of shape
 * [3, 3, in, out] (seeded, as Keras would start it) and makes maps of its own. Beside
 * each layer: how many weights it has, and how many a dense layer would need to turn
 * the same inputs into as many outputs.
 */
import { conv2d as conv2dOp } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { conv2d } from '$lib/models/layers/conv2d';
import { sequential } from '$lib/models/sequential';
import { KERNEL_PRESETS, KERNEL_SIZE, type KernelName } from './kernels';
import type { Plane } from './slide';

export interface LayerCount {
  /** [rows, cols, channels] in and out of the layer */
  readonly inShape: readonly [number, number, number];
  readonly outShape: readonly [number, number, number];
  /** the convolution's weights and biases, as the model counts them */
  readonly convParams: number;
  /** a dense layer from every input value to every output value, with a bias each */
  readonly denseParams: number;
}

export interface ChannelsNetwork {
  readonly filters: readonly KernelName[];
  /** the first layer's maps, one per filter, after ReLU */
  readonly firstMaps: readonly Plane[];
  /** the second layer's kernel, shape [3, 3, in, out], laid out as Keras stores it */
  readonly secondKernel: Tensor;
  /** the second layer's maps, one per filter */
  readonly secondMaps: readonly Plane[];
  readonly counts: readonly [LayerCount, LayerCount];
  /** model.summary() of the two layers */
  readonly summary: string;
}

/** Weights and biases of a dense layer from `inputs` values to `units` outputs. */
export function denseParams(inputs: number, units: number): number {
  return inputs * units + units;
}

/** The [3, 3, 1, filters] kernel of the first layer: preset f in output channel f. */
export function firstKernel(filters: readonly KernelName[]): Tensor {
  const n = filters.length;
  const data = new Float32Array(KERNEL_SIZE * KERNEL_SIZE * n);
  filters.forEach((name, f) => KERNEL_PRESETS[name].values.forEach((v, k) => (data[k * n + f] = v)));
  return { data, shape: [KERNEL_SIZE, KERNEL_SIZE, 1, n] };
}

/** Channel c of an NHWC image of one sample, as a plane. */
export function channel(t: Tensor, c: number): Plane {
  const [, rows, cols, channels] = t.shape;
  const values = new Float32Array(rows * cols);
  for (let p = 0; p < rows * cols; p++) values[p] = t.data[p * channels + c];
  return { rows, cols, values };
}

/** The 3×3 slice kernel[:, :, i, o] of a [3, 3, in, out] kernel, row-major. */
export function kernelSlice(kernel: Tensor, i: number, o: number): number[] {
  const [kh, kw, inC, outC] = kernel.shape;
  const out: number[] = [];
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out.push(kernel.data[((y * kw + x) * inC + i) * outC + o]);
  return out;
}

const shape3 = (s: readonly number[]): [number, number, number] => [s[0], s[1], s[2]];

/** Builds the two layers (second layer's weights seeded), runs the digit through them and counts. */
export async function channelsNetwork(input: Plane, filters: readonly KernelName[], secondFilters: number, seed: number): Promise<ChannelsNetwork> {
  if (filters.length < 1) throw new Error('channelsNetwork: the first layer needs at least one filter');
  const inputShape = [input.rows, input.cols, 1] as const;
  const model = sequential(
    [conv2d(filters.length, KERNEL_SIZE, { activation: 'relu', inputShape }), conv2d(secondFilters, KERNEL_SIZE)],
    { seed, name: 'two_convolutions' }
  );
  const [, firstBias, secondKernel, secondBias] = model.getWeights();
  model.setWeights([firstKernel(filters), firstBias, secondKernel, secondBias]);

  let x: Tensor = { data: input.values, shape: [1, ...inputShape] };
  const outputs: Tensor[] = [];
  for (const layer of model.layers) {
    x = (await layer.forward(x)).output;
    outputs.push(x);
  }
  const count = (l: number, inShape: readonly number[]): LayerCount => {
    const layer = model.layers[l];
    const outShape = shape3(layer.outputShape);
    const size = (s: readonly number[]) => s[0] * s[1] * s[2];
    return {
      inShape: shape3(inShape),
      outShape,
      convParams: layer.weights.reduce((s, w) => s + w.value.data.length, 0),
      denseParams: denseParams(size(inShape), size(outShape))
    };
  };
  return {
    filters: [...filters],
    firstMaps: filters.map((_, c) => channel(outputs[0], c)),
    secondKernel: model.layers[1].weights[0].value,
    secondMaps: Array.from({ length: secondFilters }, (_, c) => channel(outputs[1], c)),
    counts: [count(0, inputShape), count(1, model.layers[0].outputShape)],
    summary: model.summary()
  };
}

/**
 * What each first-layer map adds to second-layer map `o`: map i convolved with the
 * kernel's slice [:, :, i, o]. Their sum (plus the bias, zero here) is map `o`: one
 * output map reads every input map.
 */
export async function contributions(network: ChannelsNetwork, o: number): Promise<Plane[]> {
  return Promise.all(
    network.firstMaps.map(async (map, i) => {
      const kernel: Tensor = { data: Float32Array.from(kernelSlice(network.secondKernel, i, o)), shape: [KERNEL_SIZE, KERNEL_SIZE, 1, 1] };
      const out = await conv2dOp({ data: map.values, shape: [1, map.rows, map.cols, 1] }, kernel);
      return channel(out, 0);
    })
  );
}
