import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './browser';

/**
 * A teacher's link, through the page's real address: what a learner changes on a step is
 * written into the address as it changes (over the step's own history entry, so Back
 * still leaves the step), and the address opened in a fresh page shows the same state.
 * Every step's fields are held by the component tests (test/ui/*Links.test.ts); here,
 * one step of each of the first two chapters goes the whole way.
 */
describe('a step’s state in the page’s address', () => {
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

  /** The page's query, its keys sorted: a key the address already had keeps its place there. */
  const search = (page: Page) => {
    const params = new URLSearchParams(new URL(page.url()).search);
    params.sort();
    return `?${params}`;
  };

  /** Opens `url` in a new page of the session and hands it to `check`, then closes it. */
  async function inFreshPage(url: string, check: (page: Page) => Promise<void>): Promise<void> {
    const fresh = await session.context.newPage();
    try {
      await fresh.goto(url);
      await check(fresh);
    } finally {
      await fresh.close();
    }
  }

  it('AND: θ, the inputs and the rows tried; Back leaves the step', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/threshold-logic/intro/`);
    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL(/\/threshold-logic\/and\//);
    await page.getByRole('button', { name: 'Raise Threshold θ' }).click();
    await page.getByRole('button', { name: 'Input A' }).click();
    await expect.poll(() => search(page)).toBe('?inputs=10&theta=2&tried=00_10');

    await inFreshPage(page.url(), async (fresh) => {
      await expect.poll(() => fresh.getByRole('slider', { name: 'Threshold θ' }).inputValue()).toBe('2');
      expect(await fresh.getByRole('button', { name: 'Input A' }).getAttribute('aria-pressed')).toBe('true');
      expect(await fresh.getByText('not tried yet').count()).toBe(2);
      expect(await fresh.getByRole('alert').count()).toBe(0);
    });

    await page.goBack();
    await page.waitForURL(/\/threshold-logic\/intro\//);
  });

  it('learn-iris: the prediction and the run, with a notice for a value it cannot read', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/perceptron/learn-iris/`);
    await page.getByRole('radio', { name: /Yes, it will converge/ }).check();
    await page.getByRole('button', { name: 'Lock in my prediction' }).click();
    await page.getByRole('button', { name: 'Next flower' }).click();
    await expect.poll(() => search(page)).toBe('?at=1&converges=yes&prediction=locked');

    await inFreshPage(`${page.url()}&speed=fast`, async (fresh) => {
      await fresh.getByText(/Epoch 1, flower 1 of 100/).waitFor();
      expect(await fresh.getByText(/You predicted: it converges, in about 5 epochs/).count()).toBe(1);
      expect(await fresh.getByRole('alert').innerText()).toContain("The link had an unreadable value for 'speed'; using 10.");
    });
  });

  it('logistic-regression: the seed, the prediction and the epoch, with a notice for a value it cannot read', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/perceptron/logistic-regression/`);
    await page.getByText(/^Epoch 0 of 500/).waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: /Starting weights from seed/ }).selectOption('3');
    await page.getByText(/^Epoch 0 of 500/).waitFor({ timeout: 60_000 });
    await page.getByRole('radio', { name: "Logistic regression's line" }).check();
    await page.getByRole('button', { name: 'Lock in my prediction' }).click();
    await page.getByRole('button', { name: 'Next epoch' }).click();
    await expect.poll(() => search(page)).toBe('?epoch=1&further=logistic&prediction=locked&seed=3');

    await inFreshPage(`${page.url()}&speed=fast`, async (fresh) => {
      await fresh.getByText('Epoch 1 of 500.').waitFor({ timeout: 60_000 });
      expect(await fresh.getByRole('combobox', { name: /Starting weights from seed/ }).inputValue()).toBe('3');
      expect(await fresh.getByText("You predicted: Logistic regression's line.").count()).toBe(1);
      expect(await fresh.getByRole('alert').innerText()).toContain("The link had an unreadable value for 'speed'; using 25.");
    });
  });
});
