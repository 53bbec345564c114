import { Application, Texture } from 'pixi.js';
import { expect, it } from 'vitest';
import { destroyApplication } from '../../src/lib/ui/pixiTeardown';

it('leaves nothing on the textures Pixi shares across the page once a WebGL picture is destroyed', async () => {
  const listeners = () => Texture.WHITE.source.listenerCount('change');
  const picture = async () => {
    const app = new Application();
    await app.init({ preference: 'webgl', width: 8, height: 8 });
    expect(app.renderer.name).toBe('webgl');
    destroyApplication(app, { children: true, texture: true, textureSource: true });
  };
  // the first renderer sets up what Pixi keeps once per page
  await picture();
  const before = listeners();
  for (let i = 0; i < 3; i++) await picture();
  expect(listeners()).toBe(before);
});
