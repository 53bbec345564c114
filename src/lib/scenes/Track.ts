/**
 * Timing for scenes that send things along lines: pulses in the threshold scenes,
 * markers in NetworkScene, each drawn by its scene. Cues change what is drawn when they
 * fall due (a unit lights up when its pulses land). Kept apart from the drawing so that
 * reduced motion, or a new view mid-flight, is one call: finish().
 */
import type { Graphics } from 'pixi.js';
import type { Point } from '$lib/geometry';

/** Something that travels from one point to another. */
export interface Travel {
  readonly from: Point;
  readonly to: Point;
  /** ms after play() */
  readonly delay: number;
  readonly duration: number;
}

export interface Cue {
  /** ms after play() */
  readonly at: number;
  readonly run: () => void;
}

/** Draws one traveller at its current place into the layer (added to the layer's path). */
export type DrawTraveller<T> = (g: Graphics, traveller: T, at: Point) => void;

export class Track<T extends Travel> {
  private travellers: readonly T[] = [];
  private cues: Cue[] = [];
  private elapsed = 0;
  private end = 0;

  constructor(
    private readonly layer: Graphics,
    private readonly drawOne: DrawTraveller<T>
  ) {}

  get busy(): boolean {
    return this.travellers.length > 0 || this.cues.length > 0;
  }

  /** Starts a new sequence, first completing the one under way so that no cue is lost. */
  play(travellers: readonly T[], cues: readonly Cue[]): void {
    this.finish();
    this.travellers = travellers;
    this.cues = [...cues].sort((a, b) => a.at - b.at);
    this.elapsed = 0;
    this.end = Math.max(0, ...travellers.map((m) => m.delay + m.duration), ...cues.map((c) => c.at));
    this.draw();
  }

  /** Advances by `ms`; call from the ticker. */
  tick(ms: number): void {
    if (!this.busy) return;
    this.elapsed += ms;
    while (this.cues.length > 0 && this.cues[0].at <= this.elapsed) this.cues.shift()!.run();
    if (this.elapsed >= this.end) this.travellers = [];
    this.draw();
  }

  /** Jumps to the end: every pending cue runs now and nothing is left travelling. */
  finish(): void {
    const pending = this.cues;
    this.cues = [];
    this.travellers = [];
    for (const cue of pending) cue.run();
    this.draw();
  }

  private draw(): void {
    const g = this.layer;
    g.clear();
    for (const m of this.travellers) {
      const t = (this.elapsed - m.delay) / m.duration;
      if (t < 0 || t > 1) continue;
      const e = easeInOut(t);
      this.drawOne(g, m, { x: m.from.x + (m.to.x - m.from.x) * e, y: m.from.y + (m.to.y - m.from.y) * e });
    }
  }
}

/** Slow at both ends, so a traveller leaves and lands gently. */
function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
