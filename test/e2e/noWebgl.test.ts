import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, shoot, type Session } from './browser';
import { everyStep, settledPictures } from './everyStep';

/**
 * A school computer with WebGL switched off (or a driver that lost it) must still show
 * every picture: PixiStage falls back to Pixi's canvas renderer, or failing
 * that says in words what the picture shows. Never a blank panel.
 */
describe('without WebGL', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession({ args: ['--disable-webgl', '--disable-webgl2', '--disable-3d-apis'] });
  });

  afterAll(async () => {
    const { errors, foreignRequests } = session;
    await session.close();
    expect(errors).toEqual([]);
    expect(foreignRequests()).toEqual([]);
  });

  it('really has no WebGL in this browser', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/`);
    const contexts = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      return { webgl2: canvas.getContext('webgl2') !== null, webgl: document.createElement('canvas').getContext('webgl') !== null };
    });
    expect(contexts).toEqual({ webgl2: false, webgl: false });
  });

  for (const step of ['and', 'xor-circuit']) {
    it(`draws the ${step} step with the canvas renderer, or explains it in words`, async () => {
      const { page, baseUrl } = session;
      await page.goto(`${baseUrl}/chapter/threshold-logic/${step}/`);
      const stage = page.locator('[data-status="ready"], [data-status="failed"]');
      await stage.waitFor({ timeout: 30_000 });
      await shoot(page, `no-webgl-${step}`);
      if ((await stage.getAttribute('data-status')) === 'ready') {
        expect(await stage.getAttribute('data-renderer')).toBe('canvas');
        expect(await distinctColours(page, stage.locator('canvas'))).toBeGreaterThan(3);
        // the fallback still answers taps and keys: the picture follows the inputs
        const before = await stage.locator('canvas').getAttribute('aria-label');
        await page.getByRole('button', { name: /Input A/ }).click();
        await expect.poll(() => stage.locator('canvas').getAttribute('aria-label')).not.toBe(before);
      } else {
        await expect.poll(() => stage.innerText()).toMatch(/cannot be drawn in this browser[\s\S]*Output C = /);
      }
    });
  }

  it('draws every picture with the canvas renderer, or says it in words', { timeout: 600_000 }, async () => {
    const { page, baseUrl } = session;
    for (const href of everyStep) {
      await page.goto(`${baseUrl}${href}`);
      const statuses = await settledPictures(page);
      for (const [k, status] of statuses.entries()) {
        const stage = page.locator('.stage[data-status]').nth(k);
        if (status === 'ready') {
          expect(await stage.getAttribute('data-renderer'), href).toBe('canvas');
          await expect.poll(() => distinctColours(page, stage.locator('canvas')), { timeout: 15_000, message: `${href}: picture ${k + 1}` }).toBeGreaterThan(3);
        } else {
          expect(status, href).toBe('failed');
          await expect.poll(() => stage.innerText()).toMatch(/cannot be drawn in this browser/);
        }
      }
    }
  });
});
