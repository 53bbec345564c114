/**
 * The MNIST lab in the page's address: a table of urlState's kind (layers, optimiser,
 * rate, momentum, loss, epochs, batch, digits), read and written by urlState's one
 * reader and writer, so a teacher's link opens the same lab. Each field's default is
 * null, "the step's own", since chapter 4's lab and chapter 5's start from different
 * models; a link names only what differs from its step.
 *
 * Layers read as one word each, joined by "_" (characters an address keeps as they are):
 * conv-8-5-1-same-relu (filters, kernel size, stride, padding, activation),
 * pool-2-2-valid (pool size, stride, padding), flatten, dropout-0.25, dense-128-relu.
 */
import type { OptimizerName } from '$lib/models/optimizers';
import { labLimits, layerLimits, type HiddenActivation, type LabDataset, type LabLayer, type LabLoss } from '../mnistLabLayers';
import type { MnistLabConfig } from '../mnistLabSpec';
import type { UrlField } from '../urlState';

export function formatLayer(layer: LabLayer): string {
  switch (layer.type) {
    case 'conv2d':
      return `conv-${layer.filters}-${layer.kernelSize}-${layer.strides}-${layer.padding}-${layer.activation}`;
    case 'maxPooling2d':
      return `pool-${layer.poolSize}-${layer.strides}-${layer.padding}`;
    case 'flatten':
      return 'flatten';
    case 'dropout':
      return `dropout-${layer.rate}`;
    case 'dense':
      return `dense-${layer.units}-${layer.activation}`;
  }
}

const whole = (text: string | undefined) => (text !== undefined && /^\d{1,7}$/.test(text) ? Number(text) : undefined);
const activation = (text: string | undefined) => layerLimits.activations.find((a) => a === text);
const padding = (text: string | undefined) => layerLimits.paddings.find((p) => p === text);

/** One layer from its word, or undefined; ranges are the lab's to check, so it can say which layer is wrong. */
export function parseLayer(word: string): LabLayer | undefined {
  const [kind, ...f] = word.trim().toLowerCase().split('-');
  const n = (i: number) => whole(f[i]);
  switch (kind) {
    case 'conv': {
      const [filters, kernelSize, strides, pad, act] = [n(0), n(1), n(2), padding(f[3]), activation(f[4])];
      if (f.length !== 5 || filters === undefined || kernelSize === undefined || strides === undefined || !pad || !act) return undefined;
      return { type: 'conv2d', filters, kernelSize, strides, padding: pad, activation: act };
    }
    case 'pool': {
      const [poolSize, strides, pad] = [n(0), n(1), padding(f[2])];
      if (f.length !== 3 || poolSize === undefined || strides === undefined || !pad) return undefined;
      return { type: 'maxPooling2d', poolSize, strides, padding: pad };
    }
    case 'flatten':
      return f.length === 0 ? { type: 'flatten' } : undefined;
    case 'dropout': {
      const rate = f.length === 1 && /^(0|0?\.\d+)$/.test(f[0]) ? Number(f[0]) : undefined;
      return rate === undefined ? undefined : { type: 'dropout', rate };
    }
    case 'dense': {
      const [units, act] = [n(0), activation(f[1])];
      return f.length === 2 && units !== undefined && act ? { type: 'dense', units, activation: act as HiddenActivation } : undefined;
    }
  }
  return undefined;
}

export function formatLayers(layers: readonly LabLayer[]): string {
  return layers.map(formatLayer).join('_');
}

export function parseLayers(text: string): LabLayer[] | undefined {
  const words = text.trim() === '' ? [] : text.split('_');
  if (words.length > layerLimits.maxLayers) return undefined;
  const layers = words.map(parseLayer);
  return layers.every((l) => l !== undefined) ? (layers as LabLayer[]) : undefined;
}

/** A field whose default is null: "the step's own", never written. */
function row<T>(key: string, describe: string, parse: (raw: string) => T | undefined, format: (value: T) => string = String): UrlField<T | null> {
  return {
    default: null,
    describe,
    parse,
    format: (v) => (v === null ? '' : format(v)),
    problem: (raw) => `The link's '${key}=${raw.slice(0, 40)}' could not be read (${describe}); the step's own is used.`
  };
}

function choice<const V extends string | number>(values: readonly V[]) {
  return (raw: string) => values.find((v) => String(v) === raw.trim().toLowerCase());
}

/** A positive number, written plainly (no exponent, which an address would encode). */
const positive = (max: number) => (raw: string) => {
  if (!/^\s*(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return undefined;
  const v = Number(raw);
  return v > 0 && v <= max ? v : undefined;
};

const lossWords: Record<string, LabLoss> = { sparse: 'sparseCategoricalCrossentropy', onehot: 'categoricalCrossentropy' };
const allTrainingSizes = [...new Set(Object.values(labLimits.trainingSizes).flat())].sort((a, b) => a - b);

/** The lab's table. */
export const labLink = {
  layers: row<LabLayer[]>(
    'layers',
    'the MNIST lab\'s layers before its Dense(10, softmax), joined by _: conv-FILTERS-KERNEL-STRIDE-PADDING-ACTIVATION, pool-SIZE-STRIDE-PADDING, flatten, dropout-RATE, dense-UNITS-ACTIVATION',
    parseLayers,
    formatLayers
  ),
  opt: row<OptimizerName>('opt', `the MNIST lab's optimizer: ${labLimits.optimizers.join(', ')}`, choice(labLimits.optimizers)),
  lr: row<number>('lr', "the MNIST lab's learning rate, above 0, at most 10", positive(10)),
  momentum: row<number>('momentum', "the MNIST lab's SGD momentum, 0 to below 1", (raw) => {
    const v = raw.trim() === '0' ? 0 : positive(0.999)(raw);
    return v !== undefined && v < 1 ? v : undefined;
  }),
  loss: row<LabLoss>(
    'loss',
    "the MNIST lab's loss: sparse (labels 0-9) or onehot (one-hot targets)",
    (raw) => lossWords[raw.trim().toLowerCase()],
    (v) => Object.keys(lossWords).find((k) => lossWords[k] === v) ?? ''
  ),
  epochs: row<number>('epochs', `the MNIST lab's epochs, 1 to ${labLimits.maxEpochs}`, (raw) => {
    const v = whole(raw.trim());
    return v !== undefined && v >= 1 && v <= labLimits.maxEpochs ? v : undefined;
  }),
  batch: row<number>('batch', `the MNIST lab's batch size: ${labLimits.batchSizes.join(', ')}`, (raw) => labLimits.batchSizes.find((b) => String(b) === raw.trim())),
  digits: row<LabDataset>('digits', "the MNIST lab's digits: standard (60,000 + 10,000, as published) or small (8,000 + 2,000)", choice(['standard', 'small'] as const)),
  train: row<number>('train', `how many training digits the MNIST lab uses: ${allTrainingSizes.join(', ')}`, (raw) => allTrainingSizes.find((n) => String(n) === raw.trim()))
};

export type LabLinkKey = keyof typeof labLink;
export type LabLinkValues = { -readonly [K in LabLinkKey]: (typeof labLink)[K]['default'] };

const fields: Record<LabLinkKey, keyof MnistLabConfig> = {
  layers: 'layers',
  opt: 'optimizer',
  lr: 'learningRate',
  momentum: 'momentum',
  loss: 'loss',
  epochs: 'epochs',
  batch: 'batchSize',
  digits: 'dataset',
  train: 'trainingSize'
};

/** The config a link describes: the step's defaults, with what the link gave over them. */
export function configFromLink(defaults: MnistLabConfig, values: Partial<Record<LabLinkKey, unknown>>): MnistLabConfig {
  const config = structuredClone(defaults) as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields) as LabLinkKey[]) {
    const value = values[key];
    if (value !== null && value !== undefined) config[fields[key]] = structuredClone(value);
  }
  return config as unknown as MnistLabConfig;
}

/** The rows that describe `config` over the step's defaults: null where it equals them, so the link stays short. */
export function linkFromConfig(defaults: MnistLabConfig, config: MnistLabConfig): LabLinkValues {
  const out = {} as Record<LabLinkKey, unknown>;
  for (const key of Object.keys(fields) as LabLinkKey[]) {
    const field = fields[key];
    out[key] = JSON.stringify(config[field]) === JSON.stringify(defaults[field]) ? null : config[field];
  }
  return out as LabLinkValues;
}
