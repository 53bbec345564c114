/**
 * A grid of values in [0, 1] drawn as one image: each value a pixel of a small canvas,
 * scaled up by the GPU with linear filtering, so the output of a smooth model reads
 * smooth. One texture upload per update instead of a shape per cell keeps a heatmap
 * cheap enough to redraw on every frame of a training run.
 */
import { Sprite, Texture } from 'pixi.js';
import { divergingColor } from './heatmapColors';

export class HeatmapImage {
  readonly sprite = new Sprite();
  private canvas: HTMLCanvasElement | null = null;
  private texture: Texture | null = null;
  private resolution = 0;

  constructor(private readonly strength = 0.7) {}

  /** Draws values (row-major, top row first) and places the image at x, y with the given size. */
  update(values: ArrayLike<number>, resolution: number): void {
    if (resolution !== this.resolution || !this.canvas) this.allocate(resolution);
    const context = this.canvas!.getContext('2d');
    if (!context) return;
    const image = context.createImageData(resolution, resolution);
    for (let k = 0; k < resolution * resolution; k++) {
      const c = divergingColor(values[k], this.strength);
      image.data[4 * k] = (c >> 16) & 0xff;
      image.data[4 * k + 1] = (c >> 8) & 0xff;
      image.data[4 * k + 2] = c & 0xff;
      image.data[4 * k + 3] = 255;
    }
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

  private allocate(resolution: number): void {
    this.texture?.destroy(true);
    this.canvas = document.createElement('canvas');
    this.canvas.width = resolution;
    this.canvas.height = resolution;
    this.texture = Texture.from(this.canvas);
    this.texture.source.scaleMode = 'linear';
    this.sprite.texture = this.texture;
    this.resolution = resolution;
  }
}
