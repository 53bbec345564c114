/**
 * What each step of the convolution chapter keeps in the page's address: one table of
 * properties per step (urlState's UrlProperty rows), so a teacher's link opens the
 * same digit, kernel, padding, stride and position. Reading never throws: a value that
 * cannot be read is named in a sentence for the learner and its default used.
 *
 * A link that names any of a step's keys describes the whole view (a key left out
 * means its default); a link that names none leaves the step to start where the
 * previous one ended.
 */
import type { Padding } from '$lib/engine/backend';
import type { UrlProperty } from '$lib/sim/urlState';
import { DEFAULT_DIGIT } from './digits';
import { MAX_SHIFT, SHIFT_DIRECTIONS, type ShiftDirection } from './shift';
import { formatKernel, KERNEL_NAMES, KERNEL_PRESETS, parseKernel, WEIGHT_LIMIT, type KernelName } from './kernels';
import { DEFAULT_SLIDE_SPEED, SLIDE_SPEEDS } from './slidePlayer.svelte';

function integer(describe: string, fallback: number, min: number, max: number): UrlProperty<number> {
  return {
    default: fallback,
    describe,
    travels: false,
    parse(raw) {
      if (!/^\s*-?\d+\s*$/.test(raw)) return undefined;
      const value = Number(raw);
      return value >= min && value <= max ? value : undefined;
    },
    format: String
  };
}

function oneOf<const V extends string | number>(describe: string, values: readonly V[], fallback: V): UrlProperty<V> {
  return {
    default: fallback,
    describe,
    travels: false,
    parse: (raw) => values.find((v) => String(v) === raw.trim().toLowerCase()),
    format: String
  };
}

/** An index that may be absent: absent is the default and never written. */
function optionalIndex(describe: string, max: number): UrlProperty<number | null> {
  const index = integer(describe, 0, 0, max);
  return { default: null, describe, travels: false, parse: (raw) => index.parse(raw), format: (v) => (v === null ? '' : String(v)) };
}

const digit = integer("the digit's place among the site's 10,000 MNIST digits, 0 to 9999", DEFAULT_DIGIT, 0, 9999);
const kernel: UrlProperty<readonly number[]> = {
  default: KERNEL_PRESETS.vertical.values,
  describe: `a kernel: ${KERNEL_NAMES.join(', ')}, or nine weights from −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}, row by row, joined by _`,
  travels: false,
  parse: parseKernel,
  format: formatKernel
};
const at = integer('how many positions the window has visited, from 0', 0, 0, 100_000);
const pick = optionalIndex('the output pixel inspected, counted row by row from 0', 100_000);
const speed = oneOf(`positions per second: ${SLIDE_SPEEDS.join(', ')}`, SLIDE_SPEEDS, DEFAULT_SLIDE_SPEED);

/** Step "what a filter sees": the digit, the kernel and where the window is. */
export const filterLink = { digit, kernel, at, pick, speed };

/** Step "padding and stride": as the filter step, with the padding and the stride. */
export const paddingLink = {
  digit,
  kernel,
  padding: oneOf<Padding>("'valid' (no padding) or 'same' (zeros around the picture)", ['valid', 'same'], 'same'),
  stride: oneOf('the step between positions: 1 or 2', [1, 2], 1),
  at,
  pick,
  speed
};

/** How many filters each of the two layers in the channels step may have. */
export const MAX_FIRST_FILTERS = 6;
export const MAX_SECOND_FILTERS = 4;
export const DEFAULT_FIRST_FILTERS: readonly KernelName[] = ['vertical', 'horizontal', 'blur'];

/** Step "channels and many filters": the first layer's filters, the second layer's count and the map looked at. */
export const channelsLink = {
  digit,
  filters: {
    default: DEFAULT_FIRST_FILTERS,
    describe: `the first layer's filters, 1 to ${MAX_FIRST_FILTERS} of ${KERNEL_NAMES.join(', ')}, joined by _`,
    travels: false,
    parse(raw: string) {
      const names = raw.trim().toLowerCase().split(/[_,]/);
      if (names.length < 1 || names.length > MAX_FIRST_FILTERS) return undefined;
      return names.every((n) => (KERNEL_NAMES as readonly string[]).includes(n)) ? (names as KernelName[]) : undefined;
    },
    format: (v: readonly KernelName[]) => v.join('_')
  } satisfies UrlProperty<readonly KernelName[]>,
  maps: integer(`the second layer's filter count, 1 to ${MAX_SECOND_FILTERS}`, 2, 1, MAX_SECOND_FILTERS),
  pick: optionalIndex("the second layer's map looked at, from 0", MAX_SECOND_FILTERS - 1)
};

/** Step "pooling and shifting": the digit, the kernel before pooling, the pooling window's position and the shift. */
export const poolingLink = {
  digit,
  kernel,
  at,
  speed,
  shift: integer(`pixels the digit is moved, 0 to ${MAX_SHIFT}`, 0, 0, MAX_SHIFT),
  dir: oneOf<ShiftDirection>(`where the digit is moved: ${SHIFT_DIRECTIONS.join(', ')}`, SHIFT_DIRECTIONS, 'right')
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row has its own value type
type Table = Record<string, UrlProperty<any>>;
export type LinkValues<T extends Table> = { -readonly [K in keyof T]: T[K]['default'] };

export interface ReadLink<T extends Table> {
  /** every key, the link's readable values over the defaults */
  readonly values: LinkValues<T>;
  /** the keys the link gave readably */
  readonly given: ReadonlySet<keyof T>;
  /** one sentence per value the link gave that could not be read */
  readonly problems: readonly string[];
}

const keysOf = <T extends Table>(table: T) => Object.keys(table) as (keyof T & string)[];

export function defaultValues<T extends Table>(table: T): LinkValues<T> {
  return Object.fromEntries(keysOf(table).map((k) => [k, table[k].default])) as LinkValues<T>;
}

/** Reads a step's table from a query string; never throws, other parameters are ignored. */
export function readLink<T extends Table>(table: T, search: URLSearchParams | string): ReadLink<T> {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values = defaultValues(table) as Record<string, unknown>;
  const given = new Set<keyof T>();
  const problems: string[] = [];
  for (const key of keysOf(table)) {
    const raw = params.get(key);
    if (raw === null) continue;
    const property = table[key];
    const value = property.parse(raw);
    if (value === undefined) {
      problems.push(`The link's '${key}=${raw.slice(0, 40)}' could not be read (${property.describe}); using ${property.format(property.default) || 'none'}.`);
    } else {
      values[key] = value;
      given.add(key);
    }
  }
  return { values: values as LinkValues<T>, given, problems };
}

/**
 * Where a step opens: the link's view when it names any of the step's keys (keys it
 * leaves out take their defaults), else `fallback` (the previous step's end, or the
 * step's start) over the defaults.
 */
export function openingValues<T extends Table>(link: ReadLink<T>, fallback: Partial<LinkValues<T>> = {}): LinkValues<T> {
  if (link.given.size > 0) return link.values;
  return { ...link.values, ...fallback };
}

/**
 * The query string for a step's view over an existing one: values equal to their
 * defaults are left out, so links stay short, except the first key of the table, which
 * is always written so that the link names the view (see openingValues); parameters
 * outside the table are kept.
 */
export function linkSearch<T extends Table>(table: T, values: Partial<LinkValues<T>>, base: URLSearchParams | string = ''): string {
  const params = new URLSearchParams(base);
  const [first] = keysOf(table);
  for (const key of keysOf(table)) {
    if (!(key in values)) continue;
    const property = table[key];
    const text = property.format(values[key]);
    if (key !== first && text === property.format(property.default)) params.delete(key);
    else params.set(key, text);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where a step of chapters/05-convolution/steps.ts may start: a digit's place and a preset kernel by name. */
export interface ConvolutionStart {
  readonly digit?: number;
  readonly kernel?: KernelName;
}

/** What a step hands the next (its view) and what the next takes from it: the digit, the kernel, the filters. */
export interface ConvolutionCarry {
  readonly digit?: number;
  readonly kernel?: readonly number[];
  readonly filters?: readonly KernelName[];
}

/**
 * The parts of a previous step's end state (or of a step's `start`) this chapter can
 * use; anything else is ignored. A kernel may be given by a preset's name.
 */
export function readCarry(carried: unknown): ConvolutionCarry {
  if (typeof carried !== 'object' || carried === null) return {};
  const c = carried as Record<string, unknown>;
  const out: { digit?: number; kernel?: readonly number[]; filters?: readonly KernelName[] } = {};
  if (typeof c.digit === 'number' && digit.parse(String(c.digit)) !== undefined) out.digit = c.digit;
  const kernelText = typeof c.kernel === 'string' ? c.kernel : Array.isArray(c.kernel) ? c.kernel.join('_') : null;
  const parsed = kernelText === null ? undefined : kernel.parse(kernelText);
  if (parsed) out.kernel = parsed;
  const filters = Array.isArray(c.filters) ? channelsLink.filters.parse(c.filters.join('_')) : undefined;
  if (filters) out.filters = filters;
  return out;
}
