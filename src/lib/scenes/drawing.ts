/**
 * Small drawing helpers the scenes share: dashed lines, arrows, the pale plate under a
 * label that lies over lines, and a pool of text labels reused from frame to frame.
 */
import { Container, Text, type Graphics } from 'pixi.js';
import type { Point } from '$lib/geometry';
import { anchored, type Rect } from './labelSpots';
import { textStyle } from './thresholdParts';
import { ink, white } from './sceneStyle';

/** The box a text takes where it stands now (its anchor at its position), widened by `pad` on the left and right. */
export function textBox(t: Text, pad = 0): Rect {
  const box = anchored(t.position.x, t.position.y, t.width, t.height, t.anchor.x, t.anchor.y);
  return { ...box, x: box.x - pad, width: box.width + 2 * pad };
}

/** A pale rounded plate under a label, so lines and shading beneath it leave the words readable. */
export function labelPlate(g: Graphics, box: Rect): void {
  g.roundRect(box.x, box.y, box.width, box.height, 4).fill({ color: white, alpha: 0.8 });
}

/** A dashed line from a to b, added to g's path (the caller strokes it). */
export function dashed(g: Graphics, a: Point, b: Point, dash: number, gap: number): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length < 1) return;
  const ux = (b.x - a.x) / length;
  const uy = (b.y - a.y) / length;
  for (let s = 0; s < length; s += dash + gap) {
    const e = Math.min(length, s + dash);
    g.moveTo(a.x + ux * s, a.y + uy * s).lineTo(a.x + ux * e, a.y + uy * e);
  }
}

/** An arrow from a to b, stroked and filled in one colour. */
export function arrow(g: Graphics, a: Point, b: Point, color: number, width: number): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  if (length < 2) return;
  const ux = (b.x - a.x) / length;
  const uy = (b.y - a.y) / length;
  const head = Math.min(12, length * 0.6);
  g.moveTo(a.x, a.y)
    .lineTo(b.x - ux * head * 0.8, b.y - uy * head * 0.8)
    .stroke({ width, color, cap: 'round' });
  g.poly([b.x, b.y, b.x - ux * head - uy * head * 0.5, b.y - uy * head + ux * head * 0.5, b.x - ux * head + uy * head * 0.5, b.y - uy * head - ux * head * 0.5]).fill(color);
}

/** Reuses Text objects from frame to frame instead of making new ones each redraw. */
export class TextPool {
  readonly container = new Container();
  private readonly items: Text[] = [];
  private used = 0;

  begin(): void {
    this.used = 0;
  }

  take(text: string, fontSize: number, fill = ink, weight: '400' | '600' | '700' = '600'): Text {
    let item = this.items[this.used];
    if (!item) {
      item = new Text({ text: '', style: textStyle(fontSize, fill, weight) });
      this.items.push(item);
      this.container.addChild(item);
    }
    this.used++;
    item.visible = true;
    item.text = text;
    item.style.fontSize = fontSize;
    item.style.fill = fill;
    item.style.fontWeight = weight;
    item.rotation = 0;
    item.anchor.set(0.5);
    return item;
  }

  end(): void {
    for (let i = this.used; i < this.items.length; i++) this.items[i].visible = false;
  }
}
