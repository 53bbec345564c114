/**
 * A model's output over the 2D input plane as a heatmap (blue towards 0, white at 0.5,
 * orange towards 1; see heatmapColors.ts), its decision boundary (where the output
 * crosses 0.5) as an ink line, and the data points on top by class, in colour and in
 * shape. It redraws whenever it is handed a new grid, so it evolves as the model
 * trains; nothing here moves on its own, so reduced motion changes nothing.
 */
import { Circle, Container, Graphics, Text } from 'pixi.js';
import { colors, hexToNumber, sizes } from '$lib/theme';
import { HeatmapImage } from './HeatmapImage';
import { contourSegments, heatmapShape, type DecisionHeatmapCallbacks, type DecisionHeatmapView } from './decisionHeatmapView';
import { SceneBase } from './SceneBase';
import { fontFamily, ink, muted } from './sceneStyle';

const ring = hexToNumber(colors.focus);
const classColors = colors.classes.map(hexToNumber);

interface Plot {
  left: number;
  top: number;
  size: number;
}

export class DecisionHeatmapScene extends SceneBase<DecisionHeatmapView, DecisionHeatmapCallbacks> {
  private readonly image = new HeatmapImage();
  private readonly boundary = new Graphics();
  private readonly frame = new Graphics();
  private readonly pointLayer = new Container();
  private readonly labels = new Container();
  private plot: Plot = { left: 0, top: 0, size: 0 };

  protected build(): void {
    this.root.addChild(this.image.sprite, this.boundary, this.frame, this.labels, this.pointLayer);
  }

  update(view: DecisionHeatmapView): void {
    if (view.grid.length !== view.resolution * view.resolution) {
      throw new Error(`DecisionHeatmapView: a ${view.resolution}×${view.resolution} grid needs ${view.resolution ** 2} values, got ${view.grid.length}`);
    }
    super.update(view);
  }

  /** Nothing animates: every view is drawn as it arrives. */
  protected show(view: DecisionHeatmapView, previous: DecisionHeatmapView | undefined): void {
    const axesChanged = !previous || previous.xLabel !== view.xLabel || previous.yLabel !== view.yLabel || JSON.stringify(previous.box) !== JSON.stringify(view.box);
    if (axesChanged) this.drawAxes();
    this.draw();
  }

  protected layout(): void {
    const size = Math.max(40, Math.min(this.width - 56, this.height - 48));
    this.plot = { left: Math.max(44, (this.width - size) / 2 + 14), top: 12, size };
    this.drawAxes();
    this.draw();
  }

  protected teardown(): void {
    this.image.destroy();
  }

  /** Data units to stage pixels. */
  private toStage(x: number, y: number): { x: number; y: number } {
    const { box } = this.view as DecisionHeatmapView;
    const { left, top, size } = this.plot;
    return { x: left + ((x - box.xMin) / (box.xMax - box.xMin)) * size, y: top + ((box.yMax - y) / (box.yMax - box.yMin)) * size };
  }

  private draw(): void {
    const view = this.view;
    if (!view || this.width === 0) return;
    const { left, top, size } = this.plot;
    this.image.update(view.grid, view.resolution);
    this.image.place(left, top, size, size);
    this.boundary.clear();
    if (view.boundary !== false) {
      for (const s of contourSegments(view)) {
        const a = this.toStage(s.x1, s.y1);
        const b = this.toStage(s.x2, s.y2);
        this.boundary.moveTo(a.x, a.y).lineTo(b.x, b.y);
      }
      this.boundary.stroke({ width: 2.5, color: ink, cap: 'round' });
    }
    this.drawPoints(view);
  }

  private drawPoints(view: DecisionHeatmapView): void {
    for (const child of this.pointLayer.removeChildren()) child.destroy();
    const r = Math.max(7, Math.min(14, this.plot.size * 0.03));
    view.points.forEach((p, i) => {
      const at = this.toStage(p.x, p.y);
      const g = new Graphics();
      g.position.set(at.x, at.y);
      if (i === view.highlight) g.circle(0, 0, r + 7).stroke({ width: 3, color: ring });
      drawShape(g, heatmapShape(p.label), r);
      g.fill(classColors[p.label % classColors.length]).stroke({ width: 2, color: ink });
      g.eventMode = 'static';
      g.cursor = 'pointer';
      g.hitArea = new Circle(0, 0, Math.max(r + 4, sizes.target / 2));
      g.on('pointertap', () => this.callbacks.onpick?.(i));
      this.pointLayer.addChild(g);
    });
  }

  private drawAxes(): void {
    const view = this.view;
    for (const child of this.labels.removeChildren()) child.destroy();
    this.frame.clear();
    if (!view || this.width === 0) return;
    const { left, top, size } = this.plot;
    this.frame.rect(left, top, size, size).stroke({ width: 1.5, color: muted });
    const style = { fontFamily, fontSize: sizes.fontSmall, fill: muted, fontWeight: '600' as const };
    const add = (text: string, x: number, y: number, ax: number, ay: number) => {
      const t = new Text({ text, style });
      t.anchor.set(ax, ay);
      t.position.set(x, y);
      this.labels.addChild(t);
    };
    const { box } = view;
    const fmt = (v: number) => String(Math.round(v * 100) / 100).replace('-', '−');
    add(fmt(box.xMin), left, top + size + 4, 0, 0);
    add(fmt(box.xMax), left + size, top + size + 4, 1, 0);
    add(view.xLabel ?? 'x₁', left + size / 2, top + size + 4, 0.5, 0);
    add(fmt(box.yMin), left - 6, top + size, 1, 1);
    add(fmt(box.yMax), left - 6, top, 1, 0);
    add(view.yLabel ?? 'x₂', left - 6, top + size / 2, 1, 0.5);
  }
}

function drawShape(g: Graphics, shape: ReturnType<typeof heatmapShape>, r: number): void {
  if (shape === 'circle') g.circle(0, 0, r);
  else if (shape === 'square') g.rect(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8);
  else if (shape === 'triangle') g.poly([0, -r * 1.1, r * 1.05, r * 0.8, -r * 1.05, r * 0.8]);
  else g.poly([0, -r * 1.2, r * 1.2, 0, 0, r * 1.2, -r * 1.2, 0]);
}
