import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { allSteps, getStep } from '../../src/lib/chapters/loader';

/**
 * Pixi pictures each panel draws, by the panel's name in the registry. The count belongs
 * to the panel, not to the lesson: steps.ts is the authors' content and says which
 * panel a step shows, and every step showing a panel shows its pictures. A step whose
 * panel is missing here fails, so a new panel is counted before its chapter passes.
 */
export const pictures: Record<string, number> = {
  'threshold-unit': 1,
  'threshold-circuit': 1,
  'ltu-explorer': 1,
  'perceptron-training': 1,
  'perceptron-sklearn': 1,
  'logistic-vs-perceptron': 1,
  'perceptron-layer': 1,
  'xor-never': 2,
  'hand-line': 1,
  'perceptron-thrash': 2,
  'winter-timeline': 0,
  'two-layers': 2,
  'mlp-anatomy': 0,
  activations: 0,
  'backprop-ledger': 1,
  'backprop-xor': 2,
  playground: 2,
  'mnist-lab': 0,
  'conv-filter': 1,
  'conv-padding': 1,
  'conv-channels': 1,
  'conv-pooling': 1,
  'conv-shift-experiment': 0
};

/** A step's address, with whatever view its panel has written into the query (`?theta=1`, `?w1=1`). */
export const atStep = (url: string): RegExp => new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)?$`);

/** Every step a learner can visit, as the chapter loader lists them: `/chapter/<slug>/<step>/`. */
export const everyStep: readonly string[] = allSteps().map((step) => step.href);

/**
 * Waits until the step's panel has loaded and each of its pictures has settled, and
 * returns each picture's status ('ready', or 'failed' when it had to be said in words).
 */
export async function settledPictures(page: Page): Promise<string[]> {
  // the folder opened from disk routes by its #fragment: index.html#/chapter/<slug>/<step>/
  const url = new URL(page.url());
  const here = url.hash.startsWith('#/') ? url.hash.slice(1).split('?')[0] : url.pathname;
  const ref = allSteps().find((s) => here.endsWith(s.href));
  const scene = ref && getStep(ref.slug, ref.id)?.scene;
  const expected = scene === undefined ? undefined : pictures[scene];
  expect(expected, `the pictures of the step at ${here} are counted in the table above`).toBeDefined();
  const stages = page.locator('.stage [data-status]');
  // a step may add its pictures as its data arrives (the convolution steps draw once their digits are loaded)
  await expect.poll(() => stages.count(), { timeout: 60_000 }).toBe(expected);
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
