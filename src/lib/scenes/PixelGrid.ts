/**
 * A grid of values (a digit, a feature map) drawn as one image: each value one pixel of
 * a small canvas, scaled up with nearest-neighbour sampling so every pixel stays a
 * crisp square the learner can count. One texture upload per change, not a shape per cell.
 */
import { Sprite, Texture } from 'pixi.js';
import { mapPixels, type MapPalette } from './mapColors';

export class PixelGrid {
  readonly sprite = new Sprite();
  private canvas: HTMLCanvasElement | null = null;
  private texture: Texture | null = null;
  private rows = 0;
  private cols = 0;

  /** Draws rows × cols values, row-major; cells from `revealed` on are left blank. */
  update(values: ArrayLike<number>, rows: number, cols: number, palette: MapPalette, scale: number, revealed = rows * cols): void {
    if (rows !== this.rows || cols !== this.cols || !this.canvas) this.allocate(rows, cols);
    const context = this.canvas!.getContext('2d');
    if (!context) return;
    const image = context.createImageData(cols, rows);
    image.data.set(mapPixels(values, palette, scale, revealed));
    context.putImageData(image, 0, 0);
    this.texture!.source.update();
  }

  place(x: number, y: number, width: number, height: number): void {
    this.sprite.position.set(x, y);
    this.sprite.width = width;
    this.sprite.height = height;
  }

  destroy(): void {
    this.texture?.destroy(true);
    this.texture = null;
    if (!this.sprite.destroyed) this.sprite.destroy();
  }

  private allocate(rows: number, cols: number): void {
    this.texture?.destroy(true);
    this.canvas = document.createElement('canvas');
    this.canvas.width = Math.max(1, cols);
    this.canvas.height = Math.max(1, rows);
    this.texture = Texture.from(this.canvas);
    this.texture.source.scaleMode = 'nearest';
    this.sprite.texture = this.texture;
    this.rows = rows;
    this.cols = cols;
  }
}
