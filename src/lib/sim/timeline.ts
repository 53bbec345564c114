/**
 * The data a timeline step shows: events, eras and the two approaches, read from the
 * step's `start`. Chapters hand the events in as step data, so the history is content,
 * not code.
 */

/** Which way of building intelligence an event stands for, when it stands for one. */
export type Approach = 'top-down' | 'bottom-up';

/** What kind of moment it was; shown as a word, never as colour alone. */
export type EventKind = 'neurons' | 'promise' | 'verdict' | 'business';

export interface TimelineQuote {
  /** the words exactly as said or printed */
  readonly text: string;
  /** who said or wrote them, and where */
  readonly by: string;
}

export interface TimelineEvent {
  readonly year: number;
  /** short, fits under a tick: 'Dartmouth' */
  readonly label: string;
  readonly title: string;
  readonly detail: string;
  readonly kind: EventKind;
  readonly quote?: TimelineQuote;
  readonly approach?: Approach;
}

/** A stretch of years drawn behind the events, e.g. the first AI winter. */
export interface TimelineEra {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export const KIND_WORDS: Record<EventKind, string> = {
  neurons: 'artificial neurons',
  promise: 'a promise',
  verdict: 'a verdict',
  business: 'business'
};

/** Events that fall inside an era, as indices, so the era can be drawn behind them. */
export function eventsIn(events: readonly TimelineEvent[], era: TimelineEra): number[] {
  return events.flatMap((e, i) => (e.year >= era.from && e.year <= era.to ? [i] : []));
}

/** One side of the top-down / bottom-up contrast. */
export interface ApproachSide {
  readonly title: string;
  readonly points: readonly string[];
}

/** A timeline step's `start` in chapters/NN-slug/steps.ts. */
export interface TimelineStart {
  readonly events: readonly TimelineEvent[];
  readonly eras?: readonly TimelineEra[];
  readonly topDown: ApproachSide;
  readonly bottomUp: ApproachSide;
}

function isSide(value: unknown): value is ApproachSide {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && Array.isArray(v.points) && v.points.every((p) => typeof p === 'string');
}

function isEvent(value: unknown): value is TimelineEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const quoteOk =
    v.quote === undefined ||
    (typeof v.quote === 'object' && v.quote !== null && typeof (v.quote as TimelineQuote).text === 'string' && typeof (v.quote as TimelineQuote).by === 'string');
  return (
    Number.isInteger(v.year) &&
    typeof v.label === 'string' &&
    typeof v.title === 'string' &&
    typeof v.detail === 'string' &&
    typeof v.kind === 'string' &&
    Object.hasOwn(KIND_WORDS, v.kind) &&
    (v.approach === undefined || v.approach === 'top-down' || v.approach === 'bottom-up') &&
    quoteOk
  );
}

/** A start read from untyped step data, or undefined when it is not one; events come back in year order. */
export function readTimelineStart(value: unknown): TimelineStart | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.events) || v.events.length === 0 || !v.events.every(isEvent)) return undefined;
  if (!isSide(v.topDown) || !isSide(v.bottomUp)) return undefined;
  const eras = Array.isArray(v.eras)
    ? (v.eras as unknown[]).filter((e): e is TimelineEra => {
        const era = e as Record<string, unknown>;
        return typeof era === 'object' && era !== null && Number.isFinite(era.from) && Number.isFinite(era.to) && typeof era.label === 'string';
      })
    : [];
  const events = [...(v.events as TimelineEvent[])].sort((a, b) => a.year - b.year);
  return { events, eras, topDown: v.topDown, bottomUp: v.bottomUp };
}
