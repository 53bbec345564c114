/**
 * A window sliding over an image: the image (zero padding drawn as a hatched band, only
 * on the sides it is added), the window outlined on it, the same window enlarged with
 * a number on every cell (a product and its weight, or a value and the one pooling
 * keeps), the sum or maximum under it, and the output map lighting up cell by cell with
 * the current cell outlined. Clicking an output cell reports it. The window glides to
 * its next place unless reduced motion is asked for, when it jumps.
 */
import { Container, Graphics, Rectangle, Text } from 'pixi.js';
import { colors, hexToNumber, sizes } from '$lib/theme';
import { mapColor, maxAbs, textOver } from './mapColors';
import { PixelGrid } from './PixelGrid';
import { formatValue, formatWeight, slidingWindowLayout, type SlidingWindowCallbacks, type SlidingWindowLayout, type SlidingWindowView } from './slidingWindowView';
import { SceneBase } from './SceneBase';
import { active, fontFamily, ink, muted } from './sceneStyle';

const padFill = hexToNumber(colors.tintOrange);
const padLine = hexToNumber(colors.textOrange);
const keptColor = hexToNumber(colors.correct);
const GLIDE_MS = 140;

export class SlidingWindowScene extends SceneBase<SlidingWindowView, SlidingWindowCallbacks> {
  private readonly inputImage = new PixelGrid();
  private readonly outputImage = new PixelGrid();
  private readonly padding = new Graphics();
  private readonly frames = new Graphics();
  private readonly kept = new Graphics();
  private readonly windowBox = new Graphics();
  private readonly connectors = new Graphics();
  private readonly zoomCells = new Graphics();
  private readonly zoomText = new Container();
  private readonly titles = new Container();
  private readonly result = new Text({ text: '', style: { fontFamily, fontSize: 15, fontWeight: '700', fill: ink } });
  private readonly outputHit = new Graphics();
  private placed?: SlidingWindowLayout;
  /** the window's drawn place, in image cells (it glides towards the view's) */
  private at = { row: 0, col: 0 };
  private from = { row: 0, col: 0 };
  private glide = 1;

  protected build(): void {
    this.result.anchor.set(0.5, 0);
    this.outputHit.eventMode = 'static';
    this.outputHit.cursor = 'pointer';
    this.outputHit.on('pointertap', (event) => {
      const layout = this.placed;
      const view = this.view;
      if (!layout || !view) return;
      const local = event.getLocalPosition(this.root);
      const col = Math.floor((local.x - layout.output.x) / layout.cell);
      const row = Math.floor((local.y - layout.output.y) / layout.cell);
      if (row >= 0 && row < view.output.rows && col >= 0 && col < view.output.cols) this.callbacks.onpick?.(row * view.output.cols + col);
    });
    this.root.addChild(this.padding, this.inputImage.sprite, this.kept, this.outputImage.sprite, this.frames, this.connectors, this.windowBox, this.zoomCells, this.zoomText, this.result, this.titles, this.outputHit);
  }

  protected tick(ms: number): void {
    if (this.glide >= 1) return;
    this.glide = Math.min(1, this.glide + ms / GLIDE_MS);
    const t = 1 - (1 - this.glide) ** 3;
    const view = this.view;
    if (!view) return;
    this.at = { row: this.from.row + (view.windowRow - this.from.row) * t, col: this.from.col + (view.windowCol - this.from.col) * t };
    this.drawWindow();
  }

  protected settle(): void {
    this.finishGlide();
  }

  protected reshaped(previous: SlidingWindowView, view: SlidingWindowView): boolean {
    return (
      previous.input.rows !== view.input.rows ||
      previous.output.rows !== view.output.rows ||
      previous.output.cols !== view.output.cols ||
      previous.size !== view.size ||
      JSON.stringify(previous.pads) !== JSON.stringify(view.pads)
    );
  }

  protected rebuild(): void {
    this.relayout();
  }

  protected show(view: SlidingWindowView, previous: SlidingWindowView | undefined): void {
    const moved = previous && previous.current !== null && view.current !== null && (previous.windowRow !== view.windowRow || previous.windowCol !== view.windowCol);
    if (moved && !this.reduced && this.app && !this.reshaped(previous, view)) {
      this.from = { ...this.at };
      this.glide = 0;
    } else this.finishGlide();
    this.draw();
  }

  protected layout(): void {
    this.relayout();
    this.draw();
  }

  protected teardown(): void {
    this.inputImage.destroy();
    this.outputImage.destroy();
  }

  private finishGlide(): void {
    this.glide = 1;
    if (this.view) this.at = { row: this.view.windowRow, col: this.view.windowCol };
  }

  private relayout(): void {
    const view = this.view;
    if (!view || this.width === 0) return;
    this.placed = slidingWindowLayout(view, this.width, this.height);
    this.drawTitles();
  }

  private drawTitles(): void {
    for (const child of this.titles.removeChildren()) child.destroy();
    const { view, placed: layout } = this;
    if (!view || !layout) return;
    const style = { fontFamily, fontSize: sizes.fontSmall, fill: muted, fontWeight: '600' as const };
    const add = (text: string, at: { x: number; y: number }, maxWidth: number) => {
      const t = new Text({ text, style: { ...style, wordWrap: false } });
      // a title wider than its picture is shrunk rather than allowed to run into its neighbour
      if (t.width > maxWidth) t.scale.set(maxWidth / t.width);
      t.position.set(at.x, at.y);
      this.titles.addChild(t);
    };
    const gap = layout.wide ? layout.zoom.x - layout.input.x - 8 : layout.output.x - layout.input.x - 8;
    add(view.inputTitle, layout.inputTitleAt, Math.max(layout.input.width, gap));
    add(view.outputTitle, layout.outputTitleAt, Math.max(layout.output.width, this.width - layout.output.x - 4));
  }

  private draw(): void {
    const { view, placed: layout } = this;
    if (!view || !layout) return;
    const { input, output, cell, pads } = { ...layout, pads: view.pads };
    const inScale = maxAbs(view.input.values);
    const outScale = maxAbs(view.output.values);
    const imageX = input.x + pads.left * cell;
    const imageY = input.y + pads.top * cell;
    this.inputImage.update(view.input.values, view.input.rows, view.input.cols, view.input.palette, inScale);
    this.inputImage.place(imageX, imageY, view.input.cols * cell, view.input.rows * cell);
    this.outputImage.update(view.output.values, view.output.rows, view.output.cols, view.output.palette, outScale, view.revealed);
    this.outputImage.place(output.x, output.y, output.width, output.height);

    this.padding.clear();
    if (pads.top + pads.bottom + pads.left + pads.right > 0) {
      this.padding.rect(input.x, input.y, input.width, input.height).fill(padFill);
      // hatching says "not part of the picture" without relying on the tint alone
      const step = Math.max(4, cell * 1.5);
      for (let d = step; d < input.width + input.height; d += step) {
        const x0 = input.x + Math.max(0, d - input.height);
        const y0 = input.y + Math.min(d, input.height);
        const x1 = input.x + Math.min(d, input.width);
        const y1 = input.y + Math.max(0, d - input.width);
        this.padding.moveTo(x0, y0).lineTo(x1, y1);
      }
      this.padding.stroke({ width: 1, color: padLine, alpha: 0.45 });
      this.padding.rect(input.x, input.y, input.width, input.height).stroke({ width: 1, color: padLine });
    }

    this.frames.clear();
    this.frames.rect(imageX, imageY, view.input.cols * cell, view.input.rows * cell).stroke({ width: 1, color: muted });
    this.frames.rect(output.x, output.y, output.width, output.height).stroke({ width: 1, color: muted });
    if (view.current !== null) {
      const r = Math.floor(view.current / view.output.cols);
      const c = view.current % view.output.cols;
      this.frames.rect(output.x + c * cell - 1, output.y + r * cell - 1, cell + 2, cell + 2).stroke({ width: 2.5, color: active });
    }

    this.kept.clear();
    if (view.kept) {
      const dot = Math.max(1.5, cell * 0.22);
      for (const i of view.kept) {
        const r = Math.floor(i / view.input.cols);
        const c = i % view.input.cols;
        this.kept.circle(imageX + (c + 0.5) * cell, imageY + (r + 0.5) * cell, dot);
      }
      this.kept.fill(keptColor);
    }

    this.outputHit.clear();
    this.outputHit.rect(output.x, output.y, output.width, output.height).fill({ color: 0xffffff, alpha: 0.001 });
    this.outputHit.hitArea = new Rectangle(output.x, output.y, output.width, output.height);

    this.drawZoom(inScale);
    this.drawWindow();
  }

  /** The window enlarged: each cell in its pixel's colour, with its number(s) on it. */
  private drawZoom(inScale: number): void {
    const { view, placed: layout } = this;
    if (!view || !layout) return;
    const { zoom, zoomCell } = layout;
    this.zoomCells.clear();
    for (const child of this.zoomText.removeChildren()) child.destroy();
    this.result.text = '';
    if (view.current === null || view.cells.length === 0) {
      this.zoomCells.rect(zoom.x, zoom.y, zoom.width, zoom.height).stroke({ width: 1.5, color: muted, alpha: 0.6 });
      return;
    }
    const big = Math.max(11, Math.min(16, zoomCell * 0.24));
    const small = Math.max(9, Math.min(12, zoomCell * 0.17));
    view.cells.forEach((cellView, k) => {
      const i = Math.floor(k / view.size);
      const j = k % view.size;
      const x = zoom.x + j * zoomCell;
      const y = zoom.y + i * zoomCell;
      const fill = cellView.padding ? padFill : mapColor(view.input.palette, cellView.value, inScale);
      this.zoomCells.rect(x, y, zoomCell, zoomCell).fill(fill).stroke({ width: 1, color: muted });
      if (cellView.winner) this.zoomCells.rect(x + 2, y + 2, zoomCell - 4, zoomCell - 4).stroke({ width: 3.5, color: keptColor });
      const textColor = cellView.padding ? ink : textOver(fill);
      const main = view.kind === 'convolution' ? formatValue(cellView.product ?? 0) : formatValue(cellView.value);
      const t = new Text({ text: main, style: { fontFamily, fontSize: big, fontWeight: '700', fill: textColor } });
      t.anchor.set(0.5, 0.5);
      t.position.set(x + zoomCell / 2, y + zoomCell * (view.kind === 'convolution' && zoomCell >= 44 ? 0.6 : 0.5));
      this.zoomText.addChild(t);
      if (view.kind === 'convolution' && zoomCell >= 44) {
        const w = new Text({ text: `×${formatWeight(cellView.weight ?? 0)}`, style: { fontFamily, fontSize: small, fill: textColor } });
        w.position.set(x + 3, y + 2);
        this.zoomText.addChild(w);
      }
    });
    this.zoomCells.rect(zoom.x, zoom.y, zoom.width, zoom.height).stroke({ width: 2.5, color: active });
    const result = formatValue(view.result ?? 0);
    this.result.text = view.kind === 'convolution' ? `sum = ${result}` : `max = ${result}`;
    this.result.position.set(layout.resultAt.x, layout.resultAt.y);
  }

  /** The window's outline on the image and the lines tying it to the zoom and the zoom to the output cell. */
  private drawWindow(): void {
    const { view, placed: layout } = this;
    this.windowBox.clear();
    this.connectors.clear();
    if (!view || !layout || view.current === null) return;
    const { input, cell, zoom, output } = layout;
    const x = input.x + (this.at.col + view.pads.left) * cell;
    const y = input.y + (this.at.row + view.pads.top) * cell;
    const side = view.size * cell;
    this.windowBox.rect(x - 1, y - 1, side + 2, side + 2).stroke({ width: 2.5, color: active });
    const r = Math.floor(view.current / view.output.cols);
    const c = view.current % view.output.cols;
    const outX = output.x + (c + 0.5) * cell;
    const outY = output.y + (r + 0.5) * cell;
    if (layout.wide) {
      this.connectors.moveTo(x + side, y).lineTo(zoom.x, zoom.y).moveTo(x + side, y + side).lineTo(zoom.x, zoom.y + zoom.height);
      this.connectors.moveTo(zoom.x + zoom.width, zoom.y + zoom.height / 2).lineTo(outX, outY);
    } else {
      this.connectors.moveTo(x, y + side).lineTo(zoom.x, zoom.y).moveTo(x + side, y + side).lineTo(zoom.x + zoom.width, zoom.y);
      this.connectors.moveTo(zoom.x + zoom.width, zoom.y + zoom.height / 2).lineTo(outX, outY);
    }
    this.connectors.stroke({ width: 1.25, color: muted, alpha: 0.7 });
  }
}
