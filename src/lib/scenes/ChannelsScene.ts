/**
 * Two convolution layers at a glance: the digit, each first-layer filter beside the map
 * it makes, the second layer's kernel as a grid of 3×3 slices (a row per input map, a
 * column per output map), and the second layer's maps. Selecting a second-layer map
 * (a click on it or on its kernel column) lights the lines from every first-layer map
 * through that column: one output map reads all the input maps. Nothing moves on its
 * own, so reduced motion changes nothing.
 */
import { Container, Graphics, Rectangle, Text } from 'pixi.js';
import { sizes } from '$lib/theme';
import { maxAbs, signedColor } from './mapColors';
import { PixelGrid } from './PixelGrid';
import { channelsLayout, kernelShapes, type ChannelsCallbacks, type ChannelsLayout, type ChannelsView } from './channelsView';
import type { Rect } from './slidingWindowView';
import { SceneBase } from './SceneBase';
import { active, fontFamily, grid, muted } from './sceneStyle';

export class ChannelsScene extends SceneBase<ChannelsView, ChannelsCallbacks> {
  private readonly lines = new Graphics();
  private readonly cells = new Graphics();
  private readonly frames = new Graphics();
  private readonly images = new Container();
  private readonly titles = new Container();
  private readonly hits = new Container();
  private grids: PixelGrid[] = [];

  protected build(): void {
    this.root.addChild(this.lines, this.images, this.cells, this.frames, this.titles, this.hits);
  }

  /** Nothing animates: every view is drawn as it arrives. */
  protected show(): void {
    this.draw();
  }

  protected layout(): void {
    this.draw();
  }

  protected teardown(): void {
    for (const g of this.grids) g.destroy();
  }

  private draw(): void {
    const view = this.view;
    if (!view || this.width === 0) return;
    const layout = channelsLayout(view, this.width, this.height, kernelShapes(view));
    this.drawImages(view, layout);
    this.drawKernels(view, layout);
    this.drawLines(view, layout);
    this.drawTitles(layout);
    this.drawHits(view, layout);
  }

  private drawImages(view: ChannelsView, layout: ChannelsLayout): void {
    const pictures: [ChannelsView['input'], Rect][] = [
      [view.input, layout.input],
      ...view.firstMaps.map((m, i): [ChannelsView['input'], Rect] => [m, layout.firstMaps[i]]),
      ...view.secondMaps.map((m, o): [ChannelsView['input'], Rect] => [m, layout.secondMaps[o]])
    ];
    while (this.grids.length < pictures.length) {
      const g = new PixelGrid();
      this.grids.push(g);
      this.images.addChild(g.sprite);
    }
    while (this.grids.length > pictures.length) this.grids.pop()?.destroy();
    // the maps of one layer share one scale, so their brightness can be compared
    const firstScale = Math.max(...view.firstMaps.map((m) => maxAbs(m.values)));
    const secondScale = Math.max(...view.secondMaps.map((m) => maxAbs(m.values)));
    this.frames.clear();
    pictures.forEach(([picture, rect], k) => {
      const scale = k === 0 ? maxAbs(picture.values) : k <= view.firstMaps.length ? firstScale : secondScale;
      this.grids[k].update(picture.values, picture.rows, picture.cols, picture.palette, scale);
      this.grids[k].place(rect.x, rect.y, rect.width, rect.height);
      this.frames.rect(rect.x, rect.y, rect.width, rect.height).stroke({ width: 1, color: muted });
    });
    if (view.selected !== null && layout.secondMaps[view.selected]) {
      const r = layout.secondMaps[view.selected];
      this.frames.rect(r.x - 3, r.y - 3, r.width + 6, r.height + 6).stroke({ width: 3, color: active });
    }
  }

  /** Every 3×3 kernel as nine cells in its weights' colours, the second layer's as its [3, 3, in, out] grid. */
  private drawKernels(view: ChannelsView, layout: ChannelsLayout): void {
    this.cells.clear();
    const drawKernel = (values: readonly number[], rect: Rect, scale: number) => {
      const c = rect.width / 3;
      values.forEach((v, k) => this.cells.rect(rect.x + (k % 3) * c, rect.y + Math.floor(k / 3) * c, c, c).fill(signedColor(v, scale)));
      for (let k = 1; k < 3; k++) {
        this.cells.moveTo(rect.x + k * c, rect.y).lineTo(rect.x + k * c, rect.y + rect.height);
        this.cells.moveTo(rect.x, rect.y + k * c).lineTo(rect.x + rect.width, rect.y + k * c);
      }
      this.cells.stroke({ width: 1, color: grid });
      this.cells.rect(rect.x, rect.y, rect.width, rect.height).stroke({ width: 1, color: muted });
    };
    view.firstKernels.forEach((k, i) => drawKernel(k.values, layout.firstKernels[i], maxAbs(k.values)));
    const sliceScale = Math.max(...view.slices.flat().map((s) => maxAbs(s)));
    view.slices.forEach((row, i) => row.forEach((s, o) => drawKernel(s, layout.slices[i][o], sliceScale)));
    if (view.selected !== null && layout.slices[0]?.[view.selected]) {
      const top = layout.slices[0][view.selected];
      const bottom = layout.slices[layout.slices.length - 1][view.selected];
      this.cells.rect(top.x - 3, top.y - 3, top.width + 6, bottom.y + bottom.height - top.y + 6).stroke({ width: 3, color: active });
    }
  }

  /** The wiring: digit to each filter to its map; each map to its row of slices; each column to its output map. */
  private drawLines(view: ChannelsView, layout: ChannelsLayout): void {
    this.lines.clear();
    const { wide } = layout;
    const out = (r: Rect) => (wide ? { x: r.x + r.width, y: r.y + r.height / 2 } : { x: r.x + r.width / 2, y: r.y + r.height });
    const into = (r: Rect) => (wide ? { x: r.x, y: r.y + r.height / 2 } : { x: r.x + r.width / 2, y: r.y });
    const link = (a: { x: number; y: number }, b: { x: number; y: number }) => this.lines.moveTo(a.x, a.y).lineTo(b.x, b.y);
    layout.firstKernels.forEach((k, i) => {
      link(out(layout.input), into(k));
      if (wide) link(out(k), into(layout.firstMaps[i]));
    });
    this.lines.stroke({ width: 1, color: grid });
    // lines run under the cells, so a line crossing a slice to reach its column hides behind it
    const drawFeeds = (selectedOnly: boolean) => {
      layout.firstMaps.forEach((m, i) => {
        if (wide) {
          if (!selectedOnly) link(out(m), into(layout.slices[i][0]));
          else if (view.selected !== null) link(out(m), into(layout.slices[i][view.selected]));
          return;
        }
        layout.slices[i].forEach((s, o) => {
          if (selectedOnly === (o === view.selected)) link(out(m), { x: s.x + s.width / 2, y: s.y });
        });
      });
      layout.secondMaps.forEach((m, o) => {
        if (selectedOnly !== (o === view.selected)) return;
        const top = layout.slices[0][o];
        const bottom = layout.slices[layout.slices.length - 1][o];
        link(wide ? { x: top.x + top.width, y: layout.grid.y + layout.grid.height / 2 } : { x: bottom.x + bottom.width / 2, y: bottom.y + bottom.height }, into(m));
      });
    };
    drawFeeds(false);
    this.lines.stroke({ width: 1, color: grid });
    if (view.selected !== null) {
      drawFeeds(true);
      this.lines.stroke({ width: 2, color: active });
    }
  }

  private drawTitles(layout: ChannelsLayout): void {
    for (const child of this.titles.removeChildren()) child.destroy();
    for (const t of layout.titles) {
      const text = new Text({ text: t.text, style: { fontFamily, fontSize: sizes.fontSmall, fill: muted, fontWeight: '600' } });
      if (text.width > t.width) text.scale.set(t.width / text.width);
      text.position.set(t.x, t.y);
      this.titles.addChild(text);
    }
  }

  /** Second-layer maps and kernel columns take a click. */
  private drawHits(view: ChannelsView, layout: ChannelsLayout): void {
    for (const child of this.hits.removeChildren()) child.destroy();
    view.secondMaps.forEach((_, o) => {
      const top = layout.slices[0][o];
      const bottom = layout.slices[layout.slices.length - 1][o];
      for (const r of [layout.secondMaps[o], { x: top.x, y: top.y, width: top.width, height: bottom.y + bottom.height - top.y }]) {
        const hit = new Graphics();
        hit.eventMode = 'static';
        hit.cursor = 'pointer';
        hit.hitArea = new Rectangle(r.x - 4, r.y - 4, r.width + 8, r.height + 8);
        hit.on('pointertap', () => this.callbacks.onpick?.(o));
        this.hits.addChild(hit);
      }
    });
  }
}
