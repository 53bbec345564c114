/**
 * What a playground view is, as plain data, and its link: a typed table of properties
 * (after tensorflow/playground's state.ts and urlState.ts here) read from and written to
 * the query string, so a teacher can share the exact view. The seed and backend live in
 * urlState's table; these keys sit beside them. Reading never throws: an unreadable
 * value is dropped, its default used, and a sentence for the learner says so.
 */
import type { UrlProperty } from '../urlState';

export const PLAYGROUND_DATASETS = ['circles', 'xor', 'moons', 'blobs', 'spirals', 'penguins'] as const;
export type PlaygroundDataset = (typeof PLAYGROUND_DATASETS)[number];

/** The input features TensorFlow Playground offers; the sines take π·x so one period spans the data's box. */
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sin1', 'sin2'] as const;
export type Feature = (typeof FEATURES)[number];

export const HIDDEN_ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'linear'] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** TensorFlow Playground's choices. */
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
export const L2_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;

export const MAX_HIDDEN_LAYERS = 6;
export const MAX_UNITS = 8;
export const MAX_BATCH = 64;

export interface HiddenLayer {
  readonly units: number;
  readonly activation: HiddenActivation;
}

export interface PlaygroundConfig {
  readonly dataset: PlaygroundDataset;
  /** 0..0.5, the generators' jitter (penguins ignore it) */
  readonly noise: number;
  /** share of the points trained on, 0.1..0.9; the rest is the test set */
  readonly trainRatio: number;
  /** at least one */
  readonly features: readonly Feature[];
  /** 0..6 hidden layers of 1..8 units; the output is one sigmoid unit */
  readonly hidden: readonly HiddenLayer[];
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l2: number;
}

export const DEFAULT_CONFIG: PlaygroundConfig = {
  dataset: 'circles',
  noise: 0,
  trainRatio: 0.5,
  features: ['x1', 'x2'],
  hidden: [
    { units: 4, activation: 'tanh' },
    { units: 2, activation: 'tanh' }
  ],
  learningRate: 0.03,
  batchSize: 10,
  l2: 0
};

const ACTIVATION_LETTERS: Record<HiddenActivation, string> = { tanh: 't', relu: 'r', sigmoid: 's', linear: 'l' };

/** '4t,2r' reads as two hidden layers: 4 tanh units, then 2 ReLU units; '' has none. */
export function formatHidden(hidden: readonly HiddenLayer[]): string {
  return hidden.map((l) => `${l.units}${ACTIVATION_LETTERS[l.activation]}`).join(',');
}

export function parseHidden(raw: string): HiddenLayer[] | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '' || text === '0') return [];
  const parts = text.split(',');
  if (parts.length > MAX_HIDDEN_LAYERS) return undefined;
  const layers: HiddenLayer[] = [];
  for (const part of parts) {
    const m = /^([1-8])([trsl])$/.exec(part.trim());
    if (!m) return undefined;
    const activation = HIDDEN_ACTIVATIONS.find((a) => ACTIVATION_LETTERS[a] === m[2]) as HiddenActivation;
    layers.push({ units: Number(m[1]), activation });
  }
  return layers;
}

function numberIn(list: readonly number[]): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\s*(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(raw)) return undefined;
    const v = Number(raw);
    return list.find((x) => Math.abs(x - v) <= x * 1e-9);
  };
}

function stepped(min: number, max: number, step: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\s*(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return undefined;
    const v = Number(raw);
    const k = Math.round((v - min) / step);
    return v >= min - 1e-9 && v <= max + 1e-9 && Math.abs(min + k * step - v) < 1e-9 ? Number((min + k * step).toFixed(6)) : undefined;
  };
}

const fmt = (v: number) => String(v);

export const playgroundProperties = {
  data: {
    default: DEFAULT_CONFIG.dataset,
    describe: `the points to classify: ${PLAYGROUND_DATASETS.join(', ')}`,
    travels: false,
    parse: (raw: string) => PLAYGROUND_DATASETS.find((d) => d === raw.trim().toLowerCase()),
    format: (v: PlaygroundDataset) => v
  } satisfies UrlProperty<PlaygroundDataset>,
  noise: {
    default: DEFAULT_CONFIG.noise,
    describe: 'how far points are jittered, 0 to 0.5 in steps of 0.05',
    travels: false,
    parse: stepped(0, 0.5, 0.05),
    format: fmt
  } satisfies UrlProperty<number>,
  train: {
    default: DEFAULT_CONFIG.trainRatio,
    describe: 'the share of points trained on, 0.1 to 0.9 in steps of 0.1; the rest are the test set',
    travels: false,
    parse: stepped(0.1, 0.9, 0.1),
    format: fmt
  } satisfies UrlProperty<number>,
  inputs: {
    default: DEFAULT_CONFIG.features,
    describe: `the input features, comma-separated, at least one of ${FEATURES.join(', ')}`,
    travels: false,
    parse(raw: string) {
      const names = raw.split(',').map((s) => s.trim().toLowerCase());
      if (names.some((n) => !FEATURES.includes(n as Feature)) || new Set(names).size !== names.length) return undefined;
      // always in the table's order, so one view has one link
      return FEATURES.filter((f) => names.includes(f));
    },
    format: (v: readonly Feature[]) => v.join(',')
  } satisfies UrlProperty<readonly Feature[]>,
  layers: {
    default: DEFAULT_CONFIG.hidden,
    describe: `hidden layers as units and activation letter (t tanh, r ReLU, s sigmoid, l linear), e.g. 4t,2r; 0 for none; at most ${MAX_HIDDEN_LAYERS} layers of 1 to ${MAX_UNITS}`,
    travels: false,
    parse: parseHidden,
    format: (v: readonly HiddenLayer[]) => (v.length === 0 ? '0' : formatHidden(v))
  } satisfies UrlProperty<readonly HiddenLayer[]>,
  lr: {
    default: DEFAULT_CONFIG.learningRate,
    describe: `the learning rate, one of ${LEARNING_RATES.join(', ')}`,
    travels: false,
    parse: numberIn(LEARNING_RATES),
    format: fmt
  } satisfies UrlProperty<number>,
  batch: {
    default: DEFAULT_CONFIG.batchSize,
    describe: `samples per gradient step, 1 to ${MAX_BATCH}`,
    travels: false,
    parse: stepped(1, MAX_BATCH, 1),
    format: fmt
  } satisfies UrlProperty<number>,
  l2: {
    default: DEFAULT_CONFIG.l2,
    describe: `the L2 regularisation rate, one of ${L2_RATES.join(', ')}`,
    travels: false,
    parse: (raw: string) => (raw.trim() === '0' ? 0 : numberIn(L2_RATES.filter((r) => r > 0))(raw)),
    format: fmt
  } satisfies UrlProperty<number>
};

export type PlaygroundKey = keyof typeof playgroundProperties;
const keys = Object.keys(playgroundProperties) as PlaygroundKey[];

type Values = { [K in PlaygroundKey]: (typeof playgroundProperties)[K]['default'] };

function toConfig(v: Values): PlaygroundConfig {
  return { dataset: v.data, noise: v.noise, trainRatio: v.train, features: v.inputs, hidden: v.layers, learningRate: v.lr, batchSize: v.batch, l2: v.l2 };
}

function toValues(c: PlaygroundConfig): Values {
  return { data: c.dataset, noise: c.noise, train: c.trainRatio, inputs: c.features, layers: c.hidden, lr: c.learningRate, batch: c.batchSize, l2: c.l2 };
}

export interface PlaygroundLink {
  readonly config: PlaygroundConfig;
  /** one sentence per value the link gave that could not be read */
  readonly problems: readonly string[];
}

/** The view a query string describes; never throws, other parameters are ignored. */
export function parsePlaygroundLink(search: URLSearchParams | string): PlaygroundLink {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values: Record<string, unknown> = toValues(DEFAULT_CONFIG);
  const problems: string[] = [];
  for (const key of keys) {
    const raw = params.get(key);
    if (raw === null) continue;
    const property = playgroundProperties[key] as UrlProperty<unknown>;
    const value = property.parse(raw);
    if (value === undefined) {
      problems.push(`The link's '${key}=${raw.slice(0, 40)}' could not be read (${property.describe}); using ${property.format(property.default)}.`);
    } else values[key] = value;
  }
  return { config: toConfig(values as Values), problems };
}

/**
 * The query string for a view, over an existing one: values equal to their defaults are
 * left out, so links stay short; parameters outside the table (seed, backend) are kept.
 */
export function playgroundSearch(config: PlaygroundConfig, base: URLSearchParams | string = ''): string {
  const params = new URLSearchParams(base);
  const values = toValues(config);
  for (const key of keys) {
    const property = playgroundProperties[key] as UrlProperty<unknown>;
    const text = property.format(values[key]);
    if (text === property.format(property.default)) params.delete(key);
    else params.set(key, text);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
