import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, shoot, type Session } from './browser';
import { everyStep, settledPictures } from './everyStep';

/**
 * What a school's machines do to a page, on every step: the graphics driver takes the
 * WebGL context away (a sleeping laptop, a driver reset, too many tabs). Each picture must
 * come back, never stay blank, and nothing may log an error. (No WebGL at all: noWebgl.test.ts.)
 */
describe('a lost WebGL context, on every step', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
  });

  afterAll(async () => {
    const { errors, foreignRequests } = session;
    await session.close();
    expect(errors).toEqual([]);
    expect(foreignRequests()).toEqual([]);
  });

  it("draws with Pixi's canvas renderer where WebGL is a software rasteriser, as this browser's is, unless a link asks for WebGL", async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/threshold-logic/and/`);
    await settledPictures(page);
    expect(await page.locator('.stage[data-status="ready"]').getAttribute('data-renderer')).toBe('canvas');
    await page.goto(`${baseUrl}/chapter/threshold-logic/and/?renderer=webgl`);
    await settledPictures(page);
    expect(await page.locator('.stage[data-status="ready"]').getAttribute('data-renderer')).toBe('webgl');
    // the request travels with the learner from step to step
    expect(await page.getByRole('link', { name: /^Next/ }).getAttribute('href')).toContain('renderer=webgl');
  });

  it('says so and redraws every picture once the context is back', { timeout: 600_000 }, async () => {
    const { page, baseUrl } = session;
    for (const href of everyStep) {
      // WebGL asked for by name: this browser's is a software rasteriser, where the site would pick canvas
      await page.goto(`${baseUrl}${href}?renderer=webgl`);
      const statuses = await settledPictures(page);
      if (statuses.length === 0) continue;
      expect(await page.locator('.stage[data-renderer="webgl"]').count(), href).toBe(statuses.length);
      const lost = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLCanvasElement>('.stage[data-renderer="webgl"] canvas')].map((canvas) => {
          const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
          const ext = gl?.getExtension('WEBGL_lose_context');
          ext?.loseContext();
          (window as unknown as { __lost: unknown[] }).__lost = [...((window as unknown as { __lost?: unknown[] }).__lost ?? []), ext];
          return ext !== undefined && ext !== null;
        })
      );
      expect(lost.every(Boolean), href).toBe(true);
      await expect.poll(() => page.locator('.stage[data-status="interrupted"]').count(), { message: href }).toBe(statuses.length);
      await expect.poll(() => page.getByText('The graphics were interrupted; redrawing…').count(), { message: href }).toBeGreaterThan(0);
      await page.evaluate(() => {
        for (const ext of (window as unknown as { __lost: { restoreContext(): void }[] }).__lost) ext.restoreContext();
        (window as unknown as { __lost: unknown[] }).__lost = [];
      });
      await expect.poll(() => page.locator('.stage[data-status="ready"]').count(), { timeout: 30_000, message: href }).toBe(statuses.length);
      const canvases = page.locator('.stage[data-status="ready"] canvas');
      for (let k = 0; k < statuses.length; k++) {
        await expect.poll(() => distinctColours(page, canvases.nth(k)), { timeout: 15_000, message: `${href}: picture ${k + 1} redrawn` }).toBeGreaterThan(3);
      }
    }
    await shoot(page, 'context-restored');
  });
});
