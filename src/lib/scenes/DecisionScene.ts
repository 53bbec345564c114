/**
 * Points in a plane and the lines that linear threshold units draw through it: the
 * picture of chapters 2 and 3. Classes differ by shape and colour; the plane is shaded
 * by the class the units give it, with the class named inside its region; each unit's
 * line carries a short arrow to the side where it fires. A highlighted sample gets a
 * ring, and when it caused an update the old line stays behind, dashed, with an arrow
 * to the new one. The learner may drag a line by its two handles (the unit's own, or
 * a guess: DecisionHandles) and tap a point to pick it. Instead of the regions, a
 * model's probability may shade the plane (HeatmapImage, the palette of every heatmap).
 *
 * Lines glide to new weights over `transitionMs`; with reduced motion they jump.
 */
import { Graphics, Rectangle, type Application, type FederatedPointerEvent, type Text } from 'pixi.js';
import { segmentInBox } from '$lib/geometry';
import { colors, hexToNumber, sizes } from '$lib/theme';
import { DecisionHandles } from './DecisionHandles';
import { HeatmapImage } from './HeatmapImage';
import { arrow, dashed, labelPlate, TextPool } from './drawing';
import {
  centroid,
  classRegions,
  decisionSegment,
  footOn,
  niceTicks,
  shapeOf,
  type DecisionCallbacks,
  type DecisionUnit,
  type DecisionView,
  type Point
} from './decisionView';
import { anchored, around, pickSpot, type Rect } from './labelSpots';
import { SceneBase } from './SceneBase';
import { classColour, grid, ink, muted, white } from './sceneStyle';

type Coefficients = { weights: [number, number]; bias: number };

function marker(g: Graphics, label: number, x: number, y: number, r: number): void {
  const shape = shapeOf(label);
  if (shape === 'circle') g.circle(x, y, r);
  else if (shape === 'square') g.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === 'triangle') g.poly([x, y - r * 1.15, x + r * 1.05, y + r * 0.75, x - r * 1.05, y + r * 0.75]);
  else g.poly([x, y - r * 1.2, x + r * 1.05, y, x, y + r * 1.2, x - r * 1.05, y]);
}

export class DecisionScene extends SceneBase<DecisionView, DecisionCallbacks> {
  private readonly shadeImage = new HeatmapImage();
  private readonly regionLayer = new Graphics();
  private readonly axisLayer = new Graphics();
  private readonly pointLayer = new Graphics();
  private readonly lineLayer = new Graphics();
  private readonly highlightLayer = new Graphics();
  /** pale pills behind region names, so a name stays legible over points */
  private readonly labelBacks = new Graphics();
  private readonly texts = new TextPool();
  private readonly axisTexts = new TextPool();
  private plot = { left: 0, top: 0, width: 1, height: 1 };
  private readonly handles = new DecisionHandles({
    view: () => this.view,
    plot: () => this.plot,
    toScreen: (p) => this.toScreen(p),
    toData: (p) => this.toData(p),
    onedit: (target, p, q) => {
      this.callbacks.onedit?.(target, p, q);
      this.drawDynamic();
    }
  });
  /** the coefficients drawn now, and the glide between two sets of them */
  private shown: Coefficients[] = [];
  private from: Coefficients[] = [];
  private to: Coefficients[] = [];
  private glideStart = 0;
  private glideMs = 0;
  private clock = 0;
  private drawnPoints?: DecisionView['points'];

  protected build(app: Application): void {
    this.root.addChild(this.shadeImage.sprite, this.regionLayer, this.axisLayer, this.axisTexts.container, this.lineLayer, this.pointLayer, this.highlightLayer, this.labelBacks, this.texts.container, ...this.handles.graphics);
    app.stage.eventMode = 'static';
    app.stage.on('pointertap', this.onTap);
    this.handles.attach(app);
  }

  protected tick(ms: number): void {
    this.clock += ms;
    if (this.glideMs > 0) this.advanceGlide();
  }

  protected settle(): void {
    if (this.glideMs === 0) return;
    this.glideMs = 0;
    this.shown = this.to;
    this.drawDynamic();
  }

  protected show(view: DecisionView, previous: DecisionView | undefined): void {
    const next = view.units.map((u): Coefficients => ({ weights: [u.weights[0], u.weights[1]], bias: u.bias }));
    const sameShape = previous && previous.units.length === view.units.length;
    const changed = !sameShape || next.some((c, k) => c.bias !== this.to[k]?.bias || c.weights[0] !== this.to[k]?.weights[0] || c.weights[1] !== this.to[k]?.weights[1]);
    const duration = view.transitionMs ?? 0;
    if (changed) {
      if (!sameShape || this.reduced || duration <= 0 || !this.app || this.handles.active) {
        this.shown = next;
        this.glideMs = 0;
      } else {
        this.from = this.shown;
        this.glideStart = this.clock;
        this.glideMs = duration;
      }
      this.to = next;
    }
    if (!previous || previous.box !== view.box || previous.xLabel !== view.xLabel || previous.yLabel !== view.yLabel) this.drawAxes();
    if (this.drawnPoints !== view.points || previous?.box !== view.box) this.drawPoints();
    if (previous?.shade !== view.shade) this.drawShade();
    this.handles.release();
    this.drawDynamic();
  }

  protected layout(): void {
    const { width, height } = this;
    const left = Math.max(52, Math.min(72, width * 0.09));
    const bottom = 46;
    const top = 14;
    const right = 14;
    this.plot = { left, top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) };
    if (this.app) this.app.stage.hitArea = new Rectangle(0, 0, width, height);
    this.handles.release(true);
    this.drawAxes();
    this.drawPoints();
    this.drawShade();
    this.drawDynamic();
  }

  protected teardown(): void {
    this.app?.stage.off('pointertap', this.onTap);
    this.handles.detach();
    this.shadeImage.destroy();
  }

  private readonly toScreen = (p: Point): Point => {
    const box = this.view!.box;
    return {
      x: this.plot.left + ((p.x - box.xMin) / (box.xMax - box.xMin)) * this.plot.width,
      y: this.plot.top + this.plot.height - ((p.y - box.yMin) / (box.yMax - box.yMin)) * this.plot.height
    };
  };

  private readonly toData = (p: Point): Point => {
    const box = this.view!.box;
    return {
      x: box.xMin + ((p.x - this.plot.left) / this.plot.width) * (box.xMax - box.xMin),
      y: box.yMin + ((this.plot.top + this.plot.height - p.y) / this.plot.height) * (box.yMax - box.yMin)
    };
  };

  private advanceGlide(): void {
    const t = Math.min(1, (this.clock - this.glideStart) / this.glideMs);
    const ease = t * t * (3 - 2 * t);
    this.shown = this.to.map((c, k) => {
      const a = this.from[k] ?? c;
      return {
        weights: [a.weights[0] + (c.weights[0] - a.weights[0]) * ease, a.weights[1] + (c.weights[1] - a.weights[1]) * ease],
        bias: a.bias + (c.bias - a.bias) * ease
      };
    });
    if (t >= 1) {
      this.glideMs = 0;
      this.shown = this.to;
    }
    this.drawDynamic();
  }

  private drawAxes(): void {
    const view = this.view;
    const g = this.axisLayer;
    g.clear();
    this.axisTexts.begin();
    if (!view || this.width === 0) {
      this.axisTexts.end();
      return;
    }
    const { left, top, width, height } = this.plot;
    const small = sizes.fontSmall;
    const box = view.box;
    for (const x of niceTicks(box.xMin, box.xMax, Math.max(3, Math.floor(width / 90)))) {
      const sx = this.toScreen({ x, y: box.yMin }).x;
      g.moveTo(sx, top).lineTo(sx, top + height).stroke({ width: 1, color: grid, alpha: 0.7 });
      // hung from a gap below the plot, so the lowest y tick beside the corner never meets the first x tick
      const t = this.axisTexts.take(String(x), small, muted, '400');
      t.anchor.set(0.5, 0);
      t.position.set(sx, top + height + 8);
    }
    for (const y of niceTicks(box.yMin, box.yMax, Math.max(3, Math.floor(height / 70)))) {
      const sy = this.toScreen({ x: box.xMin, y }).y;
      g.moveTo(left, sy).lineTo(left + width, sy).stroke({ width: 1, color: grid, alpha: 0.7 });
      const t = this.axisTexts.take(String(y), small, muted, '400');
      t.anchor.set(1, 0.5);
      t.position.set(left - 6, sy);
    }
    g.rect(left, top, width, height).stroke({ width: 1.5, color: muted });
    this.axisTexts.take(view.xLabel, small + 1, ink).position.set(left + width / 2, top + height + 33);
    const yl = this.axisTexts.take(view.yLabel, small + 1, ink);
    yl.rotation = -Math.PI / 2;
    yl.position.set(Math.max(10, left - 40), top + height / 2);
    this.axisTexts.end();
  }

  /** The probability under the plot: drawn when it changes, not on every frame of a glide. */
  private drawShade(): void {
    const shade = this.view?.shade;
    this.shadeImage.sprite.visible = Boolean(shade) && this.width > 0;
    if (!shade || this.width === 0) return;
    const { left, top, width, height } = this.plot;
    this.shadeImage.update(shade.grid, shade.resolution);
    this.shadeImage.place(left, top, width, height);
  }

  private drawPoints(): void {
    const view = this.view;
    const g = this.pointLayer;
    g.clear();
    if (!view || this.width === 0) return;
    this.drawnPoints = view.points;
    const r = this.pointRadius();
    // one path per class, so each class is one fill and the picture stays cheap
    const labels = [...new Set(view.points.map((p) => p.label))].sort();
    for (const label of labels) {
      for (const p of view.points) {
        if (p.label !== label) continue;
        const s = this.toScreen(p);
        marker(g, label, s.x, s.y, r);
      }
      g.fill({ color: classColour(label), alpha: 0.9 }).stroke({ width: 1.25, color: white });
    }
  }

  /** Everything that moves with the weights: regions, lines, the highlight and the handles. */
  private drawDynamic(): void {
    const view = this.view;
    this.texts.begin();
    this.regionLayer.clear();
    this.lineLayer.clear();
    this.highlightLayer.clear();
    this.labelBacks.clear();
    if (!view || this.width === 0) {
      this.texts.end();
      return;
    }
    const units: DecisionUnit[] = view.units.map((u, k) => ({ ...u, weights: this.shown[k]?.weights ?? u.weights, bias: this.shown[k]?.bias ?? u.bias }));
    const shownView = { ...view, units };
    const { left, top, width, height } = this.plot;
    // words go where they cover no other word, handle or ring, and as few points as they can
    const rules = { inside: { x: left, y: top, width, height }, taken: [] as Rect[], crowd: this.pointBoxes(), lines: [] as [Point, Point][] };
    const place = (t: Text, spots: readonly Point[], pill: number) => {
      const w = t.width + 2 * pill;
      const boxes = spots.map((p) => {
        const box = anchored(p.x, p.y, w, t.height, t.anchor.x, t.anchor.y);
        return { ...box, x: Math.min(left + width - w, Math.max(left, box.x)), y: Math.min(top + height - t.height, Math.max(top, box.y)) };
      });
      const k = pickSpot(boxes, rules);
      t.position.set(boxes[k].x + pill + t.anchor.x * t.width, boxes[k].y + t.anchor.y * t.height);
      rules.taken.push(boxes[k]);
      if (pill > 0) labelPlate(this.labelBacks, boxes[k]);
    };

    const update = view.update;
    if (update && view.highlight?.mistake) {
      const old = decisionSegment(update.weights, update.bias, view.box);
      if (old) {
        dashed(this.lineLayer, this.toScreen(old[0]), this.toScreen(old[1]), 8, 6);
        this.lineLayer.stroke({ width: 2, color: muted, alpha: 0.8 });
      }
    }

    units.forEach((unit, k) => {
      const segment = decisionSegment(unit.weights, unit.bias, view.box);
      if (!segment) return;
      const [a, b] = segment.map(this.toScreen);
      rules.lines.push([a, b]);
      // lines for the same class are ink, told apart by their dash; lines for different classes take their class's colour
      const oneClass = units.every((u) => u.label === units[0].label);
      const colour = oneClass ? ink : classColour(unit.label ?? k);
      if (unit.dashed) dashed(this.lineLayer, a, b, 12, 7);
      else this.lineLayer.moveTo(a.x, a.y).lineTo(b.x, b.y);
      this.lineLayer.stroke({ width: oneClass ? 3 : 2.5, color: colour });
      // the arrow points to the side where the unit fires (its weight vector, in screen space)
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const nx = (unit.weights[0] * this.plot.width) / (view.box.xMax - view.box.xMin);
      const ny = (-unit.weights[1] * this.plot.height) / (view.box.yMax - view.box.yMin);
      const n = Math.hypot(nx, ny) || 1;
      arrow(this.lineLayer, mid, { x: mid.x + (nx / n) * 26, y: mid.y + (ny / n) * 26 }, colour, 2.5);
      if (unit.name) {
        const t = this.texts.take(unit.name, sizes.fontSmall, colour, '700');
        // by either end of its line, stepping down (or up) past the names already there
        const spots = [a.y < b.y ? a : b, a.y < b.y ? b : a].flatMap((end) => {
          const right = end.x > left + width / 2;
          const down = end.y < top + height / 2 ? 1 : -1;
          return Array.from({ length: units.length + 1 }, (_, j) => ({ x: end.x + (right ? -7 : 7), y: end.y + down * (4 + t.height / 2 + j * (t.height + 3)), right }));
        });
        t.anchor.set(spots[0].right ? 1 : 0, 0.5);
        const mine = spots.filter((p) => p.right === spots[0].right);
        place(t, mine, 3);
      }
    });

    rules.taken.push(...this.handles.draw(view, units));

    const h = view.highlight;
    const sample = h ? view.points[h.index] : undefined;
    if (h && sample) {
      const s = this.toScreen(sample);
      this.highlightLayer.circle(s.x, s.y, 15).stroke({ width: 3, color: ink });
      this.highlightLayer.circle(s.x, s.y, 19).stroke({ width: 2, color: white });
      rules.taken.push(around(s.x, s.y, 20));
      const word = this.texts.take(h.caption ?? (h.mistake ? '✗ mistake' : '✓ right'), sizes.fontSmall + 1, h.mistake ? hexToNumber(colors.wrong) : ink, '700');
      if (word.text) {
        const dx = 24 + word.width / 2;
        const dy = 22 + word.height / 2;
        place(word, [
          { x: s.x, y: s.y - dy }, { x: s.x, y: s.y + dy }, { x: s.x + dx, y: s.y }, { x: s.x - dx, y: s.y },
          { x: s.x + dx, y: s.y - dy }, { x: s.x - dx, y: s.y - dy }, { x: s.x + dx, y: s.y + dy }, { x: s.x - dx, y: s.y + dy }
        ], 2);
      }
      if (update && h.mistake) {
        const unit = units[update.unit];
        const fromFoot = footOn(update.weights, update.bias, sample);
        const toFoot = unit ? footOn(unit.weights, unit.bias, sample) : null;
        if (fromFoot && toFoot) {
          const clipped = segmentInBox(fromFoot, toFoot, view.box);
          if (clipped) arrow(this.highlightLayer, this.toScreen(clipped[0]), this.toScreen(clipped[1]), hexToNumber(colors.active), 4);
        }
      }
    }

    const guess = this.handles.drawGuess(this.lineLayer, this.texts, view);
    if (guess) {
      const [a, b] = guess.ends;
      const along = (t: number, off: number) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t + off });
      place(guess.label, [along(0.5, -14), along(0.5, 14), along(0.3, -14), along(0.7, -14), along(0.3, 14), along(0.7, 14)], 0);
    }

    for (const region of classRegions(shownView)) {
      if (region.polygon.length < 3) continue;
      this.regionLayer.poly(region.polygon.flatMap((p) => { const s = this.toScreen(p); return [s.x, s.y]; })).fill({ color: classColour(region.label), alpha: 0.13 });
      const c = centroid(region.polygon);
      if (!c) continue;
      const name = view.classNames[region.label] ?? `class ${region.label}`;
      const t = this.texts.take(`${name} side`, sizes.fontSmall, muted, '700');
      // the centre of the region, then spots towards its corners, nearer ones first
      const towards = (f: number) => region.polygon.map((v) => ({ x: c.x + (v.x - c.x) * f, y: c.y + (v.y - c.y) * f }));
      const spots = [c, ...towards(0.35), ...towards(0.65), ...towards(0.9)].map(this.toScreen);
      place(t, spots, 4);
    }

    this.texts.end();
  }

  /** The boxes of the data points on screen: what a word had better not cover. */
  private pointBoxes(): Rect[] {
    const r = this.pointRadius() + 1;
    return (this.view?.points ?? []).map((p) => {
      const s = this.toScreen(p);
      return around(s.x, s.y, r);
    });
  }

  private pointRadius(): number {
    return Math.max(4, Math.min(7, this.plot.width / 90));
  }

  private readonly onTap = (event: FederatedPointerEvent): void => {
    const view = this.view;
    if (!view || !this.callbacks.onpick || this.handles.active) return;
    let best = -1;
    let bestDistance = Math.max(14, sizes.target / 2);
    view.points.forEach((p, i) => {
      const s = this.toScreen(p);
      const d = Math.hypot(s.x - event.global.x, s.y - event.global.y);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    if (best >= 0) this.callbacks.onpick(best);
  };
}
