import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { allSteps } from '../../src/lib/chapters/loader';

/** Every step a learner can visit, as the chapter loader lists them: `/chapter/<slug>/<step>/`. */
export const everyStep: readonly string[] = allSteps().map((step) => step.href);

/**
 * Waits until the step's panel has loaded and each of its pictures has settled, and
 * returns each picture's status ('ready', or 'failed' when it had to be said in words).
 */
export async function settledPictures(page: Page): Promise<string[]> {
  await page.locator('.stage').first().waitFor();
  await expect.poll(() => page.getByText('Loading the picture…').count(), { timeout: 30_000 }).toBe(0);
  const stages = page.locator('.stage [data-status]');
  await expect.poll(() => page.locator('.stage [data-status="loading"]').count(), { timeout: 45_000 }).toBe(0);
  return stages.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status') ?? ''));
}

/** Records every `securitypolicyviolation` a page of the context sees, in `window.__violations`. */
export async function recordViolations(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
}

export const violations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
