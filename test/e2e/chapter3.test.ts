import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, type Session } from './browser';
import { tabTo } from './keyboard';

/**
 * A learner walks chapter 3 with the keyboard alone: predicts and runs the rule on XOR,
 * places a line by hand, watches the rule thrash on Iris, opens every year of the
 * timeline and reads the two-layer fix. Every picture must be drawn, nothing may log an
 * error, and nothing may be fetched from off this machine.
 */
const press = (page: Page, key: string) => page.keyboard.press(key);

/** Full-page screenshots as ch3-<name>.png when E2E_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `ch3-${name}.png`), fullPage: true });
}

const goalMet = (page: Page) => expect.poll(() => page.locator('.step-nav [role="status"]').innerText(), { timeout: 15_000 }).toContain('Goal met');

const steps: { id: string; title: RegExp; pictures: number; walk: (page: Page) => Promise<void> }[] = [
  {
    id: 'xor-never',
    title: /never settles/,
    pictures: 2,
    walk: async (page) => {
      await tabTo(page, 'the first prediction choice', (f) => f.type === 'radio');
      await press(page, 'ArrowDown');
      await tabTo(page, 'Lock in my prediction', (f) => f.name === 'Lock in my prediction');
      await press(page, 'Enter');
      await tabTo(page, 'To the end', (f) => f.name === 'Skip to the end of training');
      await press(page, 'Enter');
      await page.getByText('A loop.').waitFor();
      await expect.poll(() => page.getByText(/The weights after epoch 3 are the weights after epoch 2/).count()).toBe(1);
      await expect.poll(() => page.getByText(/You were right\. It did not converge/).count()).toBe(1);
      await goalMet(page);
    }
  },
  {
    id: 'no-line',
    title: /No line will do/,
    pictures: 1,
    walk: async (page) => {
      await expect.poll(() => page.getByText(/2 points are on the wrong side/).count()).toBe(1);
      await tabTo(page, 'the Turn slider', (f) => f.type === 'range');
      await press(page, 'PageUp');
      await press(page, 'PageUp');
      await press(page, 'PageUp');
      await expect.poll(() => page.getByText(/3 points are on the wrong side/).count()).toBe(1);
      await tabTo(page, 'the Flip button', (f) => f.name === 'Flip the side that fires');
      await press(page, 'Space');
      await expect.poll(() => page.getByText(/1 point is on the wrong side/).count()).toBe(1);
      expect(await page.locator('tr.wrong th').allInnerTexts()).toEqual(['(1, 1)']);
      await goalMet(page);
    }
  },
  {
    id: 'thrash',
    title: /no line separates/,
    pictures: 2,
    walk: async (page) => {
      await tabTo(page, 'To the end', (f) => f.name === 'Skip to the end of training');
      await press(page, 'Enter');
      await expect.poll(() => page.getByText(/Epoch\s*60 of at most 60/).count()).toBe(1);
      await expect.poll(() => page.getByText(/found in epoch/).count()).toBe(1);
    }
  },
  {
    id: 'winter',
    title: /first AI winter/,
    pictures: 0,
    walk: async (page) => {
      await tabTo(page, 'the timeline', (f) => f.tag === 'button' && f.name.startsWith('1943'));
      for (let i = 0; i < 8; i++) await press(page, 'ArrowRight');
      await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('Deep Blue');
      await page.getByText('You have opened all 9 events.').waitFor();
      await goalMet(page);
    }
  },
  {
    id: 'the-fix',
    title: /second layer/,
    pictures: 2,
    walk: async (page) => {
      await tabTo(page, 'the row (1, 1)', (f) => f.name === '(1, 1)');
      await press(page, 'Enter');
      await expect.poll(() => page.locator('tr[aria-current="true"] th').innerText()).toBe('(1, 1)');
      expect(await page.getByText('(all four right)').count()).toBe(1);
      const link = page.getByRole('link', { name: /chapter 1: XOR needs a second layer/ });
      expect(await link.getAttribute('href')).toMatch(/threshold-logic\/xor-circuit\/$/);
    }
  }
];

describe('chapter 3 by keyboard alone', () => {
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
    await tabTo(page, 'the link to chapter 3', (f) => f.tag === 'a' && f.href.includes('chapter/xor-and-the-winter'));
    await press(page, 'Enter');

    for (const [i, step] of steps.entries()) {
      await page.waitForURL(new RegExp(`/chapter/xor-and-the-winter/${i === 0 ? `(${step.id}/)?` : `${step.id}/`}$`));
      await expect.poll(() => page.locator('h1').innerText()).toMatch(step.title);

      if (step.pictures > 0) {
        const stages = page.locator('.stage [data-status]');
        await expect.poll(() => stages.count(), { timeout: 30_000 }).toBe(step.pictures);
        await expect.poll(() => page.locator('.stage [data-status="ready"]').count(), { timeout: 45_000 }).toBe(step.pictures);
      }
      try {
        await step.walk(page);
      } catch (error) {
        await shot(page, `${step.id}-failed`);
        throw error;
      }
      const canvases = page.locator('[data-status="ready"] canvas');
      for (let k = 0; k < step.pictures; k++) {
        expect(await distinctColours(page, canvases.nth(k)), `step ${step.id}, picture ${k + 1} is drawn`).toBeGreaterThan(3);
      }
      await shot(page, `${String(i + 1).padStart(2, '0')}-${step.id}`);

      await tabTo(page, 'the Next button', (f) => f.tag === 'button' && /^Next/.test(f.name));
      await press(page, 'Enter');
    }

    await page.waitForURL((url) => !url.pathname.includes('/the-fix/'));
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });
});
