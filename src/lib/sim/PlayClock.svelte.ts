/**
 * The clock of whatever a learner plays at a chosen speed (a perceptron's instances, a
 * sliding window's positions): animation frames, or a fake clock in tests, turned into
 * whole steps at `speed` per second. The first frame only sets the clock; a long gap
 * (a hidden tab) counts as one slow frame; a frame takes at most `maxPerFrame` steps,
 * so a slow frame never freezes the page.
 */

/** Where the clock gets its frames: requestAnimationFrame in a page, a fake clock in tests. */
export interface FrameScheduler {
  request(callback: (now: number) => void): unknown;
  cancel(handle: unknown): void;
}

export const browserFrames: FrameScheduler = {
  request: (callback) =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(callback) : setTimeout(() => callback(performance.now()), 16),
  cancel: (handle) => {
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(handle as number);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
};

export interface PlayClockOptions {
  /** steps per second */
  speed: number;
  frames?: FrameScheduler;
  maxPerFrame?: number;
}

export class PlayClock {
  playing = $state(false);
  /** steps per second */
  speed = $state(1);

  private readonly advance: (steps: number) => void;
  private readonly frames: FrameScheduler;
  private readonly maxPerFrame: number;
  private handle: unknown = null;
  private last: number | null = null;
  private owed = 0;

  /** `advance(n)` moves the clock's owner n steps on, and stops the clock when nothing is left. */
  constructor(advance: (steps: number) => void, options: PlayClockOptions) {
    this.advance = advance;
    this.frames = options.frames ?? browserFrames;
    this.maxPerFrame = options.maxPerFrame ?? Infinity;
    this.setSpeed(options.speed);
  }

  /** Starts the frames; `dueNow` steps are owed at the first one (1: pressing play moves at once). */
  start(dueNow = 0): void {
    if (this.playing) return;
    this.playing = true;
    this.last = null;
    this.owed = dueNow;
    this.handle = this.frames.request(this.onFrame);
  }

  stop(): void {
    this.playing = false;
    if (this.handle !== null) this.frames.cancel(this.handle);
    this.handle = null;
  }

  setSpeed(speed: number): void {
    if (Number.isFinite(speed) && speed > 0) this.speed = speed;
  }

  /** Advances as a frame `ms` after the last would: what each frame calls. */
  tick(ms: number): void {
    this.owed += (Math.max(0, ms) * this.speed) / 1000;
    const whole = Math.min(this.maxPerFrame, Math.floor(this.owed));
    if (whole <= 0) return;
    this.owed -= whole;
    this.advance(whole);
  }

  private readonly onFrame = (now: number): void => {
    this.handle = null;
    if (!this.playing) return;
    const elapsed = this.last === null ? 0 : Math.min(250, now - this.last);
    this.last = now;
    this.tick(elapsed);
    if (this.playing) this.handle = this.frames.request(this.onFrame);
  };
}

/**
 * What a learner plays through on a PlayClock (a perceptron's instances, two learners'
 * epochs, a sliding window's positions): play (from the start once finished), pause, toggle, speed, a frame by hand,
 * and stopping when the panel goes away. A run says how far it is and when it is done.
 */
export abstract class ClockedRun {
  abstract cursor: number;
  abstract get finished(): boolean;
  protected abstract readonly clock: PlayClock;
  /** 1: the first frame moves at once, so pressing play answers without a wait; 0: a step's time first */
  protected readonly firstStepDue: number = 0;

  /** whether there is anything to play yet */
  protected get canPlay(): boolean {
    return true;
  }

  get playing(): boolean {
    return this.clock.playing;
  }

  /** steps per second */
  get speed(): number {
    return this.clock.speed;
  }

  play(): void {
    if (this.playing || !this.canPlay) return;
    if (this.finished) this.cursor = 0;
    this.clock.start(this.firstStepDue);
  }

  pause(): void {
    this.clock.stop();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.clock.setSpeed(speed);
  }

  /** Advances as a frame `ms` after the last would; what the play loop calls each frame. */
  tick(ms: number): void {
    this.clock.tick(ms);
  }

  /** Stops the play loop; call when the panel goes away. */
  destroy(): void {
    this.pause();
  }
}
