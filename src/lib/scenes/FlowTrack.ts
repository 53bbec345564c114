/**
 * Timing for NetworkScene: markers that travel along edges, and cues that change what
 * is drawn when they land (a unit shows its value once its inputs arrive). Kept apart
 * from the drawing so that reduced motion, or a new view mid-flight, is one call: finish().
 */
import type { Graphics } from 'pixi.js';
import type { Point } from './networkView';

export interface Marker {
  readonly from: Point;
  readonly to: Point;
  readonly color: number;
  /** forward markers are discs; backward ones diamonds, so direction does not rest on colour */
  readonly shape: 'disc' | 'diamond';
  readonly radius: number;
  /** ms after play() */
  readonly delay: number;
  readonly duration: number;
}

export interface FlowCue {
  /** ms after play() */
  readonly at: number;
  readonly run: () => void;
}

export class FlowTrack {
  private markers: readonly Marker[] = [];
  private cues: FlowCue[] = [];
  private elapsed = 0;
  private end = 0;

  constructor(
    private readonly layer: Graphics,
    private readonly outline: number
  ) {}

  get busy(): boolean {
    return this.markers.length > 0 || this.cues.length > 0;
  }

  /** Starts a new sequence, first completing the one under way so no cue is lost. */
  play(markers: readonly Marker[], cues: readonly FlowCue[]): void {
    this.finish();
    this.markers = markers;
    this.cues = [...cues].sort((a, b) => a.at - b.at);
    this.elapsed = 0;
    this.end = Math.max(0, ...markers.map((m) => m.delay + m.duration), ...cues.map((c) => c.at));
    this.draw();
  }

  /** Advances by `ms`; call from the ticker. */
  tick(ms: number): void {
    if (!this.busy) return;
    this.elapsed += ms;
    while (this.cues.length > 0 && this.cues[0].at <= this.elapsed) this.cues.shift()!.run();
    if (this.elapsed >= this.end) this.markers = [];
    this.draw();
  }

  /** Jumps to the end: every pending cue runs now and no marker is left drawn. */
  finish(): void {
    const pending = this.cues;
    this.cues = [];
    this.markers = [];
    for (const cue of pending) cue.run();
    this.draw();
  }

  private draw(): void {
    const g = this.layer;
    g.clear();
    for (const m of this.markers) {
      const t = (this.elapsed - m.delay) / m.duration;
      if (t < 0 || t > 1) continue;
      const e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      const x = m.from.x + (m.to.x - m.from.x) * e;
      const y = m.from.y + (m.to.y - m.from.y) * e;
      const r = m.radius;
      if (m.shape === 'disc') g.circle(x, y, r);
      else g.poly([x, y - r * 1.25, x + r * 1.25, y, x, y + r * 1.25, x - r * 1.25, y]);
      g.fill(m.color).stroke({ width: 1.5, color: this.outline });
    }
  }
}
