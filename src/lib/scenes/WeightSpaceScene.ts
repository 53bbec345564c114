/**
 * A perceptron's weights as a path through weight space: w1 across, w2 up, the bias in
 * depth (see weightSpace.ts for the projection). Each update is one segment; a loop the
 * rule has closed is drawn thick, with arrows, each corner labelled with its bias, so a
 * learner sees the rule walk the same circuit again and again. The path is redrawn from
 * the view each time; it holds no state of its own beyond the layout.
 */
import { Container, Graphics, Text } from 'pixi.js';
import { colors, hexToNumber, sizes } from '$lib/theme';
import { dashed } from './drawing';
import { anchored, around, pickSpot, type Rect } from './labelSpots';
import { textStyle } from './thresholdParts';
import { SceneBase } from './SceneBase';
import type { Point } from '$lib/geometry';
import { extentOf, fitProjection, formatWeights, project, type Projection, type WeightExtent, type WeightPoint, type WeightSpaceView } from './weightSpace';
import { grid, inactive, ink, muted, white } from './sceneStyle';

const loop = hexToNumber(colors.active);
const current = hexToNumber(colors.positive);
const pocket = hexToNumber(colors.correct);

type Pt = { x: number; y: number };

function arrowHead(g: Graphics, from: Pt, to: Pt, size: number): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  const tip = { x: mid.x + Math.cos(angle) * size * 0.6, y: mid.y + Math.sin(angle) * size * 0.6 };
  const left = { x: tip.x - Math.cos(angle - 0.5) * size, y: tip.y - Math.sin(angle - 0.5) * size };
  const right = { x: tip.x - Math.cos(angle + 0.5) * size, y: tip.y - Math.sin(angle + 0.5) * size };
  g.poly([tip.x, tip.y, left.x, left.y, right.x, right.y]).fill({ color: loop });
}

export class WeightSpaceScene extends SceneBase<WeightSpaceView, Record<string, never>> {
  private readonly axes = new Graphics();
  private readonly path = new Graphics();
  private readonly marks = new Graphics();
  private readonly labels = new Container();
  private extent?: WeightExtent;
  /** the boxes of the words and marks drawn so far, which a label beside a point keeps clear of */
  private taken: Rect[] = [];

  protected build(): void {
    this.root.addChild(this.axes, this.path, this.marks, this.labels);
  }

  /** Nothing here moves on its own: every view is drawn as it is. */
  protected show(view: WeightSpaceView): void {
    const extent = extentOf(view);
    const old = this.extent;
    // During a run the box only grows, so the axes do not jump back and forth; a new run starts afresh.
    this.extent =
      !old || view.points.length <= 1
        ? extent
        : { w1: Math.max(extent.w1, old.w1), w2: Math.max(extent.w2, old.w2), b: Math.max(extent.b, old.b) };
    this.draw();
  }

  protected layout(): void {
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    const extent = this.extent;
    for (const child of this.labels.removeChildren()) child.destroy();
    this.axes.clear();
    this.path.clear();
    this.marks.clear();
    this.taken = [];
    if (!view || !extent || this.width === 0 || this.height === 0) return;
    const at = fitProjection(extent, this.width, this.height, Math.max(40, Math.min(this.width, this.height) * 0.1));
    this.drawAxes(extent, at);
    this.drawPath(view, at);
  }

  private text(content: string, x: number, y: number, size: number, fill = ink, anchor: [number, number] = [0.5, 0.5]): Text {
    const t = new Text({ text: content, style: textStyle(size, fill) });
    t.anchor.set(anchor[0], anchor[1]);
    t.position.set(Math.round(x), Math.round(y));
    this.labels.addChild(t);
    this.taken.push(anchored(t.x, t.y, t.width, t.height, anchor[0], anchor[1]));
    return t;
  }

  /** A label beside a point, on whichever side covers no other word or mark (labelSpots). */
  private besidePoint(content: string, p: Point, gap: number, size: number): void {
    const t = new Text({ text: content, style: textStyle(size, ink) });
    // close by first, then a step farther out when everything close is taken
    const spots = [gap, 2.5 * gap].flatMap((d): [number, number, number, number][] => [
      [p.x + d, p.y - d, 0, 1], [p.x - d, p.y - d, 1, 1], [p.x + d, p.y + d, 0, 0], [p.x - d, p.y + d, 1, 0],
      [p.x + d + 2, p.y, 0, 0.5], [p.x - d - 2, p.y, 1, 0.5], [p.x, p.y - d - 2, 0.5, 1], [p.x, p.y + d + 2, 0.5, 0]
    ]);
    const boxes = spots.map(([x, y, ax, ay]) => anchored(x, y, t.width, t.height, ax, ay));
    const k = pickSpot(boxes, { inside: { x: 0, y: 0, width: this.width, height: this.height }, taken: this.taken });
    const [x, y, ax, ay] = spots[k];
    t.anchor.set(ax, ay);
    t.position.set(Math.round(x), Math.round(y));
    this.labels.addChild(t);
    this.taken.push(boxes[k]);
  }

  private drawAxes(extent: WeightExtent, at: Projection): void {
    const g = this.axes;
    const font = Math.max(sizes.fontSmall - 2, Math.min(sizes.fontSmall + 2, at.scale * 0.3));
    // the b = 0 plane: a grid on whole numbers of w1 and w2
    for (let i = -extent.w1; i <= extent.w1; i++) {
      const a = project({ w1: i, w2: -extent.w2, b: 0 }, at);
      const b = project({ w1: i, w2: extent.w2, b: 0 }, at);
      g.moveTo(a.x, a.y).lineTo(b.x, b.y);
    }
    for (let j = -extent.w2; j <= extent.w2; j++) {
      const a = project({ w1: -extent.w1, w2: j, b: 0 }, at);
      const b = project({ w1: extent.w1, w2: j, b: 0 }, at);
      g.moveTo(a.x, a.y).lineTo(b.x, b.y);
    }
    g.stroke({ width: 1, color: grid });
    const w1End = project({ w1: extent.w1, w2: 0, b: 0 }, at);
    const w1Start = project({ w1: -extent.w1, w2: 0, b: 0 }, at);
    const w2End = project({ w1: 0, w2: extent.w2, b: 0 }, at);
    const w2Start = project({ w1: 0, w2: -extent.w2, b: 0 }, at);
    const bEnd = project({ w1: 0, w2: 0, b: extent.b }, at);
    const bStart = project({ w1: 0, w2: 0, b: -extent.b }, at);
    g.moveTo(w1Start.x, w1Start.y).lineTo(w1End.x, w1End.y);
    g.moveTo(w2Start.x, w2Start.y).lineTo(w2End.x, w2End.y);
    g.stroke({ width: 1.5, color: muted });
    dashed(g, bStart, bEnd, 6, 4);
    g.stroke({ width: 1.5, color: muted });
    // ticks on the bias axis, so depth can be counted
    for (let k = -extent.b; k <= extent.b; k++) {
      if (k === 0) continue;
      const p = project({ w1: 0, w2: 0, b: k }, at);
      g.circle(p.x, p.y, 2).fill({ color: muted });
    }
    this.text('w1', w1End.x + 6, w1End.y, font + 1, ink, [0, 0.5]);
    this.text('w2', w2End.x, w2End.y - 6, font + 1, ink, [0.5, 1]);
    this.text(`b = ${extent.b}`, bEnd.x + 4, bEnd.y - 4, font, muted, [0, 1]);
    this.text(`b = −${extent.b}`, bStart.x - 4, bStart.y + 4, font, muted, [1, 0]);
    this.text(String(extent.w1), w1End.x, w1End.y + 4, font - 1, muted, [0.5, 0]);
    this.text(`−${extent.w1}`, w1Start.x, w1Start.y + 4, font - 1, muted, [0.5, 0]);
    this.text(String(extent.w2), w2End.x - 4, w2End.y, font - 1, muted, [1, 0.5]);
    this.text(`−${extent.w2}`, w2Start.x - 4, w2Start.y, font - 1, muted, [1, 0.5]);
  }

  private drawPath(view: WeightSpaceView, at: Projection): void {
    const g = this.path;
    const m = this.marks;
    const points = view.points;
    const fadeBefore = view.fadeBefore ?? 0;
    const screen = points.map((p) => project(p, at));
    const dot = Math.max(3, Math.min(7, at.scale * 0.12));
    const font = Math.max(sizes.fontSmall - 1, Math.min(sizes.fontSmall + 2, at.scale * 0.28));

    // the path so far: faded before `fadeBefore`, plain after
    for (let i = 1; i < screen.length; i++) {
      g.moveTo(screen[i - 1].x, screen[i - 1].y).lineTo(screen[i].x, screen[i].y);
      g.stroke({ width: i <= fadeBefore ? 1 : 1.75, color: i <= fadeBefore ? inactive : muted, alpha: i <= fadeBefore ? 0.6 : 0.9 });
    }
    for (let i = Math.max(0, fadeBefore); i < screen.length; i++) m.circle(screen[i].x, screen[i].y, dot * 0.55).fill({ color: muted });

    // the loop: thick, with arrows and each corner's weights
    const corners: number[] = [];
    if (view.cycle) {
      const { from, to } = view.cycle;
      for (let i = from + 1; i <= to; i++) {
        g.moveTo(screen[i - 1].x, screen[i - 1].y).lineTo(screen[i].x, screen[i].y);
      }
      g.stroke({ width: 4, color: loop, cap: 'round', join: 'round' });
      for (let i = from + 1; i <= to; i++) arrowHead(m, screen[i - 1], screen[i], Math.max(8, dot * 2));
      const labelled = new Set<string>();
      for (let i = from; i <= to; i++) {
        const p = points[i];
        const key = `${p.w1},${p.w2},${p.b}`;
        if (labelled.has(key)) continue;
        labelled.add(key);
        corners.push(i);
        this.dropLine(p, at);
        m.circle(screen[i].x, screen[i].y, dot).fill({ color: loop }).stroke({ width: 2, color: white });
        this.taken.push(around(screen[i].x, screen[i].y, dot + 1));
      }
    }

    if (view.marker) {
      const p = project(view.marker, at);
      const r = dot * 1.4;
      m.poly([p.x, p.y - r, p.x + r, p.y, p.x, p.y + r, p.x - r, p.y]).fill({ color: pocket }).stroke({ width: 2, color: white });
      this.text(view.marker.label, p.x, p.y + r + 3, font - 1, ink, [0.5, 0]);
    }

    // where it started: a square; where it is now: a large disc with a drop to b = 0
    if (screen.length > 0) {
      const s = screen[0];
      m.rect(s.x - dot, s.y - dot, 2 * dot, 2 * dot).fill({ color: white }).stroke({ width: 2, color: ink });
      const last = points[points.length - 1];
      const e = screen[screen.length - 1];
      this.dropLine(last, at);
      m.circle(e.x, e.y, dot * 1.5).fill({ color: current }).stroke({ width: 2.5, color: white });
      this.taken.push(around(s.x, s.y, dot + 1), around(e.x, e.y, dot * 1.5 + 2));
      this.text(formatWeights(last), 8, 8, font, ink, [0, 0]);
    }
    // every mark and fixed word is down before a corner is named, so no name covers one
    for (const i of corners) this.besidePoint(`(${short(points[i].w1)}, ${short(points[i].w2)}, ${short(points[i].b)})`, screen[i], dot + 3, font - 1);
  }

  /** A dashed drop from a point to its shadow on the b = 0 plane, so its bias shows as a length. */
  private dropLine(p: WeightPoint, at: Projection): void {
    if (p.b === 0) return;
    const top = project(p, at);
    const foot = project({ ...p, b: 0 }, at);
    dashed(this.marks, top, foot, 3, 3);
    this.marks.stroke({ width: 1.25, color: muted });
    this.marks.circle(foot.x, foot.y, 3).stroke({ width: 1.25, color: muted });
  }
}

function short(x: number): string {
  return (Number.isInteger(x) ? String(x) : x.toFixed(1)).replace('-', '−');
}
