/**
 * What a link can carry besides the chapter and step: a typed table of properties
 * serialised to the query string (after tensorflow/playground's state.ts), so every
 * view a teacher shows can be linked and replays the same. Later chapters add rows to
 * `urlProperties`; nothing else changes.
 *
 * Reading never throws: a value that cannot be read is dropped, the default is used,
 * and a sentence for the learner says so. A lesson must not stop over a bad link.
 */
import { labLinkRows } from './mnistLabLink';

/** One row of the table. */
export interface UrlProperty<T> {
  readonly default: T;
  /** what the value means, for people reading or writing links */
  readonly describe: string;
  /** the value from its query-string text, or undefined when it cannot be read */
  parse(raw: string): T | undefined;
  format(value: T): string;
  /** kept on the site's own links from page to page (a seed is; a kiosk flag lives in the visit instead) */
  readonly travels: boolean;
}

function integer(describe: string, fallback: number, min: number, max: number, travels: boolean): UrlProperty<number> {
  return {
    default: fallback,
    describe,
    travels,
    parse(raw) {
      if (!/^\s*\d+\s*$/.test(raw)) return undefined;
      const value = Number(raw);
      return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
    },
    format: (value) => String(value)
  };
}

/** A decimal number with min < value <= max. */
function decimal(describe: string, fallback: number, min: number, max: number, travels: boolean): UrlProperty<number> {
  return {
    default: fallback,
    describe,
    travels,
    parse(raw) {
      if (!/^\s*(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return undefined;
      const value = Number(raw);
      return value > min && value <= max ? value : undefined;
    },
    format: (value) => String(value)
  };
}

/** `?kiosk`, `?kiosk=1`, `?kiosk=true` and `?kiosk=on` are all true. */
function flag(describe: string, travels: boolean): UrlProperty<boolean> {
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

function oneOf<const V extends string>(describe: string, values: readonly V[], fallback: V, travels: boolean): UrlProperty<V> {
  return {
    default: fallback,
    describe,
    travels,
    parse: (raw) => values.find((value) => value === raw.trim().toLowerCase()),
    format: (value) => value
  };
}

/** Backends a link may ask for; 'auto' lets the engine measure and choose (see engine/backend.ts). */
export const backendChoices = ['auto', 'reference', 'wasm', 'gpu:webgpu', 'gpu:webgl2', 'gpu:webgl', 'gpu:webasm', 'gpu:cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export const urlProperties = {
  seed: integer('the seed of every random choice (data, initial weights, shuffles), so a lesson replays the same', 42, 0, 2 ** 32 - 1, true),
  backend: oneOf('the engine backend to use instead of the measured choice', backendChoices, 'auto', true),
  kiosk: flag('turns kiosk mode on (1) or off (0) for this visit', false),
  idle: decimal('kiosk mode: minutes without a touch before the site returns to its start', 3, 0, 24 * 60, false),
  ...labLinkRows
};

export type UrlKey = keyof typeof urlProperties;
export type UrlState = { [K in UrlKey]: (typeof urlProperties)[K]['default'] };

export interface UrlProblem {
  readonly key: UrlKey;
  readonly raw: string;
  /** a sentence for the learner */
  readonly message: string;
}

export interface ParsedUrlState {
  /** every property, defaults filled in */
  readonly state: UrlState;
  /** the properties the link gave readably: kiosk mode, for one, only changes when asked */
  readonly given: ReadonlySet<UrlKey>;
  readonly problems: readonly UrlProblem[];
}

const keys = Object.keys(urlProperties) as UrlKey[];

export function defaultUrlState(): UrlState {
  return Object.fromEntries(keys.map((key) => [key, urlProperties[key].default])) as UrlState;
}

/** Reads the table's properties from a query string; never throws. Other parameters are ignored. */
export function parseUrlState(search: URLSearchParams | string): ParsedUrlState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state: Record<string, unknown> = defaultUrlState();
  const given = new Set<UrlKey>();
  const problems: UrlProblem[] = [];
  for (const key of keys) {
    const raw = params.get(key);
    if (raw === null) continue;
    const property = urlProperties[key] as UrlProperty<unknown>;
    const value = property.parse(raw);
    if (value === undefined) {
      const fallback = property.format(property.default);
      const message = `The link had an unreadable value for '${key}'; using ${fallback === '' ? "the step's own" : fallback}.`;
      problems.push({ key, raw, message });
    } else {
      state[key] = value;
      given.add(key);
    }
  }
  return { state: state as UrlState, given, problems };
}

/**
 * Writes properties into a query string: a value equal to its default is left out, so
 * links stay short; parameters outside the table are kept as they were.
 */
export function serializeUrlState(changes: Partial<UrlState>, base: URLSearchParams | string = ''): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of keys) {
    if (!(key in changes)) continue;
    const property = urlProperties[key] as UrlProperty<unknown>;
    const value = changes[key];
    if (value === undefined || property.format(value) === property.format(property.default)) params.delete(key);
    else params.set(key, property.format(value));
  }
  return params;
}

/** The query string (with its `?`, or '' when empty) for a set of changes to an existing one. */
export function urlSearch(changes: Partial<UrlState>, base: URLSearchParams | string = ''): string {
  const text = serializeUrlState(changes, base).toString();
  return text ? `?${text}` : '';
}

/**
 * The part of a query string the site's own links carry on: the readable values of
 * properties that travel (seed, backend), so a linked lesson stays the same lesson.
 */
export function travellingSearch(search: URLSearchParams | string): string {
  const { state, given } = parseUrlState(search);
  const changes: Partial<Record<UrlKey, unknown>> = {};
  for (const key of keys) if (given.has(key) && urlProperties[key].travels) changes[key] = state[key];
  return urlSearch(changes as Partial<UrlState>);
}
