/**
 * Kiosk mode for a classroom or museum touch screen: on for the rest of the visit once
 * asked for (/kiosk/ or ?kiosk=1), back to the start after some idle minutes, no way off
 * the site and, locked to a lesson (/kiosk/?lesson=<chapter>), no way out of one chapter.
 * The parts here are plain functions and a timer so they can be tested without a page;
 * the root layout wires them to the document.
 */
import { getContext, setContext } from 'svelte';
import type { IdleHolds } from '$lib/activity';
import { travellingSearch } from '$lib/sim/urlState';

/** A kiosk's idle reset forgets the networks trained on it, so the next visitor restores none. */
export { clearKeptWork } from '$lib/sim/keep/recordStore';

export interface KioskSettings {
  /** minutes without a touch, key or pointer move before the site returns to its start */
  readonly idleMinutes: number;
  /** the slug of the one chapter a visitor may use (its first step is then the start), if locked */
  readonly lesson?: string;
  /**
   * the lesson's own fields the kiosk was started with (seed, backend, renderer) as a query
   * string, e.g. '?renderer=canvas', or '' for none: every return to the start keeps them,
   * whatever a visitor changed
   */
  readonly keep?: string;
}

export const defaultIdleMinutes = 3;
/**
 * The shortest idle time a link may set. Below it a kiosk would send visitors away while
 * they read (a link once asked for 0.0001 minutes: 6 ms); half a minute still suits a demo.
 */
export const minIdleMinutes = 0.5;
const storageKey = 'nn-ladder:kiosk';

const clampIdle = (minutes: number) => Math.max(minIdleMinutes, minutes);

/** The sentence a visitor reads when a link asked for less idle time than the kiosk allows, or undefined. */
export function idleLimitNotice(requestedMinutes: number): string | undefined {
  if (requestedMinutes >= minIdleMinutes) return undefined;
  return `The link asked for ${requestedMinutes} idle minutes; a kiosk waits at least ${minIdleMinutes} minutes before returning to its start, so it uses ${minIdleMinutes}.`;
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The `lesson` a kiosk link asks for: a chapter's slug (checked by the layout against the
 * chapter open), '' to lift a lock, or undefined when the link does not say. Only the kiosk
 * reads it, so it is not one of the lesson-state properties of sim/urlState.
 */
export function parseLessonParam(params: URLSearchParams): string | undefined {
  return params.get('lesson')?.trim().toLowerCase();
}

/** Kiosk settings for this visit, or null when kiosk mode is off (or storage is unreadable). */
export function readKioskSettings(storage: Pick<Storage, 'getItem'> | undefined): KioskSettings | null {
  try {
    const text = storage?.getItem(storageKey);
    if (!text) return null;
    const value = JSON.parse(text) as Partial<KioskSettings>;
    const idle = Number(value.idleMinutes);
    const idleMinutes = Number.isFinite(idle) && idle > 0 ? clampIdle(idle) : defaultIdleMinutes;
    const lesson = typeof value.lesson === 'string' && slugPattern.test(value.lesson) ? value.lesson : undefined;
    // only what a link may carry from page to page comes back, read as a link reads it
    const keep = typeof value.keep === 'string' ? travellingSearch(value.keep) : '';
    return settings(idleMinutes, lesson, keep);
  } catch {
    return null;
  }
}

/** Stores the settings for the visit (sessionStorage), or forgets them when null. */
export function writeKioskSettings(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, settings: KioskSettings | null): void {
  try {
    if (settings) storage?.setItem(storageKey, JSON.stringify(settings));
    else storage?.removeItem(storageKey);
  } catch {
    // Private modes may refuse storage: kiosk mode then lasts as long as the page.
  }
}

/**
 * What a link's query string does to the stored settings: `kiosk=1` turns kiosk mode
 * on, `kiosk=0` off, `idle=<minutes>` sets the idle time (no less than `minIdleMinutes`),
 * `lesson=<chapter>` locks the visit to a chapter and `lesson=` lifts the lock; idle and
 * lesson alone change kiosk mode only when it is already on. `keep` is the lesson's own
 * fields of the link that turns kiosk mode on (travellingSearch), kept for its returns.
 */
export function applyKioskParams(
  current: KioskSettings | null,
  params: { kiosk?: boolean; idle?: number; lesson?: string; keep?: string }
): KioskSettings | null {
  if (params.kiosk === false) return null;
  if (params.kiosk !== true && !current) return null;
  const idleMinutes = params.idle !== undefined ? clampIdle(params.idle) : (current?.idleMinutes ?? defaultIdleMinutes);
  const lesson = params.lesson === undefined ? current?.lesson : params.lesson || undefined;
  const keep = params.kiosk === true ? (params.keep ?? '') : (current?.keep ?? '');
  return settings(idleMinutes, lesson, keep);
}

/** Settings with only the fields that say something. */
function settings(idleMinutes: number, lesson: string | undefined, keep: string): KioskSettings {
  return { idleMinutes, ...(lesson ? { lesson } : {}), ...(keep ? { keep } : {}) };
}

/**
 * The query that starts kiosk mode on a page: the lesson's own fields it keeps (`keep`,
 * e.g. '?seed=7'), `kiosk=1`, then any other kiosk flags (idle, lesson).
 */
export function kioskQuery(keep: string, flags: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams(keep);
  params.set('kiosk', '1');
  for (const [key, value] of Object.entries(flags)) params.set(key, value);
  return `?${params}`;
}

/** Root-relative path of a lesson's chapter; its address leads to the chapter's first step. */
export function lessonPath(lesson: string): string {
  return `/chapter/${lesson}/`;
}

const lessonContext = Symbol('kiosk lesson');

/** The layout shares the lesson lock (a slug, or undefined when unlocked) with the pages below it. */
export function setLessonLock(read: () => string | undefined): void {
  setContext(lessonContext, read);
}

/** The lesson the visit is locked to, read reactively; undefined outside a lock (or a layout). */
export function getLessonLock(): () => string | undefined {
  return getContext<(() => string | undefined) | undefined>(lessonContext) ?? (() => undefined);
}

export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * Calls `onIdle` once when `poke` has not been called for `timeoutMs`; a poke restarts the
 * wait. With `holds` (src/lib/activity.ts), an idle moment that comes while work holds the
 * reset off is not idle: the wait starts afresh once the last hold is released.
 */
export class IdleTimer {
  #handle: unknown = null;
  #waitingForRelease = false;
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  readonly #clock: Clock;
  readonly #held: () => boolean;
  readonly #unsubscribe: () => void;

  constructor(timeoutMs: number, onIdle: () => void, clock: Clock = realClock, holds?: Pick<IdleHolds, 'held' | 'onReleased'>) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
    this.#clock = clock;
    this.#held = () => holds?.held ?? false;
    this.#unsubscribe =
      holds?.onReleased(() => {
        if (this.#waitingForRelease) this.poke();
      }) ?? (() => undefined);
  }

  /** Activity: start waiting afresh. */
  poke(): void {
    this.#clear();
    this.#handle = this.#clock.setTimeout(() => {
      this.#handle = null;
      if (this.#held()) this.#waitingForRelease = true;
      else this.#onIdle();
    }, this.#timeoutMs);
  }

  #clear(): void {
    if (this.#handle !== null) this.#clock.clearTimeout(this.#handle);
    this.#handle = null;
    this.#waitingForRelease = false;
  }

  /** Stops for good: no idle call, and no new wait when a hold is released. */
  stop(): void {
    this.#clear();
    this.#unsubscribe();
  }

  /** Waiting for the idle time to pass, or for work that holds the reset off to end. */
  get running(): boolean {
    return this.#handle !== null || this.#waitingForRelease;
  }
}

/** Events that mean someone is at the screen. */
export const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** True for a link that would take the visitor off this site (another origin, mail, phone...). */
export function isOutbound(anchor: HTMLAnchorElement, origin: string): boolean {
  const href = anchor.getAttribute('href');
  if (href === null) return false;
  try {
    const url = new URL(href, anchor.baseURI);
    return url.origin !== origin || !/^https?:$/.test(url.protocol);
  } catch {
    return true;
  }
}

/**
 * Turns every outbound link under `root` into plain text: the href moves to a data
 * attribute (so `restoreOutboundLinks` can put it back) and the link leaves the tab order.
 * Returns how many links it disarmed.
 */
export function disarmOutboundLinks(root: ParentNode, origin: string): number {
  let count = 0;
  for (const anchor of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (!isOutbound(anchor, origin)) continue;
    anchor.dataset.outboundHref = anchor.getAttribute('href') ?? '';
    anchor.removeAttribute('href');
    anchor.classList.add('outbound-disarmed');
    count++;
  }
  return count;
}

export function restoreOutboundLinks(root: ParentNode): void {
  for (const anchor of root.querySelectorAll<HTMLAnchorElement>('a[data-outbound-href]')) {
    anchor.setAttribute('href', anchor.dataset.outboundHref ?? '');
    delete anchor.dataset.outboundHref;
    anchor.classList.remove('outbound-disarmed');
  }
}
