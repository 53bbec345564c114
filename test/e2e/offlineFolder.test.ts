import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChapter } from '../../src/lib/chapters/loader';
import { offlineOutput } from '../../scripts/offlineFolder.js';
import { openSession, type Session } from './browser';
import { recordViolations, settledPictures, violations } from './everyStep';

/**
 * The folder `npm run build:offline` writes, opened from disk the way a teacher opens it
 * from a USB stick: index.html by a file:// address, no server. Chapter 1 is walked by its
 * Next links (each step titled, its pictures drawn), then the chapter-4 lab: the full MNIST
 * is not in the folder and the lab says so, offers the small set, which loads from inside
 * the page, and a short fit runs in the training worker and reports its epoch. Nothing
 * logs an error or is refused by the page's policy. `npm test` builds the folder first;
 * this never builds it itself.
 */
const folder = path.resolve(__dirname, '../..', offlineOutput);
const home = pathToFileURL(path.join(folder, 'index.html')).href;
const chapterOne = getChapter('threshold-logic')!;
const lab = getChapter('mlp-and-backprop')?.steps.find((step) => step.scene === 'mnist-lab');

const title = (page: Page) => page.locator('h1').innerText().then((t) => t.replace(/\s+/g, ' ').trim());

describe('the offline folder, opened from disk', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(folder, 'index.html'))) {
      throw new Error(`No offline folder in ${folder}: run \`npm run build:offline\` before this test (npm test does).`);
    }
    session = await openSession({ viewport: { width: 1280, height: 1000 } });
    page = session.page;
    await recordViolations(page);
  });
  afterAll(async () => session?.close());

  it('walks chapter 1 from the list of chapters by its Next links, every step titled and drawn', { timeout: 300_000 }, async () => {
    // a chapter's own address leads to its first step, as on the site
    await page.goto(`${home}#/chapter/threshold-logic/`);
    await page.waitForURL((url) => url.hash.startsWith(`#/chapter/threshold-logic/${chapterOne.steps[0].id}/`));
    await page.goto(home);
    await page.getByRole('link', { name: /Begin with chapter 1/ }).click();
    for (const step of chapterOne.steps) {
      // every address stays index.html, the step in its #fragment: nothing opens a folder listing
      await page.waitForURL((url) => url.pathname.endsWith('/index.html') && url.hash.startsWith(`#/chapter/threshold-logic/${step.id}/`));
      await expect.poll(() => title(page)).toBe(`Step ${step.index + 1}: ${step.title}`);
      expect(await settledPictures(page), `pictures of ${step.id}`).toEqual(Array(await page.locator('.stage [data-status]').count()).fill('ready'));
      await page.getByRole('navigation', { name: 'Steps of this chapter' }).getByRole('link', { name: /^Next/ }).click();
    }
    await page.waitForURL((url) => url.hash.startsWith('#/chapter/perceptron/'));
    await expect.poll(() => title(page)).toMatch(/^Step 1: /);
    expect(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--color-ink').trim()), 'the theme stylesheet beside index.html').not.toBe('');
    expect(session.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
  });

  it('trains the MNIST lab on the small set inside the folder, in its worker', { timeout: 300_000 }, async () => {
    expect(lab, 'chapter 4 has the MNIST lab').toBeDefined();
    await page.goto(`${home}#/chapter/mlp-and-backprop/${lab!.id}/`);
    await page.getByLabel('Epochs').fill('1');
    // the lab starts on the full MNIST, which the folder leaves out: it says so and offers the small set
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.getByText(/The full MNIST \(11\.5 MB\) is not in this folder/).waitFor({ timeout: 30_000 });
    // the offer fits at once on all 8,000 digits: a shorter fit is asked for by hand
    await page.getByRole('button', { name: /^Use the small set .* instead$/ }).waitFor();
    await page.getByLabel('Digits', { exact: true }).selectOption('small');
    await page.getByLabel('Training digits').selectOption('1000');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: /Finished|Training|Loading|diverged|stopped/ });
    await expect.poll(() => status.first().textContent(), { timeout: 120_000 }).toMatch(/Finished its epoch/);
    await page.getByText(/^Epoch 1 of 1, batch 32 of 32 · loss \d\.\d{3}/).waitFor();
    await page.getByText(/of 2,000 test digits right/).waitFor({ timeout: 30_000 });
    expect(session.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    expect(session.requests.filter((url) => !/^(file|data|blob):/.test(url))).toEqual([]);
  });
});
