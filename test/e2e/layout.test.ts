import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, shoot, type Session } from './browser';
import { everyStep, settledPictures } from './everyStep';
import { overflowingElements, type FitOptions } from './overflow';

/**
 * Every step at a phone's width and a laptop's: nothing reaches past the screen's edge,
 * and at the laptop's width nothing needs scrolling sideways either (a phone may scroll
 * a wide table inside its own box). Then the pages that grow once used: the MNIST lab
 * after a short fit (its confusion matrix), and the kiosk's start page on a phone.
 * `E2E_SHOTS=<folder>` keeps a screenshot of each page as checked.
 */
const sizes: { name: string; viewport: { width: number; height: number }; fit: FitOptions }[] = [
  { name: 'phone', viewport: { width: 390, height: 844 }, fit: { scrollBoxesMayScroll: true } },
  { name: 'laptop', viewport: { width: 1280, height: 800 }, fit: { scrollBoxesMayScroll: false } }
];

const shotName = (href: string, width: number) => `layout-${width}-${href.replace(/^\/chapter\//, '').replace(/\/$/, '').replace(/\//g, '-')}`;

for (const { name, viewport, fit } of sizes) {
  describe(`every step fits a ${name} (${viewport.width}x${viewport.height})`, () => {
    let session: Session;

    beforeAll(async () => {
      session = await openSession({ viewport });
    });
    afterAll(async () => {
      await session?.close();
      expect(session.errors).toEqual([]);
    });

    for (const href of everyStep) {
      it(href, async () => {
        const { page, baseUrl } = session;
        await page.goto(`${baseUrl}${href}`);
        await settledPictures(page);
        await shoot(page, shotName(href, viewport.width));
        expect(await overflowingElements(page, fit), `what does not fit ${href} at ${viewport.width} px`).toEqual([]);
      });
    }

    it('the MNIST lab after a short fit, with its confusion matrix', { timeout: 240_000 }, async () => {
      const { page, baseUrl } = session;
      // the lab's smallest run, as the lab's own test fits it: 1 epoch on 1,000 digits of the small set
      await page.goto(`${baseUrl}/chapter/mlp-and-backprop/mnist-lab/`);
      await page.getByLabel('Epochs').fill('1');
      await page.getByLabel('Digits', { exact: true }).selectOption('small');
      await page.getByLabel('Training digits').selectOption('1000');
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      const status = page.getByRole('status').filter({ hasText: /Finished|Training|Loading|diverged|stopped/ });
      await expect.poll(() => status.first().textContent(), { timeout: 180_000 }).toMatch(/Finished its epoch/);
      await page.getByText(/of 2,000 test digits right/).waitFor({ timeout: 30_000 });
      await page.getByRole('table', { name: /confusion/i }).waitFor();
      await shoot(page, shotName('mnist-lab-fitted', viewport.width));
      expect(await overflowingElements(page, fit)).toEqual([]);
    });
  });
}

describe('the kiosk fits a phone', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await session?.close();
    expect(session.errors).toEqual([]);
  });

  it('its start page, before and after the touch that starts a visit', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/kiosk/`);
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(true);
    const attract = page.getByRole('button', { name: /Touch to start/ });
    await attract.waitFor();
    await shoot(page, 'layout-390-kiosk-attract');
    expect(await overflowingElements(page, { scrollBoxesMayScroll: true }), 'the attract screen').toEqual([]);
    await attract.click();
    await attract.waitFor({ state: 'detached' });
    await shoot(page, 'layout-390-kiosk');
    expect(await overflowingElements(page, { scrollBoxesMayScroll: true }), 'the chapters').toEqual([]);
  });
});
