import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './browser';

/**
 * Chapter 5's CNN lab in the built site, on the full MNIST: the presets and the time an
 * epoch should take, a short fit in the worker (one epoch on the first 1,000 of the
 * 60,000 training digits) with the first layer's filters drawn, the 10,000 test digits
 * scored, a digit drawn with pointer strokes and every layer's maps of it, one map large
 * with its kernel; no errors, no request leaving the machine, nothing wider than a phone.
 */

/** <E2E_SHOTS>/ch5-lab-<name>.png when E2E_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `ch5-lab-${name}.png`), fullPage: true });
}

async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.getByRole('img', { name: /draw a digit here|Your drawing/ });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

/** Elements reaching past the right edge of the page, outside anything that scrolls sideways. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (e: Element | null): boolean => !!e && (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) || scrolls(e.parentElement));
    return [...document.querySelectorAll('.stage *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e.parentElement)).map((e) => e.tagName);
  });

describe('chapter 5 lab: a CNN on the full MNIST', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 1000 } });
    page = session.page;
    await page.goto(`${session.baseUrl}/chapter/convolution/cnn-lab/`);
  });
  afterAll(async () => session?.close());

  it("offers both presets, mirrors them in Keras, and says how long an epoch should take", async () => {
    const code = page.getByLabel('The same model in Python Keras: Python code');
    await expect.poll(() => code.textContent(), { timeout: 30_000 }).toContain('layers.Conv2D(8, (5, 5), padding="same", activation="relu")');
    await page.getByRole('button', { name: "Keras's mnist_cnn example" }).click();
    await page.getByText('model.summary(): 1,199,882 parameters').waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('opt')).toBe('adadelta');
    const expected = page.getByText(/^Expected: about .+ an epoch$/);
    await expected.waitFor({ timeout: 90_000 });
    await page.getByText(/training steps of 128 digits timed in the background on .+, times 469 steps, plus .+ to score the 10,000 test digits/).waitFor();
    await shot(page, 'keras-preset');
    await page.getByRole('button', { name: 'Small ConvNetJS network' }).click();
    await page.getByText('model.summary(): 5,994 parameters').waitFor();
  });

  it('fits in the worker on the full set, its first filters drawn, and scores the 10,000 test digits', async () => {
    await page.getByLabel('Training digits').selectOption('1000');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: /Finished|Training|Loading|diverged|stopped/ });
    await expect.poll(() => status.first().textContent(), { timeout: 120_000 }).toMatch(/Finished its epoch/);
    await page.getByText(/^training on: .+ \(.+\)$/).waitFor();
    await page.getByRole('list', { name: /^The first layer's filters: 8 grids of 5 × 5 weights/ }).waitFor();
    const score = page.getByText(/of 10,000 test digits right/);
    await score.waitFor({ timeout: 60_000 });
    const right = Number((await score.textContent())!.match(/^([\d,]+) of/)![1].replace(',', ''));
    // 1,000 digits for one epoch: far from the step's 97%, far above chance
    expect(right).toBeGreaterThan(3000);
    await shot(page, 'fit');
  });

  it("draws every layer's maps of a drawn digit and shows one large with its kernel", async () => {
    await stroke(page, [[0.5, 0.15], [0.5, 0.85]]);
    await page.getByText('Layer 1, Conv2D: 8 maps of 28 × 28').waitFor();
    await page.getByText('Layer 4, MaxPooling2D: 16 maps of 4 × 4').waitFor();
    const maps = page.getByRole('button').filter({ has: page.getByRole('img', { name: /^Map \d+ of layer 3, Conv2D/ }) });
    expect(await maps.count()).toBe(16);
    await maps.first().click();
    await page.getByRole('heading', { name: /^Map \d+ of layer 3, Conv2D$/ }).waitFor();
    expect(await page.getByRole('img', { name: /^Its slice over map \d of the layer before/ }).count()).toBe(8);
    await shot(page, 'inside');
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });

  it('keeps everything within a phone-wide page', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(500);
    expect(await overflowing(page)).toEqual([]);
    await shot(page, 'phone');
  });
});
