/**
 * Kiosk mode for a classroom or museum touch screen: on for the rest of the visit once
 * asked for (/kiosk/ or ?kiosk=1), back to the start after some idle minutes, and no
 * way off the site. The parts here are plain functions and a timer so they can be
 * tested without a page; the root layout wires them to the document.
 */

export interface KioskSettings {
  /** minutes without a touch, key or pointer move before the site returns to its start */
  readonly idleMinutes: number;
}

export const defaultIdleMinutes = 3;
const storageKey = 'nn-ladder:kiosk';

/** Kiosk settings for this visit, or null when kiosk mode is off (or storage is unreadable). */
export function readKioskSettings(storage: Pick<Storage, 'getItem'> | undefined): KioskSettings | null {
  try {
    const text = storage?.getItem(storageKey);
    if (!text) return null;
    const value = JSON.parse(text) as Partial<KioskSettings>;
    const idle = Number(value.idleMinutes);
    return { idleMinutes: Number.isFinite(idle) && idle > 0 ? idle : defaultIdleMinutes };
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
 * on, `kiosk=0` off, `idle=<minutes>` sets the idle time (and, alone, changes it only
 * when kiosk mode is already on).
 */
export function applyKioskParams(current: KioskSettings | null, params: { kiosk?: boolean; idle?: number }): KioskSettings | null {
  if (params.kiosk === false) return null;
  if (params.kiosk === true || current) {
    return { idleMinutes: params.idle ?? current?.idleMinutes ?? defaultIdleMinutes };
  }
  return null;
}

export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** Calls `onIdle` once when `poke` has not been called for `timeoutMs`; a poke restarts the wait. */
export class IdleTimer {
  #handle: unknown = null;
  readonly #timeoutMs: number;
  readonly #onIdle: () => void;
  readonly #clock: Clock;

  constructor(timeoutMs: number, onIdle: () => void, clock: Clock = realClock) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
    this.#clock = clock;
  }

  /** Activity: start waiting afresh. */
  poke(): void {
    this.stop();
    this.#handle = this.#clock.setTimeout(() => {
      this.#handle = null;
      this.#onIdle();
    }, this.#timeoutMs);
  }

  stop(): void {
    if (this.#handle !== null) this.#clock.clearTimeout(this.#handle);
    this.#handle = null;
  }

  get running(): boolean {
    return this.#handle !== null;
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
