/**
 * What a link carries besides the chapter and step: typed tables of fields read from
 * and written to the query string (after tensorflow/playground's state.ts), so every
 * view a teacher shows can be linked and replays the same. One reader and one writer
 * serve every table: the site's own (seed, backend, kiosk), the playground's, each
 * convolution step's.
 *
 * Reading never throws: a value that cannot be read is dropped, the default is used,
 * and a sentence for the learner says so; so does a field the link gives twice (the
 * first is used). A lesson must not stop over a bad link.
 *
 * How a step adds its fields: declare a table, one field per query-string key, built
 * from the makers below (or written out when the value is a list or a shape, as the
 * playground's `layers` is) and export it beside the step's state:
 *
 *   export const slideLink = {
 *     digit: integer('the digit, 0 to 9999', 0, 0, 9999),
 *     speed: oneOf('positions per second: 1, 4, 16', [1, 4, 16], 4),
 *     lr: numberIn('the learning rate, one of 0.01, 0.1, 1', [0.01, 0.1, 1], 0.1)
 *   };
 *
 * then `readLink(slideLink, search)` gives every value (defaults filled in), the keys
 * the link gave and one sentence per problem, and `linkSearch(slideLink, values, search)`
 * writes them back over the page's query string, leaving defaults out. Keys must not
 * clash with another table shown on the same page (the site's seed, backend, kiosk, idle).
 */
import { backendSpellings, resolveBackendName, type BackendName } from '$lib/engine/backendNames';

/** One field of a table: its default, what it means, and how it reads and writes. */
export interface UrlField<T> {
  readonly default: T;
  /** what the value means, for people reading or writing links */
  readonly describe: string;
  /** the value from its query-string text, or undefined when it cannot be read */
  parse(raw: string): T | undefined;
  format(value: T): string;
  /** the sentence for a value that cannot be read, when it can say more than "unreadable" */
  problem?(raw: string): string;
  /** kept on the site's own links from page to page (a seed is; a kiosk flag lives in the visit instead) */
  readonly travels?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each field has its own value type
export type UrlTable = Record<string, UrlField<any>>;
export type LinkValues<T extends UrlTable> = { -readonly [K in keyof T]: T[K]['default'] };

export interface ReadLink<T extends UrlTable> {
  /** every key, the link's readable values over the defaults */
  readonly values: LinkValues<T>;
  /** the keys the link gave readably */
  readonly given: ReadonlySet<keyof T & string>;
  /** one sentence for the learner per value the link gave that could not be read, or gave twice */
  readonly problems: readonly string[];
}

// ------------------------------------------------------------ field makers

/** A whole number from min to max. */
export function integer(describe: string, fallback: number, min: number, max: number, travels = false): UrlField<number> {
  return {
    default: fallback,
    describe,
    travels,
    parse(raw) {
      if (!/^\s*-?\d+\s*$/.test(raw)) return undefined;
      const value = Number(raw);
      return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
    },
    format: String
  };
}

/** A decimal number with min < value <= max. */
export function decimal(describe: string, fallback: number, min: number, max: number, travels = false): UrlField<number> {
  return {
    default: fallback,
    describe,
    travels,
    parse(raw) {
      if (!/^\s*(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return undefined;
      const value = Number(raw);
      return value > min && value <= max ? value : undefined;
    },
    format: String
  };
}

/**
 * Any number from min to max, either sign (a weight, a bias, an angle dragged by hand),
 * written as JavaScript writes it, so it reads back to the same number exactly.
 */
export function real(describe: string, fallback: number, min: number, max: number): UrlField<number> {
  return {
    default: fallback,
    describe,
    parse(raw) {
      if (!/^\s*-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw)) return undefined;
      const value = Number(raw);
      return value >= min && value <= max ? value : undefined;
    },
    format: String
  };
}

/** min, min + step, … up to max (0.1 to 0.9 in steps of 0.1, or −6 to 6), rounded onto the grid. */
export function stepped(describe: string, fallback: number, min: number, max: number, step: number): UrlField<number> {
  return {
    default: fallback,
    describe,
    parse(raw) {
      if (!/^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return undefined;
      const v = Number(raw);
      const k = Math.round((v - min) / step);
      const onGrid = v >= min - 1e-9 && v <= max + 1e-9 && Math.abs(min + k * step - v) < 1e-9;
      // + 0 writes −0 as 0
      return onGrid ? Number((min + k * step).toFixed(6)) + 0 : undefined;
    },
    format: String
  };
}

/** One of a list of numbers, however it is written (0.00001, 1e-5). */
export function numberIn(describe: string, list: readonly number[], fallback: number): UrlField<number> {
  return {
    default: fallback,
    describe,
    parse(raw) {
      if (!/^\s*(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(raw)) return undefined;
      const v = Number(raw);
      return list.find((x) => Math.abs(x - v) <= x * 1e-9);
    },
    format: String
  };
}

/** One of a list of names or numbers, as written (names in any case). */
export function oneOf<const V extends string | number>(describe: string, values: readonly V[], fallback: V, travels = false): UrlField<V> {
  return {
    default: fallback,
    describe,
    travels,
    parse: (raw) => values.find((v) => String(v) === raw.trim().toLowerCase()),
    format: String
  };
}

/** `?kiosk`, `?kiosk=1`, `?kiosk=true` and `?kiosk=on` are all true. */
export function flag(describe: string, travels = false): UrlField<boolean> {
  return {
    default: false,
    describe,
    travels,
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (['', '1', 'true', 'yes', 'on'].includes(text)) return true;
      if (['0', 'false', 'no', 'off'].includes(text)) return false;
      return undefined;
    },
    format: (value) => (value ? '1' : '0')
  };
}

/** A field that may be absent: absent (null) is its default and is never written. */
export function orNone<T>(field: UrlField<T>): UrlField<T | null> {
  return {
    default: null,
    describe: field.describe,
    travels: field.travels,
    parse: (raw) => field.parse(raw),
    format: (value) => (value === null ? '' : field.format(value))
  };
}

// ------------------------------------------------------------ reading and writing

const keysOf = <T extends UrlTable>(table: T) => Object.keys(table) as (keyof T & string)[];

export function defaultValues<T extends UrlTable>(table: T): LinkValues<T> {
  return Object.fromEntries(keysOf(table).map((key) => [key, table[key].default])) as LinkValues<T>;
}

/** Reads a table's fields from a query string; never throws. Other parameters are ignored. */
export function readLink<T extends UrlTable>(table: T, search: URLSearchParams | string): ReadLink<T> {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values = defaultValues(table) as Record<string, unknown>;
  const given = new Set<keyof T & string>();
  const problems: string[] = [];
  for (const key of keysOf(table)) {
    const all = params.getAll(key);
    if (all.length === 0) continue;
    const field = table[key];
    const value = field.parse(all[0]);
    if (value === undefined) {
      problems.push(field.problem?.(all[0]) ?? `The link had an unreadable value for '${key}'; using ${field.format(field.default) || 'none'}.`);
      continue;
    }
    values[key] = value;
    given.add(key);
    if (all.length > 1) problems.push(`The link had more than one value for '${key}'; using the first, ${field.format(value) || 'none'}.`);
  }
  return { values: values as LinkValues<T>, given, problems };
}

export interface WriteOptions {
  /** write the table's first key even at its default, so the link names the view (see openingValues) */
  readonly namesView?: boolean;
}

/**
 * Writes the given fields into a query string: a value equal to its default is left
 * out, so links stay short; parameters outside the table are kept as they were.
 */
export function writeLink<T extends UrlTable>(table: T, changes: Partial<LinkValues<T>>, base: URLSearchParams | string = '', options: WriteOptions = {}): URLSearchParams {
  const params = new URLSearchParams(base);
  const [first] = keysOf(table);
  for (const key of keysOf(table)) {
    if (!(key in changes)) continue;
    const field = table[key];
    const value = changes[key];
    const text = value === undefined ? field.format(field.default) : field.format(value);
    if (text === field.format(field.default) && !(options.namesView && key === first)) params.delete(key);
    else params.set(key, text);
  }
  return params;
}

/** The query string (with its `?`, or '' when empty) for the given fields over an existing one. */
export function linkSearch<T extends UrlTable>(table: T, changes: Partial<LinkValues<T>>, base: URLSearchParams | string = '', options: WriteOptions = {}): string {
  const text = writeLink(table, changes, base, options).toString();
  return text ? `?${text}` : '';
}

/**
 * Where a step opens: the link's view when it names any of the step's keys (keys it
 * leaves out take their defaults), else `fallback` (the previous step's end, or the
 * step's start) over the defaults.
 */
export function openingValues<T extends UrlTable>(link: ReadLink<T>, fallback: Partial<LinkValues<T>> = {}): LinkValues<T> {
  if (link.given.size > 0) return link.values;
  return { ...link.values, ...fallback };
}

// ------------------------------------------------------------ the site's own fields

/** What `?backend=` may ask for: 'auto' lets the engine measure and choose. */
export type BackendRequest = 'auto' | BackendName;

/**
 * Any name or alias of the engine's one list (engine/backendNames.ts, which loads no
 * backend), kept canonical ('webgl2' -> 'gpu:webgl2'), or 'auto'.
 */
function backendField(describe: string): UrlField<BackendRequest> {
  return {
    default: 'auto',
    describe,
    travels: true,
    parse: (raw) => (raw.trim().toLowerCase() === 'auto' ? 'auto' : resolveBackendName(raw)),
    format: String,
    problem: (raw) => `The link had an unknown value for 'backend', '${raw}'; using auto (the fastest, measured). Known: auto, ${backendSpellings.join(', ')}.`
  };
}

/** What every page reads: the lesson's seed, backend and renderer, and the kiosk flags of a visit. */
export const siteLink = {
  seed: integer('the seed of every random choice (data, initial weights, shuffles), so a lesson replays the same', 42, 0, 2 ** 32 - 1, true),
  backend: backendField('the engine backend to use instead of the measured choice'),
  renderer: oneOf('how pictures are drawn: auto (WebGL, unless it is a software rasteriser), webgl or canvas', ['auto', 'webgl', 'canvas'], 'auto', true),
  kiosk: flag('turns kiosk mode on (1) or off (0) for this visit'),
  idle: decimal('kiosk mode: minutes without a touch before the site returns to its start', 3, 0, 24 * 60)
};

export type SiteValues = LinkValues<typeof siteLink>;

/** The site's fields from a query string. */
export function parseUrlState(search: URLSearchParams | string): ReadLink<typeof siteLink> {
  return readLink(siteLink, search);
}

/**
 * The part of a query string the site's own links carry on: the readable values of
 * fields that travel (seed, backend, renderer), so a linked lesson stays the same lesson.
 */
export function travellingSearch(search: URLSearchParams | string): string {
  const { values, given } = parseUrlState(search);
  const changes: Partial<Record<string, unknown>> = {};
  for (const key of keysOf(siteLink)) if (given.has(key) && siteLink[key].travels) changes[key] = values[key];
  return linkSearch(siteLink, changes as Partial<SiteValues>);
}
