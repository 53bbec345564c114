import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, shoot, type Session } from './browser';
import { atStep } from './everyStep';

/**
 * Addresses a teacher shares must hold: a step's URL opens that step, survives a
 * reload, and the browser's Back button walks back through the steps. A mistyped
 * chapter or step lands on the not-found page, which leads home.
 */
describe('addresses', () => {
  let session: Session;

  beforeEach(async () => {
    session = await openSession();
  });

  /** Console errors a test expects, e.g. the 404 of a page that does not exist. */
  let expected: RegExp[] = [];

  afterEach(async () => {
    const { errors, foreignRequests } = session;
    await session.close();
    expect(errors.filter((e) => !expected.some((pattern) => pattern.test(e)))).toEqual([]);
    expect(foreignRequests()).toEqual([]);
    expected = [];
  });

  const heading = () => session.page.locator('h1').innerText();

  it('opens a chapter-1 step from its URL, keeps it on reload, and Back returns to the step before', async () => {
    const { page, baseUrl } = session;
    const orUrl = `${baseUrl}/chapter/threshold-logic/or/`;
    const response = await page.goto(orUrl);
    expect(response?.status()).toBe(200);
    await expect.poll(heading).toMatch(/OR: either will do/);

    await page.reload();
    expect(page.url()).toMatch(atStep(orUrl));
    await expect.poll(heading).toMatch(/OR: either will do/);
    await page.locator('[data-status="ready"] canvas').waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL(atStep(`${baseUrl}/chapter/threshold-logic/not/`));
    await expect.poll(heading).toMatch(/NOT: inhibition/);

    // a step writes its view over its own entry in the history (replace, not push): Back leaves the step
    await page.goBack();
    await page.waitForURL(atStep(orUrl));
    await expect.poll(heading).toMatch(/OR: either will do/);
    // the step is whole again after Back: its picture and controls, not just its title
    await page.locator('[data-status="ready"] canvas').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Lower Threshold θ' }).count()).toBe(1);

    await page.goForward();
    await page.waitForURL(atStep(`${baseUrl}/chapter/threshold-logic/not/`));
    await expect.poll(heading).toMatch(/NOT: inhibition/);
  });

  for (const [what, path] of [
    ['an unknown chapter', '/chapter/no-such-chapter/'],
    ['an unknown step', '/chapter/threshold-logic/no-such-step/']
  ] as const) {
    it(`shows the not-found page with a link home for ${what}`, async () => {
      const { page, baseUrl } = session;
      // the browser reports the missing page, and the missing data the router asks for it, as 404s
      const missing = `${baseUrl}${path}`.replace(/[.?]/g, '\\$&');
      expected = [new RegExp(`^console error on ${missing}: Failed to load resource: .* 404 \\(Not Found\\)( \\(${missing}__data\\.json\\?[^)]*\\))?$`)];
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status()).toBe(404);
      await expect.poll(heading).toMatch(/not on the ladder/i);
      expect(await page.getByText(`There is no page at ${path}`).count()).toBe(1);
      await shoot(page, `not-found-${path.split('/').filter(Boolean).join('-')}`);

      const home = page.getByRole('link', { name: 'Go to the list of chapters' });
      await home.click();
      await page.waitForURL(`${baseUrl}/`);
      await expect.poll(heading).toMatch(/From one neuron/);
    });
  }
});
