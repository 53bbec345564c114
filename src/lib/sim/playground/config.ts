/**
 * What a playground view is, as plain data, and its link: the playground's table of
 * fields, which urlState reads from and writes to the query string, so a teacher can
 * share the exact view. The seed and backend live in the site's table; these keys sit
 * beside them.
 */
import { linkSearch, numberIn, oneOf, readLink, stepped, type LinkValues, type UrlField } from '../urlState';

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
  dataset: 'spirals',
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

export const playgroundLink = {
  data: oneOf(`the points to classify: ${PLAYGROUND_DATASETS.join(', ')}`, PLAYGROUND_DATASETS, DEFAULT_CONFIG.dataset),
  noise: stepped('how far points are jittered, 0 to 0.5 in steps of 0.05', DEFAULT_CONFIG.noise, 0, 0.5, 0.05),
  train: stepped('the share of points trained on, 0.1 to 0.9 in steps of 0.1; the rest are the test set', DEFAULT_CONFIG.trainRatio, 0.1, 0.9, 0.1),
  inputs: {
    default: DEFAULT_CONFIG.features,
    describe: `the input features, comma-separated, at least one of ${FEATURES.join(', ')}`,
    parse(raw: string) {
      const names = raw.split(',').map((s) => s.trim().toLowerCase());
      if (names.some((n) => !FEATURES.includes(n as Feature)) || new Set(names).size !== names.length) return undefined;
      // always in the table's order, so one view has one link
      return FEATURES.filter((f) => names.includes(f));
    },
    format: (v: readonly Feature[]) => v.join(',')
  } satisfies UrlField<readonly Feature[]>,
  layers: {
    default: DEFAULT_CONFIG.hidden,
    describe: `hidden layers as units and activation letter (t tanh, r ReLU, s sigmoid, l linear), e.g. 4t,2r; 0 for none; at most ${MAX_HIDDEN_LAYERS} layers of 1 to ${MAX_UNITS}`,
    parse: parseHidden,
    format: (v: readonly HiddenLayer[]) => (v.length === 0 ? '0' : formatHidden(v))
  } satisfies UrlField<readonly HiddenLayer[]>,
  lr: numberIn(`the learning rate, one of ${LEARNING_RATES.join(', ')}`, LEARNING_RATES, DEFAULT_CONFIG.learningRate),
  batch: stepped(`samples per gradient step, 1 to ${MAX_BATCH}`, DEFAULT_CONFIG.batchSize, 1, MAX_BATCH, 1),
  l2: numberIn(`the L2 regularisation rate, one of ${L2_RATES.join(', ')}`, L2_RATES, DEFAULT_CONFIG.l2)
};

type Values = LinkValues<typeof playgroundLink>;

function toConfig(v: Values): PlaygroundConfig {
  return { dataset: v.data, noise: v.noise, trainRatio: v.train, features: v.inputs, hidden: v.layers, learningRate: v.lr, batchSize: v.batch, l2: v.l2 };
}

function toValues(c: PlaygroundConfig): Values {
  return { data: c.dataset, noise: c.noise, train: c.trainRatio, inputs: c.features, layers: c.hidden, lr: c.learningRate, batch: c.batchSize, l2: c.l2 };
}

export interface PlaygroundLink {
  readonly config: PlaygroundConfig;
  /** one sentence per value the link gave that could not be read, or gave twice */
  readonly problems: readonly string[];
}

/** The view a query string describes (urlState's readLink over the playground's fields); never throws. */
export function parsePlaygroundLink(search: URLSearchParams | string): PlaygroundLink {
  const { values, problems } = readLink(playgroundLink, search);
  return { config: toConfig(values), problems };
}

/** The query string for a view over an existing one (urlState's linkSearch): defaults left out, other parameters kept. */
export function playgroundSearch(config: PlaygroundConfig, base: URLSearchParams | string = ''): string {
  return linkSearch(playgroundLink, toValues(config), base);
}
