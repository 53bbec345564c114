/**
 * Timing for the threshold scenes: pulses that travel along connections, and the
 * moments their arrival changes what is drawn (a unit lights up when its pulses land).
 * Kept apart from the drawing so that reduced motion is one call: finish().
 */
import type { Graphics } from 'pixi.js';
import type { ConnectionKind } from '$lib/models/neuron';
import { colors, hexToNumber } from '$lib/theme';
import { kindColor, lerp, type Point } from './thresholdParts';

export interface Pulse {
  readonly from: Point;
  readonly to: Point;
  readonly kind: ConnectionKind;
  /** ms after play() */
  readonly delay: number;
  readonly duration: number;
}

export interface Cue {
  /** ms after play() */
  readonly at: number;
  readonly run: () => void;
}

const ink = hexToNumber(colors.ink);

export class PulseTrack {
  private pulses: readonly Pulse[] = [];
  private cues: Cue[] = [];
  private elapsed = 0;
  private end = 0;
  scale = 1;

  constructor(private readonly layer: Graphics) {}

  get busy(): boolean {
    return this.pulses.length > 0 || this.cues.length > 0;
  }

  /** Starts a new sequence, first completing any that is under way so no cue is lost. */
  play(pulses: readonly Pulse[], cues: readonly Cue[]): void {
    this.finish();
    this.pulses = pulses;
    this.cues = [...cues].sort((a, b) => a.at - b.at);
    this.elapsed = 0;
    this.end = Math.max(0, ...pulses.map((p) => p.delay + p.duration), ...cues.map((c) => c.at));
    this.draw();
  }

  /** Advances by `ms`; call from the ticker. */
  tick(ms: number): void {
    if (!this.busy) return;
    this.elapsed += ms;
    while (this.cues.length > 0 && this.cues[0].at <= this.elapsed) this.cues.shift()!.run();
    if (this.elapsed >= this.end) this.pulses = [];
    this.draw();
  }

  /** Jumps to the end state: every pending cue runs now, no pulse is left drawn. */
  finish(): void {
    const pending = this.cues;
    this.cues = [];
    this.pulses = [];
    for (const cue of pending) cue.run();
    this.draw();
  }

  private draw(): void {
    const g = this.layer;
    g.clear();
    const r = 7 * this.scale;
    for (const p of this.pulses) {
      const t = (this.elapsed - p.delay) / p.duration;
      if (t < 0 || t > 1) continue;
      const at = lerp(p.from, p.to, easeInOut(t));
      // inhibitory pulses are squares, excitatory ones round: shape, not only colour
      if (p.kind === 'excitatory') g.circle(at.x, at.y, r);
      else g.rect(at.x - r, at.y - r, 2 * r, 2 * r);
      g.fill(kindColor(p.kind)).stroke({ width: 2, color: ink });
    }
  }
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
