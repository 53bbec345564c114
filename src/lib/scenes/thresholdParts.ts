/**
 * The visual language of threshold logic, shared by NeuronScene and CircuitScene:
 * bit nodes, units and the two kinds of connection. Meaning never rests on colour
 * alone: a node's state is written in it, an excitatory connection is solid with an
 * arrow, an inhibitory one dashed with a bar, and a unit says in words what it does.
 */
import type { Point } from '$lib/geometry';
import { Circle, Container, Graphics, Text, type TextStyleOptions } from 'pixi.js';
import type { ConnectionKind } from '$lib/models/neuron';
import { colors, hexToNumber, sizes } from '$lib/theme';
import type { Travel } from './Track';
import { active, fontFamily, inactive, ink, muted, white } from './sceneStyle';

export type { Point };

export function textStyle(fontSize: number, fill: number = ink, fontWeight: TextStyleOptions['fontWeight'] = '600'): TextStyleOptions {
  return { fontFamily, fontSize, fill, fontWeight };
}

function label(fontSize: number, fill = ink): Text {
  const t = new Text({ text: '', style: textStyle(fontSize, fill) });
  t.anchor.set(0.5);
  return t;
}

/** Font size that scales with the stage but never drops below legible. */
export function fontFor(radius: number, scale: number): number {
  return Math.max(sizes.fontSmall, Math.round(radius * scale));
}

/**
 * An input or output: a circle holding its value (1 or 0) with its name beside it.
 * On is filled, off is hollow, and the digit says which either way.
 */
export class BitNode {
  readonly container = new Container();
  private readonly disc = new Graphics();
  private readonly digit = label(16);
  private readonly name = label(16);
  private readonly state = label(12, muted);
  radius = 20;
  on = false;

  constructor(
    name: string,
    private readonly nameSide: 'left' | 'right',
    onTap?: () => void
  ) {
    this.name.text = name;
    this.container.addChild(this.disc, this.digit, this.name, this.state);
    if (onTap) {
      this.container.eventMode = 'static';
      this.container.cursor = 'pointer';
      this.container.on('pointertap', onTap);
    }
  }

  layout(at: Point, radius: number): void {
    this.radius = radius;
    this.container.position.set(at.x, at.y);
    // a touch target of at least 44 CSS pixels, larger than the drawn disc when needed
    this.container.hitArea = new Circle(0, 0, Math.max(radius + 6, sizes.target / 2));
    const big = fontFor(radius, 0.9);
    this.digit.style.fontSize = big;
    this.name.style.fontSize = big;
    this.state.style.fontSize = fontFor(radius, 0.55);
    const side = this.nameSide === 'left' ? -1 : 1;
    // name and state sit beside the disc, not under it, so stacked inputs never collide
    const anchorX = this.nameSide === 'left' ? 1 : 0;
    this.name.anchor.set(anchorX, 0.5);
    this.state.anchor.set(anchorX, 0.5);
    this.name.position.set(side * (radius + 8), -big * 0.45);
    this.state.position.set(side * (radius + 8), this.state.style.fontSize * 0.7);
    this.draw();
  }

  set(on: boolean): void {
    this.on = on;
    this.draw();
  }

  private draw(): void {
    const r = this.radius;
    this.disc.clear();
    this.disc.circle(0, 0, r).fill(this.on ? active : white).stroke({ width: this.on ? 3 : 2, color: this.on ? ink : inactive });
    this.digit.text = this.on ? '1' : '0';
    this.digit.style.fill = this.on ? ink : muted;
    this.state.text = this.on ? 'on' : 'off';
  }
}

export interface UnitState {
  readonly threshold: number;
  readonly sum: number;
  readonly inhibited: boolean;
  readonly fires: boolean;
}

/** A McCulloch–Pitts unit: a large circle showing its live sum against θ, and what it does. */
export class UnitNode {
  readonly container = new Container();
  private readonly body = new Graphics();
  private readonly sumText = label(18);
  private readonly thetaText = label(16);
  private readonly verdict = label(14);
  private readonly title = label(14, muted);
  radius = 50;
  private state: UnitState = { threshold: 0, sum: 0, inhibited: false, fires: false };

  constructor(name: string) {
    this.title.text = name;
    this.container.addChild(this.body, this.sumText, this.thetaText, this.verdict, this.title);
  }

  layout(at: Point, radius: number): void {
    this.radius = radius;
    this.container.position.set(at.x, at.y);
    this.sumText.style.fontSize = fontFor(radius, 0.36);
    this.thetaText.style.fontSize = fontFor(radius, 0.3);
    this.verdict.style.fontSize = fontFor(radius, 0.28);
    this.title.style.fontSize = fontFor(radius, 0.26);
    this.sumText.position.set(0, -radius * 0.22);
    this.thetaText.position.set(0, radius * 0.28);
    this.verdict.position.set(0, radius + this.verdict.style.fontSize * 0.9);
    this.title.position.set(0, -radius - this.title.style.fontSize * 0.9);
    this.draw();
  }

  set(state: UnitState): void {
    this.state = state;
    this.draw();
  }

  private draw(): void {
    const { threshold, sum, inhibited, fires } = this.state;
    const r = this.radius;
    this.body.clear();
    if (fires) this.body.circle(0, 0, r + 7).fill({ color: active, alpha: 0.3 });
    this.body.circle(0, 0, r).fill(fires ? active : white).stroke({ width: fires ? 4 : 2.5, color: ink });
    // a line between the live sum and the threshold it is held against
    this.body.moveTo(-r * 0.55, r * 0.02).lineTo(r * 0.55, r * 0.02).stroke({ width: 1.5, color: fires ? ink : inactive });
    this.sumText.text = `sum ${sum}`;
    this.thetaText.text = `θ = ${threshold}`;
    this.verdict.text = inhibited ? 'inhibited' : fires ? 'fires' : 'silent';
    this.verdict.style.fill = inhibited ? hexToNumber(colors.negative) : fires ? ink : muted;
  }
}

/** The points where a connection between two circles leaves the first and meets the second. */
export function edgePoints(from: Point, fromRadius: number, to: Point, toRadius: number): [Point, Point] {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  return [
    { x: from.x + ux * fromRadius, y: from.y + uy * fromRadius },
    { x: to.x - ux * toRadius, y: to.y - uy * toRadius }
  ];
}

export function kindColor(kind: ConnectionKind): number {
  return hexToNumber(kind === 'excitatory' ? colors.positive : colors.negative);
}

/**
 * Draws a connection into `g`: excitatory solid ending in an arrowhead, inhibitory
 * dashed ending in a bar across the line, so the two differ in print and in grey.
 * `live` thickens it while its source is on.
 */
export function drawConnection(g: Graphics, a: Point, b: Point, kind: ConnectionKind, live: boolean, scale = 1, color = kindColor(kind)): void {
  const width = (live ? 4 : 2.5) * scale;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const head = 12 * scale;
  const end = { x: b.x - ux * (kind === 'excitatory' ? head * 0.9 : 2), y: b.y - uy * (kind === 'excitatory' ? head * 0.9 : 2) };
  if (kind === 'excitatory') {
    g.moveTo(a.x, a.y).lineTo(end.x, end.y).stroke({ width, color, cap: 'round' });
    g.poly([b.x, b.y, b.x - ux * head - uy * head * 0.55, b.y - uy * head + ux * head * 0.55, b.x - ux * head + uy * head * 0.55, b.y - uy * head - ux * head * 0.55]).fill(color);
  } else {
    const dash = 9 * scale;
    const gap = 6 * scale;
    const total = Math.hypot(end.x - a.x, end.y - a.y);
    for (let s = 0; s < total; s += dash + gap) {
      const e = Math.min(s + dash, total);
      g.moveTo(a.x + ux * s, a.y + uy * s).lineTo(a.x + ux * e, a.y + uy * e);
    }
    g.stroke({ width, color, cap: 'butt' });
    const bar = head * 0.85;
    g.moveTo(b.x - uy * bar, b.y + ux * bar).lineTo(b.x + uy * bar, b.y - ux * bar).stroke({ width: width + 2 * scale, color, cap: 'round' });
  }
}

/** A pulse running along a connection: its kind gives its colour and its shape. */
export interface Pulse extends Travel {
  readonly kind: ConnectionKind;
}

/** One pulse at `at`, its size following the stage's `scale`: inhibitory pulses are squares, excitatory ones round. */
export function drawPulse(g: Graphics, pulse: Pulse, at: Point, scale: number): void {
  const r = 7 * scale;
  if (pulse.kind === 'excitatory') g.circle(at.x, at.y, r);
  else g.rect(at.x - r, at.y - r, 2 * r, 2 * r);
  g.fill(kindColor(pulse.kind)).stroke({ width: 2, color: ink });
}
