import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, shoot, type Session } from './browser';

/**
 * A museum touch screen: /kiosk/?idle=<minutes> switches kiosk mode on, an idle screen
 * goes back home for the next visitor, and nothing on the page leads off the site.
 */
describe('kiosk mode', () => {
  let session: Session;
  const idleMinutes = 0.03; // 1.8 s

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    const { errors, foreignRequests } = session;
    await session.close();
    expect(errors).toEqual([]);
    expect(foreignRequests()).toEqual([]);
  });

  it('returns home after the idle time, from inside a chapter', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/kiosk/?idle=${idleMinutes}`);
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(true);

    // the attract screen invites a touch; a tap starts the visit
    const attract = page.getByRole('button', { name: /Touch to start/ });
    await attract.waitFor();
    await shoot(page, 'kiosk-attract');
    await attract.click();
    await attract.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Threshold logic', exact: true }).click();
    await page.waitForURL(/\/chapter\/threshold-logic\//);
    // a visitor at work keeps the page: touches closer together than the idle time
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(400 + i * 10, 300);
      await page.waitForTimeout(idleMinutes * 60_000 * 0.4);
    }
    expect(page.url()).toMatch(/\/chapter\/threshold-logic\//);
    await shoot(page, 'kiosk-step');

    // then nobody touches it
    await page.waitForURL(`${baseUrl}/`, { timeout: 15_000 });
    await page.getByRole('button', { name: /Touch to start/ }).waitFor();
    await shoot(page, 'kiosk-idle');
  });

  it('keeps every link on the site, including one added later', async () => {
    const { page, baseUrl } = session;
    const offSite = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].filter((a) => new URL(a.href, location.href).origin !== location.origin).map((a) => a.href)
      );
    await page.goto(`${baseUrl}/chapter/threshold-logic/intro/`);
    // kiosk mode is marked once the page has hydrated, which a loaded machine may take a moment to do
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(true);
    expect(await offSite()).toEqual([]);
    // content can carry a reference link (a paper, a dataset's home); kiosk mode disarms it
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.org/mcculloch-pitts-1943.pdf';
      a.textContent = 'the 1943 paper';
      document.querySelector('main, body')?.append(a);
    });
    await expect.poll(offSite).toEqual([]);
    await expect.poll(() => page.getByText('the 1943 paper').getAttribute('href')).toBeNull();
  });
});
