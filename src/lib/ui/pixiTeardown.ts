/**
 * Destroys a Pixi application with everything it made, including what Pixi (8.22) would
 * otherwise leave behind for the page's life: a kiosk makes a renderer for every picture
 * of every step it shows, all day.
 */
import type { Application, DestroyOptions } from 'pixi.js';

interface WithBackBuffer {
  backBuffer?: { _bigTriangleShader?: { destroy(): void } };
}

export function destroyApplication(app: Application, options?: DestroyOptions): void {
  // A WebGL renderer's back buffer makes a shader bound to the page-wide Texture.WHITE and
  // never destroys it: its bind group would stay a listener of that texture, one a renderer.
  (app.renderer as unknown as WithBackBuffer | undefined)?.backBuffer?._bigTriangleShader?.destroy();
  app.destroy({ removeView: true }, options);
}
