/**
 * What a trained network makes of one digit, layer by layer, as pictures can take it:
 * each convolution's and pooling's maps (one per channel, largest activation first), the
 * units of a hidden Dense layer as a strip, the ten probabilities at the end; and the
 * kernel behind any convolution map, one slice per input channel. Plain data from the
 * model's own layer outputs (Sequential.layerOutputs) and weights (getWeights' order).
 */
import type { Tensor } from '$lib/engine/tensor';
import { kindNames, type LabLayer, type LayerKind } from './mnistLabLayers';

export interface FeatureMap {
  /** the channel (filter) it comes from */
  channel: number;
  rows: number;
  cols: number;
  /** row-major */
  values: Float32Array;
  /** its largest value: what the maps are ordered by */
  max: number;
}

export interface LayerView {
  /** 0-based, in the learner's list; the output layer comes last */
  layer: number;
  kind: LayerKind | 'output';
  /** "Layer 1, Conv2D: 8 maps of 28 × 28" */
  title: string;
  /** feature maps, largest activation first (convolution and pooling layers) */
  maps: FeatureMap[];
  /** a Dense layer's units, or the output's probabilities */
  units: Float32Array | null;
}

/** Channel `c` of an [h, w, channels] activation (batch of one). */
export function channelOf(out: Tensor, c: number): Float32Array {
  const [, h, w, channels] = out.shape;
  const values = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) values[p] = out.data[p * channels + c];
  return values;
}

function maxOf(values: Float32Array): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * The views worth drawing of every layer's output for one digit: Flatten and Dropout
 * are left out, since at prediction time they pass their input's values on unchanged.
 * `outputs` holds one tensor per layer, the output layer's last.
 */
export function layerViews(layers: readonly LabLayer[], outputs: readonly Tensor[]): LayerView[] {
  if (outputs.length !== layers.length + 1) throw new Error(`layerViews: ${outputs.length} outputs for ${layers.length} layers and the output`);
  const views: LayerView[] = [];
  layers.forEach((layer, i) => {
    const out = outputs[i];
    const name = `Layer ${i + 1}, ${kindNames[layer.type]}`;
    if (layer.type === 'conv2d' || layer.type === 'maxPooling2d') {
      const [, h, w, channels] = out.shape;
      const maps = Array.from({ length: channels }, (_, channel) => {
        const values = channelOf(out, channel);
        return { channel, rows: h, cols: w, values, max: maxOf(values) };
      });
      maps.sort((a, b) => b.max - a.max || a.channel - b.channel);
      views.push({ layer: i, kind: layer.type, title: `${name}: ${channels} ${channels === 1 ? 'map' : 'maps'} of ${h} × ${w}`, maps, units: null });
    } else if (layer.type === 'dense') {
      views.push({ layer: i, kind: 'dense', title: `${name}: ${layer.units} units`, maps: [], units: Float32Array.from(out.data) });
    }
  });
  const last = outputs[outputs.length - 1];
  views.push({ layer: layers.length, kind: 'output', title: 'The output layer, Dense(10, softmax): the probabilities', maps: [], units: Float32Array.from(last.data) });
  return views;
}

/** One convolution filter as weights: a kh × kw slice per input channel, and its bias. */
export interface Kernel {
  size: number;
  /** one row-major kh × kw slice per input channel */
  slices: Float32Array[];
  bias: number;
}

/** Where layer `index`'s kernel lies among getWeights' arrays (kernel, then bias, for Conv2D and Dense). */
function weightIndex(layers: readonly LabLayer[], index: number): number {
  return layers.slice(0, index).reduce((n, l) => n + (l.type === 'conv2d' || l.type === 'dense' ? 2 : 0), 0);
}

/** The kernel of filter `filter` of the Conv2D at `index`, from the model's weights; null for any other layer. */
export function kernelOf(layers: readonly LabLayer[], weights: readonly Tensor[], index: number, filter: number): Kernel | null {
  const layer = layers[index];
  if (layer?.type !== 'conv2d') return null;
  const at = weightIndex(layers, index);
  const kernel = weights[at];
  const bias = weights[at + 1];
  if (!kernel || !bias) return null;
  const [kh, kw, channels, filters] = kernel.shape;
  const slices = Array.from({ length: channels }, (_, c) => {
    const slice = new Float32Array(kh * kw);
    for (let p = 0; p < kh * kw; p++) slice[p] = kernel.data[(p * channels + c) * filters + filter];
    return slice;
  });
  return { size: kh, slices, bias: bias.data[filter] };
}

/** Every filter of the first layer, when it is a convolution: what a picture of the learned filters draws. */
export function firstLayerFilters(layers: readonly LabLayer[], weights: readonly Tensor[]): Kernel[] {
  const first = layers[0];
  if (first?.type !== 'conv2d' || !weights.length) return [];
  return Array.from({ length: first.filters }, (_, f) => kernelOf(layers, weights, 0, f)).filter((k): k is Kernel => k !== null);
}
