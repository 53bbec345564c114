import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, type Session } from './browser';
import { tabTo } from './keyboard';

/**
 * A learner walks chapter 4 with the keyboard alone, from the home page to the lab:
 * every step's pictures are drawn, a hidden layer added by keyboard turns the network
 * "deep", and nothing logs an error or asks for anything off this machine. (Training the
 * XOR net by keyboard: test/ui/BackpropPanels.test.ts; the lab's fit and drawing pad:
 * mnistLab.test.ts.)
 */
const press = (page: Page, key: string) => page.keyboard.press(key);

const steps: { id: string; title: RegExp; walk?: (page: Page) => Promise<void> }[] = [
  {
    id: 'anatomy',
    title: /./,
    walk: async (page) => {
      await tabTo(page, 'the Add a hidden layer button', (f) => f.tag === 'button' && f.name === 'Add a hidden layer');
      await press(page, 'Enter');
      await expect.poll(() => page.getByText('Deep neural network').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
  },
  { id: 'activations', title: /./ },
  { id: 'ledger', title: /./ },
  { id: 'backprop-xor', title: /./ },
  { id: 'playground', title: /./ },
  { id: 'mnist-lab', title: /./ }
];

describe('chapter 4 by keyboard alone', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('walks every step, each drawing its pictures, with no errors and no requests off this machine', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/`);
    await tabTo(page, 'the link to chapter 4', (f) => f.tag === 'a' && f.href.includes('chapter/mlp-and-backprop'));
    await press(page, 'Enter');

    for (const [i, step] of steps.entries()) {
      await page.waitForURL(new RegExp(`/chapter/mlp-and-backprop/${i === 0 ? `(${step.id}/)?` : `${step.id}/`}$`));
      await expect.poll(() => page.locator('h1').innerText()).toMatch(step.title);
      const stages = page.locator('.stage [data-status]');
      const pictures = await stages.count();
      if (pictures > 0) {
        await expect.poll(() => page.locator('.stage [data-status="ready"]').count(), { timeout: 45_000 }).toBe(pictures);
        const canvases = page.locator('[data-status="ready"] canvas');
        for (let k = 0; k < pictures; k++) {
          await expect.poll(() => distinctColours(page, canvases.nth(k)), { timeout: 15_000 }).toBeGreaterThan(3);
        }
      }
      await step.walk?.(page);
      if (i < steps.length - 1) {
        await tabTo(page, 'the Next button', (f) => f.tag === 'button' && /^Next/.test(f.name));
        await press(page, 'Enter');
      }
    }

    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });
});
