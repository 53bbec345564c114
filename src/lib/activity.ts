/**
 * Work that counts as someone being at the screen although nobody touches it: a network
 * being fitted for minutes while a visitor watches the curves. A kiosk returns to its start
 * after some idle minutes; without this, that reset would kill a running fit.
 *
 * Whoever starts such work calls `holdIdle()` and calls the function it returns when the
 * work ends, however it ends: finished, paused, cancelled, failed, or the component that
 * started it destroyed (call it from the same cleanup that stops the work). Releasing twice
 * is harmless. While any hold is open the idle reset waits; once the last one is released
 * the idle time starts again from zero, so a visitor who watched a fit end gets the full
 * time to look at the result.
 *
 *   const release = holdIdle();
 *   try { await model.fit(x, y, options); } finally { release(); }
 *
 * A leaf module (it imports nothing): the labs in sim/ and ui/ and the kiosk all use it.
 */

export class IdleHolds {
  #open = 0;
  readonly #listeners = new Set<() => void>();

  /** Opens a hold; the returned function releases it (once). */
  hold(): () => void {
    this.#open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#open--;
      if (this.#open === 0) for (const listener of [...this.#listeners]) listener();
    };
  }

  /** True while some work holds the idle reset off. */
  get held(): boolean {
    return this.#open > 0;
  }

  /** Calls `listener` each time the last open hold is released; returns an unsubscribe. */
  onReleased(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** The page's one registry: the kiosk reads it, long-running work writes to it. */
export const idleHolds = new IdleHolds();

/** Holds the kiosk's idle reset off until the returned function is called. */
export function holdIdle(): () => void {
  return idleHolds.hold();
}
