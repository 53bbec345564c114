/**
 * What every scene does the same way: keep the app and the callbacks it was created
 * with, hang its display objects under one root, remember the view it was last handed
 * (and rebuild when the view's shape changes), follow the stage's size, pass each
 * ticker frame to its animation, jump to end states under reduced motion, and take
 * everything down on destroy. A scene says only what it builds, shows and lays out, and,
 * if it animates, how a frame advances and how an animation ends.
 */
import { CanvasTextMetrics, Container, Point, Text, type Application, type Ticker } from 'pixi.js';
import type { LabelBox, Scene } from './types';

export abstract class SceneBase<View, Callbacks> implements Scene<View, Callbacks> {
  protected app?: Application;
  protected callbacks: Partial<Callbacks> = {};
  protected readonly root = new Container();
  protected view?: View;
  protected width = 0;
  protected height = 0;
  protected reduced = false;
  private readonly onTick = (ticker: Ticker) => this.tick(ticker.deltaMS);

  create(app: Application, callbacks: Callbacks): void {
    this.app = app;
    this.callbacks = callbacks;
    this.build(app);
    app.stage.addChild(this.root);
    app.ticker.add(this.onTick);
  }

  update(view: View): void {
    const previous = this.view;
    this.view = view;
    if (previous === undefined || this.reshaped(previous, view)) this.rebuild(view);
    this.show(view, previous);
  }

  setReducedMotion(reduced: boolean): void {
    this.reduced = reduced;
    if (reduced) this.settle();
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.layout();
  }

  destroy(): void {
    this.app?.ticker.remove(this.onTick);
    this.teardown();
    this.root.destroy({ children: true });
    this.app = undefined;
  }

  /**
   * Each visible label's em box (per line, the font size tall, without the room Pixi's
   * text box leaves above and below for accents and descenders), turned with the label
   * and measured on the stage: two boxes that overlap are words drawn on top of each other.
   */
  labelBoxes(): LabelBox[] {
    const boxes: LabelBox[] = [];
    const walk = (node: Container): void => {
      if (!node.visible || !node.renderable || node.alpha === 0) return;
      if (node instanceof Text) {
        if (node.text.trim() !== '') boxes.push(emBox(node));
        return;
      }
      for (const child of node.children) walk(child);
    };
    walk(this.root);
    return boxes;
  }

  /** Adds the scene's layers to `root` (and its listeners to `app`); called once, by create. */
  protected abstract build(app: Application): void;

  /** Draws `view`, the view before it (undefined at first) telling what changed, and so what may move. */
  protected abstract show(view: View, previous: View | undefined): void;

  /** Places and draws everything for the current width and height. */
  protected abstract layout(): void;

  /** Whether `view` needs other display objects than `previous` did (more inputs, other layers). */
  protected reshaped(_previous: View, _view: View): boolean {
    return false;
  }

  /** Makes the display objects `view` needs; called before its first show and whenever it is reshaped. */
  protected rebuild(_view: View): void {}

  /** Advances animations by `ms`; a scene that never moves has nothing to do. */
  protected tick(_ms: number): void {}

  /** Jumps every animation to its end state. */
  protected settle(): void {}

  /** Frees what destroying the root does not (textures, stage listeners). */
  protected teardown(): void {}
}

function emBox(text: Text): LabelBox {
  const local = text.getLocalBounds();
  const metrics = CanvasTextMetrics.measureText(text.text, text.style);
  const inset = Math.max(0, (metrics.lineHeight - Number(text.style.fontSize)) / 2);
  const corners = [
    new Point(local.minX, local.minY + inset),
    new Point(local.maxX, local.minY + inset),
    new Point(local.maxX, local.maxY - inset),
    new Point(local.minX, local.maxY - inset)
  ].map((p) => text.toGlobal(p));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { text: text.text, x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
