import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, shoot, type Session } from './browser';
import { atStep } from './everyStep';

/**
 * A museum touch screen: /kiosk/?idle=<minutes> switches kiosk mode on, an idle screen
 * goes back home for the next visitor, and nothing on the page leads off the site. The
 * page's clock is Playwright's, moved on by hand: idle minutes pass in no time.
 */
describe('kiosk mode', () => {
  let session: Session;
  const idleMinutes = 1;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 800 } });
    // idle minutes pass on the page's clock, moved on by hand
    await session.page.clock.install();
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
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(400 + i * 10, 300);
      await page.clock.fastForward(idleMinutes * 60_000 * 0.6);
    }
    expect(page.url()).toMatch(/\/chapter\/threshold-logic\//);
    await shoot(page, 'kiosk-step');

    // then nobody touches it: the next visitor gets a new page, nothing of this one's memory
    await page.evaluate(() => Object.assign(window, { lastVisit: true }));
    await page.clock.fastForward(idleMinutes * 60_000 * 0.5);
    await page.waitForURL(`${baseUrl}/`, { timeout: 15_000 });
    await page.getByRole('button', { name: /Touch to start/ }).waitFor();
    expect(await page.evaluate(() => 'lastVisit' in window)).toBe(false);
    // nor the scroll positions of its steps, which the router would read back into every new page
    expect(await page.evaluate(() => sessionStorage.getItem('sveltekit:scroll'))).toBeNull();
    await shoot(page, 'kiosk-idle');
  });

  it('waits at least half a minute, and says so, when a link asks for 0.0001 minutes', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/kiosk/?idle=0.0001`);
    await page.waitForURL(`${baseUrl}/`);
    await page.getByText('a kiosk waits at least 0.5 minutes before returning to its start, so it uses 0.5').waitFor();
    await page.getByRole('button', { name: /Touch to start/ }).click();
    await page.getByRole('link', { name: 'Threshold logic', exact: true }).click();
    await page.waitForURL(/\/chapter\/threshold-logic\//);
    await page.clock.fastForward(25_000);
    expect(page.url()).toMatch(/\/chapter\/threshold-logic\//);
    await page.clock.fastForward(6_000);
    await page.waitForURL(`${baseUrl}/`, { timeout: 15_000 });
  });

  it("keeps the seed and renderer it was started with, whatever a visitor's link changes, at every return", async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/kiosk/?idle=${idleMinutes}&renderer=canvas&seed=7`);
    await page.waitForURL(`${baseUrl}/?seed=7&renderer=canvas`);
    await page.getByRole('button', { name: /Touch to start/ }).click();
    // a visitor opens a step with another seed
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = './chapter/threshold-logic/and/?seed=99';
      link.textContent = 'a shared link';
      document.querySelector('main')!.append(link);
    });
    await page.getByRole('link', { name: 'a shared link' }).click();
    await page.waitForURL(/\/chapter\/threshold-logic\/and\/\?seed=99/);
    await page.clock.fastForward(idleMinutes * 60_000 * 1.1);
    await page.waitForURL(`${baseUrl}/?seed=7&renderer=canvas`, { timeout: 15_000 });
    await page.getByRole('button', { name: /Touch to start/ }).waitFor();
    // and its links lead on with them
    expect(await page.getByRole('link', { name: 'Threshold logic', exact: true }).getAttribute('href')).toMatch(/seed=7&renderer=canvas$/);
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

/**
 * /kiosk/?lesson=<chapter>: a screen beside one exhibit keeps its visitors inside one
 * chapter. Nothing leads out of it (the site's name, the chapter link, the steps of the
 * chapters around it, the browser's back), its last step leads back to its first, and an
 * idle screen starts the lesson afresh.
 */
describe('kiosk locked to a lesson', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    const { errors, foreignRequests } = session;
    await session.close();
    expect(errors).toEqual([]);
    expect(foreignRequests()).toEqual([]);
  });

  it('keeps the visitor in the chapter and starts it afresh when idle', async () => {
    const { page, baseUrl } = session;
    await page.clock.install();
    // a teacher at a kiosk's home page (kiosk mode marks the page once it has hydrated) follows
    // a link to a lesson kiosk: the home page stays behind in the history
    await page.goto(`${baseUrl}/?kiosk=1`);
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(true);
    await page.getByRole('button', { name: /Touch to start/ }).click();
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = './kiosk/?lesson=perceptron&idle=1';
      link.textContent = 'lesson kiosk';
      document.querySelector('main')?.append(link);
    });
    await page.getByRole('link', { name: 'lesson kiosk' }).click();
    await page.waitForURL(atStep(`${baseUrl}/chapter/perceptron/ltu/`));
    await expect.poll(() => page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(true);
    await shoot(page, 'kiosk-lesson');

    // no way out: the site's name and the chapter's number are text, and there is no Previous
    await expect.poll(() => page.locator('header .site-name').evaluate((element) => element.tagName)).toBe('SPAN');
    expect(await page.getByRole('link', { name: 'Chapter 2' }).count()).toBe(0);
    const stepNav = page.getByRole('navigation', { name: 'Steps of this chapter' });
    expect(await stepNav.getByRole('link', { name: /Previous/ }).count()).toBe(0);
    await page.keyboard.press('ArrowLeft');

    // the browser's back does not lead home either
    await page.goBack({ timeout: 5_000 }).catch(() => null);
    await expect.poll(() => page.url()).toMatch(atStep(`${baseUrl}/chapter/perceptron/ltu/`));

    // the chapter's last step leads back to its first, not on to chapter 3
    await page.getByRole('link', { name: /Step \d+: .*/ }).last().click();
    await page.waitForURL((url) => url.pathname.startsWith('/chapter/perceptron/') && !url.pathname.endsWith('/ltu/'));
    const next = stepNav.getByRole('link', { name: /^Next/ });
    await expect.poll(() => next.innerText()).toMatch(/End of lesson, back to: /);

    // idle: the lesson starts again at its first step, for the next visitor
    await page.clock.fastForward(61_000);
    await page.waitForURL(atStep(`${baseUrl}/chapter/perceptron/ltu/`), { timeout: 15_000 });
    await expect.poll(() => page.locator('header .site-name').evaluate((element) => element.tagName)).toBe('SPAN');
  });

  it('names the chapters it can lock to when the lesson is unknown', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/kiosk/?lesson=cooking`);
    await page.getByText('There is no lesson called “cooking”').waitFor();
    expect(await page.getByRole('link', { name: 'The perceptron' }).count()).toBe(1);
    expect(page.url()).toBe(`${baseUrl}/kiosk/?lesson=cooking`);
  });
});
