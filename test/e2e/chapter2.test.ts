import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, type Session } from './browser';

/**
 * Chapter 2 walked with the keyboard alone, as a learner without a mouse would: set a
 * unit by its sliders, predict and run Rosenblatt's rule to convergence on iris and
 * penguins, reverse the order in the scikit-learn comparison, and train three units.
 * Screenshots go to E2E_SHOTS (or /tmp/shots) as ch2-<step>.png.
 */
const shotsDir = process.env.E2E_SHOTS ?? '/tmp/shots';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${shotsDir}/ch2-${name}.png`, fullPage: true });
}

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const id = el.id;
      const labelled = id ? document.querySelector(`label[for="${id}"]`)?.textContent : '';
      return [el.getAttribute('aria-label'), labelled, el.closest('label')?.textContent, el.textContent].map((t) => t?.trim()).filter(Boolean).join(' | ');
    });
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

async function stageReady(page: Page) {
  const stage = page.locator('[data-status="ready"]').first();
  await stage.waitFor({ timeout: 60_000 });
  const canvas = stage.locator('canvas');
  await page.waitForTimeout(300);
  expect(await distinctColours(page, canvas)).toBeGreaterThan(6);
}

async function nextStep(page: Page, title: RegExp) {
  await tabTo(page, /^Next\s*→/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

describe('chapter 2 with the keyboard alone', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  // one long walk through five steps: slow on a busy two-core machine, never timed
  it('sets a unit by hand, runs the rule to convergence twice, compares with scikit-learn and trains three units', { timeout: 400_000 }, async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/perceptron/ltu/`);
    await page.getByRole('heading', { level: 1, name: /linear threshold unit/i }).waitFor();
    await stageReady(page);
    await expect(page.getByRole('status').filter({ hasText: 'on the wrong side' }).first().textContent()).resolves.toMatch(/\d+ flowers on the wrong side/);
    await shot(page, 'ltu');

    // the bias from −1 to −3, 0.1 a key press: x₁ + x₂ − 3 puts every setosa below the line
    await tabTo(page, /Bias b/);
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
    await page.getByText('Every one of the 100 flowers is on its own side.').waitFor();
    // Tab enters the radio group at the checked step; an arrow key moves the choice
    await tabTo(page, /^heaviside/);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: 'sign', exact: true }).isChecked()).resolves.toBe(true);
    await shot(page, 'ltu-solved');

    await nextStep(page, /Rosenblatt.s rule/);
    await stageReady(page);
    await expect(page.getByRole('button', { name: 'Play training' }).isDisabled()).resolves.toBe(true);
    await tabTo(page, /Yes, it will converge/);
    await page.keyboard.press('Space');
    await tabTo(page, /how many epochs/);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await shot(page, 'learn-iris-predict');
    await tabTo(page, /Lock in my prediction/);
    await page.keyboard.press('Enter');
    await tabTo(page, /^Next flower/);
    await page.keyboard.press('Enter');
    await page.getByText('Epoch 1, flower 1 of 100').waitFor();
    await tabTo(page, /Speed/);
    await page.keyboard.press('End');
    await tabTo(page, /Play training/);
    await page.keyboard.press('Enter');
    await page.getByText(/Converged in epoch 3/).waitFor({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'You were right.' }).count()).resolves.toBe(1);
    await shot(page, 'learn-iris');

    await nextStep(page, /Penguins/);
    await stageReady(page);
    await tabTo(page, /Skip and just run/);
    await page.keyboard.press('Enter');
    await tabTo(page, /Skip to the end of training/);
    await page.keyboard.press('Enter');
    await page.getByText(/Converged in epoch 12/).waitFor();
    await shot(page, 'learn-penguins');

    await nextStep(page, /scikit-learn/);
    await stageReady(page);
    await page.getByText('Same weights after all 4 updates.', { exact: false }).waitFor();
    await shot(page, 'sklearn');
    await tabTo(page, /as in the file/);
    await page.keyboard.press('ArrowDown');
    await page.getByText(/The runs part at update 1/).waitFor();
    await shot(page, 'sklearn-reversed');

    await nextStep(page, /Three units/);
    await stageReady(page);
    await tabTo(page, /Skip to the end of training/);
    await page.keyboard.press('Enter');
    await page.getByText(/after 30 epochs/).waitFor();
    await shot(page, 'three-ltus');

    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });
});
