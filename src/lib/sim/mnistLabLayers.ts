/**
 * The layers a learner stacks in the MNIST lab (and the ranges of its other choices), between the 28 × 28 × 1 input and the
 * fixed Dense(10, softmax) output, as plain data; the shape each one gives; and the edits
 * (add, remove, move, change) that keep the stack one Keras would build. An edit that
 * would leave a layer without a valid input shape, or the model over the lab's size
 * limit, is refused with a sentence naming the layer and the shapes, and the stack stays
 * as it was: the learner never holds a model that cannot be built.
 */
import type { Padding } from '$lib/engine/backend';
import { windowOutputSize } from '$lib/engine/windowGeometry';
import type { OptimizerName } from '$lib/models/optimizers';
import { withThousands } from '$lib/models/summary';

export type HiddenActivation = 'relu' | 'sigmoid' | 'tanh' | 'linear';

export type LabLayer =
  | { type: 'conv2d'; filters: number; kernelSize: number; strides: number; padding: Padding; activation: HiddenActivation }
  | { type: 'maxPooling2d'; poolSize: number; strides: number; padding: Padding }
  | { type: 'flatten' }
  | { type: 'dropout'; rate: number }
  | { type: 'dense'; units: number; activation: HiddenActivation };

export type LayerKind = LabLayer['type'];
/** Any option of any layer, for an edit that changes some of them. */
export type LayerPatch = Partial<Omit<Extract<LabLayer, { type: 'conv2d' }>, 'type'>> &
  Partial<Omit<Extract<LabLayer, { type: 'maxPooling2d' }>, 'type'>> &
  Partial<Omit<Extract<LabLayer, { type: 'dropout' }>, 'type'>> &
  Partial<Omit<Extract<LabLayer, { type: 'dense' }>, 'type'>>;

export const CLASSES = 10;
export const DIGIT_SHAPE = [28, 28, 1] as const;
export const DIGIT_SIZE = 784;

/** Keras's class names, as summary() and the code print them. */
export const kindNames: Readonly<Record<LayerKind, string>> = {
  conv2d: 'Conv2D',
  maxPooling2d: 'MaxPooling2D',
  flatten: 'Flatten',
  dropout: 'Dropout',
  dense: 'Dense'
};

export const layerLimits = {
  maxLayers: 12,
  /** a model past this many weights and biases is refused: it would take hours an epoch in a browser */
  maxParams: 3_000_000,
  units: [1, 1024],
  filters: [1, 128],
  kernelSizes: [1, 2, 3, 4, 5, 6, 7],
  strides: [1, 2, 3],
  poolSizes: [2, 3, 4],
  /** dropout rate: at least 0, at most 0.9 */
  maxRate: 0.9,
  activations: ['relu', 'sigmoid', 'tanh', 'linear'] as readonly HiddenActivation[],
  paddings: ['valid', 'same'] as readonly Padding[]
} as const;

export type LabLoss = 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy';
/** 'standard': MNIST as published, 60,000 + 10,000; 'small': 8,000 + 2,000 digits, all from the official training set */
export type LabDataset = 'standard' | 'small';

/** The compile and fit choices the lab offers (kept here, apart from the model code, so a link can check them cheaply). */
export const labLimits = {
  maxEpochs: 30,
  optimizers: ['sgd', 'adam', 'adadelta'] as readonly OptimizerName[],
  batchSizes: [16, 32, 64, 128, 256] as readonly number[],
  trainingSizes: { standard: [1000, 10_000, 30_000, 60_000], small: [1000, 2000, 4000, 8000] } as Readonly<Record<LabDataset, readonly number[]>>,
  testSizes: { standard: 10_000, small: 2000 } as Readonly<Record<LabDataset, number>>
};

/** What a click on "add" suggests for each kind. */
export const newLayers: Readonly<Record<LayerKind, LabLayer>> = {
  conv2d: { type: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  maxPooling2d: { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
  flatten: { type: 'flatten' },
  dropout: { type: 'dropout', rate: 0.25 },
  dense: { type: 'dense', units: 64, activation: 'relu' }
};

/** "28 × 28 × 1", "1,568 numbers" */
export function describeShape(shape: readonly number[]): string {
  return shape.length === 1 ? `${withThousands(shape[0])} numbers` : shape.join(' × ');
}

/** "layer 3, MaxPooling2D" (1-based, as the list shows them) */
export function layerName(layers: readonly LabLayer[], index: number): string {
  return index === layers.length ? 'the output layer, Dense(10, softmax)' : `layer ${index + 1}, ${kindNames[layers[index].type]}`;
}

export interface StackShapes {
  /** the output shape of each layer, then the output layer's [10] */
  shapes: number[][];
  /** weights and biases of each layer, then the output layer's */
  params: number[];
  total: number;
}

/** What is wrong with one layer's options (a range, a whole number), or null. */
export function optionProblem(layer: LabLayer, name: string): string | null {
  const whole = (v: number, [lo, hi]: readonly [number, number], what: string) =>
    Number.isInteger(v) && v >= lo && v <= hi ? null : `${cap(name)}: ${what} must be a whole number from ${lo} to ${hi}.`;
  switch (layer.type) {
    case 'dense':
      return whole(layer.units, layerLimits.units, 'units');
    case 'conv2d':
      return (
        whole(layer.filters, layerLimits.filters, 'filters') ??
        oneOf(layer.kernelSize, layerLimits.kernelSizes, name, 'the kernel size') ??
        oneOf(layer.strides, layerLimits.strides, name, 'the stride')
      );
    case 'maxPooling2d':
      return oneOf(layer.poolSize, layerLimits.poolSizes, name, 'the pool size') ?? oneOf(layer.strides, layerLimits.strides, name, 'the stride');
    case 'dropout':
      return layer.rate >= 0 && layer.rate <= layerLimits.maxRate ? null : `${cap(name)}: the rate must be a number from 0 to ${layerLimits.maxRate}.`;
    case 'flatten':
      return null;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const oneOf = (v: number, values: readonly number[], name: string, what: string) =>
  values.includes(v) ? null : `${cap(name)}: ${what} must be one of ${values.join(', ')}.`;

/**
 * Every layer's output shape and weight count, or the first layer whose input it cannot
 * take (said with both shapes); range problems of the options are optionProblem's.
 */
export function stackShapes(layers: readonly LabLayer[]): StackShapes | { refusal: string } {
  let shape: number[] = [...DIGIT_SHAPE];
  const shapes: number[][] = [];
  const params: number[] = [];
  const flatNeeded = (name: string) =>
    `${cap(name)} takes a flat list of numbers, but its input is ${describeShape(shape)}: put a Flatten before it.`;
  for (const [i, layer] of layers.entries()) {
    const name = layerName(layers, i);
    switch (layer.type) {
      case 'dense':
        if (shape.length !== 1) return { refusal: flatNeeded(name) };
        params.push(shape[0] * layer.units + layer.units);
        shape = [layer.units];
        break;
      case 'flatten':
        params.push(0);
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dropout':
        params.push(0);
        break;
      case 'conv2d':
      case 'maxPooling2d': {
        const conv = layer.type === 'conv2d';
        const k = conv ? layer.kernelSize : layer.poolSize;
        if (shape.length !== 3) {
          return { refusal: `${cap(name)} takes images (height × width × channels), but its input is ${describeShape(shape)}: put it before the Flatten.` };
        }
        const [h, w, c] = shape;
        const outH = windowOutputSize(h, k, layer.strides, layer.padding);
        const outW = windowOutputSize(w, k, layer.strides, layer.padding);
        if (outH < 1 || outW < 1) {
          const what = conv ? `a ${k} × ${k} kernel` : `a ${k} × ${k} pool`;
          return { refusal: `${cap(name)}: ${what} does not fit its ${describeShape(shape)} input with 'valid' padding (choose 'same', a smaller window, or fewer layers that shrink the picture before it).` };
        }
        params.push(conv ? k * k * c * layer.filters + layer.filters : 0);
        shape = [outH, outW, conv ? layer.filters : c];
        break;
      }
    }
    shapes.push(shape);
  }
  if (shape.length !== 1) return { refusal: flatNeeded(layerName(layers, layers.length)) };
  params.push(shape[0] * CLASSES + CLASSES);
  shapes.push([CLASSES]);
  return { shapes, params, total: params.reduce((a, b) => a + b, 0) };
}

/** Why a stack cannot be the lab's model (shape, size, count), or null when it can. */
export function stackRefusal(layers: readonly LabLayer[]): string | null {
  if (layers.length > layerLimits.maxLayers) return `At most ${layerLimits.maxLayers} layers here, besides the output layer.`;
  const s = stackShapes(layers);
  if ('refusal' in s) return s.refusal;
  if (s.total > layerLimits.maxParams) {
    return (
      `That model would have ${withThousands(s.total)} weights and biases; the lab trains models up to ` +
      `${withThousands(layerLimits.maxParams)} in a browser. Use fewer filters or units, or shrink the picture (pooling, a stride) before the Flatten.`
    );
  }
  return null;
}

/** The stack after an edit, or why the edit is refused (the stack then stays as it was). */
export type Edit = { layers: LabLayer[] } | { refusal: string };

function checked(layers: LabLayer[]): Edit {
  const refusal = stackRefusal(layers);
  return refusal ? { refusal } : { layers };
}

/**
 * Adds a layer of `kind` as late in the stack as it fits: a Dense at the end, a Conv2D
 * before the Flatten. Refused, with the reason at the end of the stack, when it fits nowhere.
 */
export function addLayer(layers: readonly LabLayer[], kind: LayerKind): Edit {
  const layer = structuredClone(newLayers[kind]);
  const atEnd = checked([...layers, layer]);
  if (!('refusal' in atEnd)) return atEnd;
  for (let at = layers.length - 1; at >= 0; at--) {
    const tried = checked([...layers.slice(0, at), layer, ...layers.slice(at)]);
    if (!('refusal' in tried)) return tried;
  }
  return atEnd;
}

export function removeLayer(layers: readonly LabLayer[], index: number): Edit {
  return checked(layers.filter((_, i) => i !== index));
}

/** Moves layer `index` by `by` places (-1 up, +1 down). */
export function moveLayer(layers: readonly LabLayer[], index: number, by: -1 | 1): Edit {
  const to = index + by;
  if (to < 0 || to >= layers.length) return { layers: [...layers] };
  const next = [...layers];
  [next[index], next[to]] = [next[to], next[index]];
  return checked(next);
}

/** Changes options of layer `index`; options its kind does not have are ignored. */
export function changeLayer(layers: readonly LabLayer[], index: number, patch: LayerPatch): Edit {
  const next = layers.map((l) => ({ ...l }));
  const layer = next[index] as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) if (key in layer && key !== 'type') layer[key] = value;
  // a range problem (0 units while typing) is the form's to show; shapes and size are refused here
  if (optionProblem(next[index], layerName(next, index))) return { layers: next };
  return checked(next);
}
