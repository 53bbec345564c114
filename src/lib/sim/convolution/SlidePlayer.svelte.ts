/**
 * The timing of a sliding window: a cursor over its positions that play, pause, step,
 * scrub and speed move, and nothing else. What a position shows is computed elsewhere
 * (slide.ts) and drawn elsewhere (the scene); this only says which position it is.
 *
 * `cursor` counts the positions done: 0 before the first, `length` when the map is
 * complete. A learner may also `inspect` a position already done, to see where that
 * output pixel came from without undoing the rest.
 */
import { ClockedRun, PlayClock, type FrameScheduler } from '../PlayClock.svelte';

/** Positions per second a learner can pick: one at a time to read the numbers, up to a sweep. */
export const SLIDE_SPEEDS: readonly number[] = [1, 2, 4, 8, 16, 32, 100];
export const DEFAULT_SLIDE_SPEED = 4;

export interface SlidePlayerOptions {
  length: number;
  cursor?: number;
  inspected?: number | null;
  speed?: number;
  frames?: FrameScheduler;
}

export class SlidePlayer extends ClockedRun {
  /** how many positions the window visits */
  length = $state(0);
  /** positions done, 0..length */
  cursor = $state(0);
  /** a position already done that the learner asked about, or null */
  inspected = $state<number | null>(null);

  /** slides at `speed` positions per second */
  protected readonly clock: PlayClock;
  // the first frame moves at once, so pressing play answers without a wait
  protected readonly firstStepDue = 1;

  constructor(options: SlidePlayerOptions) {
    super();
    this.clock = new PlayClock((n) => this.advance(n), { speed: DEFAULT_SLIDE_SPEED, frames: options.frames });
    this.length = Math.max(0, Math.floor(options.length));
    this.cursor = this.clamp(options.cursor ?? 0);
    this.inspected = this.validInspect(options.inspected ?? null);
    if (options.speed !== undefined) this.setSpeed(options.speed);
  }

  /** The position whose window is shown: the one inspected, else the last one done; null before the first. */
  get shown(): number | null {
    if (this.inspected !== null) return this.inspected;
    return this.cursor > 0 ? this.cursor - 1 : null;
  }

  get finished(): boolean {
    return this.cursor >= this.length;
  }

  protected get canPlay(): boolean {
    return this.length > 0;
  }

  /** Plays on from the last position done (from the start once finished), leaving any position inspected. */
  play(): void {
    if (!this.playing && this.canPlay) this.inspected = null;
    super.play();
  }

  /** One position on (or back, with -1); stepping pauses, so the numbers hold still. */
  step(delta = 1): void {
    this.pause();
    const from = this.inspected !== null ? this.inspected + 1 : this.cursor;
    this.inspected = null;
    this.cursor = this.clamp(from + delta);
  }

  /** Scrubs to `cursor` positions done. */
  seek(cursor: number): void {
    this.pause();
    this.inspected = null;
    this.cursor = this.clamp(cursor);
  }

  /**
   * Shows where output position `index` came from: a position already done is inspected
   * in place; one not yet reached is slid to.
   */
  inspect(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return;
    this.pause();
    if (index < this.cursor) this.inspected = index;
    else {
      this.inspected = null;
      this.cursor = index + 1;
    }
  }

  toEnd(): void {
    this.seek(this.length);
  }

  reset(): void {
    this.seek(0);
  }

  /** A new window or image: the same cursor where it still fits. */
  setLength(length: number): void {
    this.length = Math.max(0, Math.floor(length));
    this.cursor = this.clamp(this.cursor);
    this.inspected = this.validInspect(this.inspected);
    if (this.finished) this.pause();
  }

  private advance(positions: number): void {
    this.cursor = this.clamp(this.cursor + positions);
    if (this.finished) this.pause();
  }

  private clamp(cursor: number): number {
    return Number.isFinite(cursor) ? Math.max(0, Math.min(this.length, Math.floor(cursor))) : 0;
  }

  private validInspect(index: number | null): number | null {
    return index !== null && Number.isInteger(index) && index >= 0 && index < this.cursor ? index : null;
  }
}
