/**
 * What each step of chapter 4 (but the playground's and the MNIST lab's, which keep
 * their own tables) holds in the page's address: one table of fields per step, read
 * and written by urlState, so a teacher's link opens the same network shape, the same
 * typed activation, the same ledger and the same training.
 *
 * A link that names any of a step's keys describes the whole view (a key left out
 * means its default; the first key is always written, see urlState's openingValues);
 * a link that names none leaves the step to start where its `start` or the previous
 * step puts it. The backprop steps' seed is the lesson's own `seed` (siteLink), which
 * travels from step to step: it alone does not name the view.
 */
import { tryParseActivation } from '$lib/models/customActivation';
import { formatLog, MAX_LOG_SAMPLES, parseLog, type TrainingLog } from '../backpropLog';
import type { BackpropXorStart, UpdateMode } from '../BackpropXorSim.svelte';
import { MAX_HIDDEN_LAYERS, MAX_UNITS } from '../networkAnatomy';
import { integer, oneOf, openingValues, orNone, siteLink, stepped, type LinkValues, type ReadLink, type UrlField } from '../urlState';

/** Step "anatomy": units per hidden layer. */
export const anatomyLink = {
  hidden: {
    default: [2],
    describe: `units per hidden layer, input side first, joined by _ (2_3): up to ${MAX_HIDDEN_LAYERS} layers of 1 to ${MAX_UNITS}; 0 for none`,
    parse(raw: string) {
      const text = raw.trim();
      if (text === '0') return [];
      const parts = text.split('_');
      if (parts.length > MAX_HIDDEN_LAYERS || !parts.every((p) => /^\d$/.test(p) && Number(p) >= 1 && Number(p) <= MAX_UNITS)) return undefined;
      return parts.map(Number);
    },
    format: (units: readonly number[]) => (units.length === 0 ? '0' : units.join('_'))
  } satisfies UrlField<readonly number[]>
};

const DEFAULT_ACTIVATION = 'x';

/** Why the page refuses a typed activation, or null when it takes it: the same check as typing it. */
function refusal(text: string): string | null {
  try {
    const parsed = tryParseActivation(text);
    return parsed.ok ? null : parsed.error.message;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Step "activations": the activation typed, as typed, and the input every plot marks. */
export const activationsLink = {
  f: {
    default: DEFAULT_ACTIVATION,
    describe: 'the activation typed, f(x), as it was typed: max(0, x), sin(x)…',
    parse: (raw: string) => (refusal(raw) === null ? raw : undefined),
    format: String,
    problem: (raw: string) => `The link's activation f(x) = ${raw} is refused: ${refusal(raw)} Using f(x) = ${DEFAULT_ACTIVATION}.`
  } satisfies UrlField<string>,
  x: stepped('the input every plot marks, −6 to 6 in steps of 0.1', 1, -6, 6, 0.1)
};

/** Puts a probe from a step's start onto the slider's steps, so the link can say it. */
export const probeOnLinkGrid = (probe: number): number => Math.round(Math.max(-6, Math.min(6, probe)) * 10) / 10 + 0;

/**
 * What the backprop steps' picture and ledger can pick: a weight w1_ij (from input i to
 * hidden unit j) or w2_j (hidden unit j to the output), a bias b1_j or b2 (picked as its
 * unit), or an input x_i.
 */
export const BACKPROP_PICKS = ['w1_11', 'w1_12', 'w1_21', 'w1_22', 'w2_1', 'w2_2', 'b1_1', 'b1_2', 'b2', 'x1', 'x2'] as const;
export type BackpropPick = (typeof BACKPROP_PICKS)[number];

const sample = integer('the current sample, 0 to 3: (0, 0), (0, 1), (1, 0), (1, 1)', 0, 0, 3);
const pick = oneOf(`the weight or unit picked in the picture and the ledger: ${BACKPROP_PICKS.join(', ')}`, BACKPROP_PICKS, 'w1_11');
const trained: UrlField<TrainingLog> = {
  default: [],
  describe: `the training since the seed's fresh weights, runs joined by _: 1s3 is 3 single-sample steps from sample 1, b2 two batch steps, 0e40 forty epochs updating after every sample from sample 0; ${MAX_LOG_SAMPLES.toLocaleString('en-US')} samples at most`,
  parse: parseLog,
  format: formatLog
};

/** Step "ledger": the sample, the weight picked, and the steps taken by hand; the lesson's seed. */
export const ledgerLink = { sample, pick, trained, seed: siteLink.seed };

/** Step "backprop-xor": as the ledger, with how an epoch updates, and nothing picked until the learner picks. */
export const backpropXorLink = {
  sample,
  mode: oneOf<UpdateMode>("how an epoch updates: 'sample' (after every sample) or 'batch' (once per batch of four)", ['sample', 'batch'], 'sample'),
  trained,
  pick: orNone(pick),
  seed: siteLink.seed
};

type BackpropTable = typeof ledgerLink | typeof backpropXorLink;

/** A backprop step's start or the previous step's end state, as the link's values. */
export function backpropValues(start: BackpropXorStart | undefined): Partial<LinkValues<typeof backpropXorLink>> {
  if (!start) return {};
  const values: Partial<LinkValues<typeof backpropXorLink>> = {};
  if (start.seed !== undefined) values.seed = start.seed;
  if (start.sample !== undefined) values.sample = start.sample;
  if (start.mode !== undefined) values.mode = start.mode;
  if (start.log !== undefined) values.trained = start.log;
  return values;
}

/**
 * Where a backprop step opens, and whether the link named it (else `fallback`, the
 * step's start or the previous step's end, did). The lesson's seed travels with every
 * link, so it names the view only when it differs from the seed `fallback` was trained
 * from: a shared `?seed=4` opens seed 4, while the step after the ledger, on the same
 * lesson, carries on from the ledger.
 */
export function backpropOpening<T extends BackpropTable>(link: ReadLink<T>, fallback: Partial<LinkValues<T>>): { values: LinkValues<T>; named: boolean } {
  const own = [...link.given].filter((key) => key !== 'seed');
  const sameSeed = !link.given.has('seed') || fallback.seed === undefined || fallback.seed === link.values.seed;
  const named = own.length > 0 || !sameSeed;
  return { values: openingValues(named ? link : { ...link, given: new Set() }, fallback) as LinkValues<T>, named };
}
