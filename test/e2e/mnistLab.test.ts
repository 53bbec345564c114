import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './browser';

/**
 * The chapter-4 lab in the built site: define (the Keras mirror follows), a short fit in
 * the worker (1 epoch on the small set's first 1,000 training digits, the lab's smallest
 * "training digits" choice), the confusion matrix over its 2,000 test digits, a digit
 * drawn with pointer strokes and one picked with the keyboard, each read by the trained
 * network.
 */
const chapterFile = path.join(__dirname, '../../chapters/04-mlp-and-backprop/index.md');
const site = path.resolve(process.env.E2E_SITE ?? path.join(__dirname, '../../build'));
// the site builds a chapter's pages only once it is ready: test the lab when the chapter is
// ready (failing if its page is missing), or when a site built with it ready is handed in
const ready =
  /^status:\s*ready\s*$/m.test(readFileSync(chapterFile, 'utf8')) || existsSync(path.join(site, 'chapter/mlp-and-backprop/mnist-lab/index.html'));

/** /tmp/shots/ch4-lab-<name>.png when E2E_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `ch4-lab-${name}.png`), fullPage: true });
}

/** A stroke through points given as fractions of the pad, the way a mouse draws it. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.getByRole('img', { name: /draw a digit here|Your drawing/ });
  const box = (await pad.boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

describe.skipIf(!ready)('chapter 4 lab: define, compile, fit, predict on MNIST', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 1000 } });
    page = session.page;
    await page.goto(`${session.baseUrl}/chapter/mlp-and-backprop/mnist-lab/`);
  });
  afterAll(async () => session?.close());

  it('mirrors the defined model as Keras code and summary()', async () => {
    const code = page.getByLabel('The same model in Python Keras: Python code');
    await expect.poll(() => code.textContent(), { timeout: 30_000 }).toContain('layers.Dense(128, activation="relu")');
    // all four stages, on the digits the lab uses
    for (const stage of ['# 1. Define', '# 2. Compile', '# 3. Fit', '# 4. Predict', 'model.predict(x_test[:1])']) expect(await code.textContent()).toContain(stage);
    await page.getByRole('button', { name: 'Add a Dense layer' }).click();
    await page.getByLabel('Layer 3, Dense: units').fill('32');
    await page.getByLabel('Layer 3, Dense: activation').selectOption('tanh');
    await expect.poll(() => code.textContent()).toContain('layers.Dense(32, activation="tanh")');
    await page.getByText('model.summary(): 104,938 parameters').waitFor();
    await page.getByRole('button', { name: 'Remove layer 3' }).click();
    await page.getByText('model.summary(): 101,770 parameters').waitFor();
    await shot(page, 'define');
  });

  it('fits one epoch on 1,000 digits of the small set in the worker and scores its 2,000 test digits', async () => {
    await page.getByLabel('Epochs').fill('1');
    await page.getByLabel('Digits', { exact: true }).selectOption('small');
    await page.getByLabel('Training digits').waitFor();
    await page.getByLabel('Training digits').selectOption('1000');
    // the lab's choices are in the page's address
    await expect.poll(() => new URL(page.url()).search).toBe('?epochs=1&digits=small&train=1000');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: /Finished|Training|Loading|diverged|stopped/ });
    await expect.poll(() => status.first().textContent(), { timeout: 90_000 }).toMatch(/Finished its epoch/);
    await page.getByText(/^training on: .+ — .+$/).waitFor();
    // the chooser's table: the processor's backends and the graphics card's side by side,
    // each timed or with why not (a software WebGL is skipped by name)
    const backends = await page.getByRole('table', { name: /^Backends measured on this device/ }).getByRole('row').allTextContents();
    expect(backends.filter((r) => /CPU/.test(r)).length).toBeGreaterThan(0);
    expect(backends.filter((r) => /GPU/.test(r)).length).toBeGreaterThan(0);
    expect(backends.filter((r) => /trains/.test(r))).toHaveLength(1);
    const readout = (await page.getByText(/^Epoch 1 of 1, batch 32 of 32/).textContent())!.replace(/\s+/g, ' ').trim();
    expect(readout).toMatch(/^Epoch 1 of 1, batch 32 of 32 · loss \d\.\d{3} · accuracy \d+\.\d% · [\d,]+ samples\/s$/);
    const score = page.getByText(/of 2,000 test digits right/);
    await score.waitFor({ timeout: 30_000 });
    const right = Number((await score.textContent())!.match(/^([\d,]+) of/)![1].replace(',', ''));
    expect(right).toBeGreaterThan(1000);
    await page.getByRole('button', { name: /^True 7, predicted 7: \d+ digits of \d+ \(right\)$/ }).waitFor();
    await page.getByRole('img', { name: /Loss per epoch\. epoch 1: training \d\.\d{3}, validation \d\.\d{3}/ }).waitFor();
    await shot(page, 'fit');
  });

  it('moves through the confusion matrix with the arrow keys and shows a cell’s digits', async () => {
    const first = page.getByRole('button', { name: /^True 0, predicted 0:/ });
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const cell = page.locator(':focus');
    expect(await cell.getAttribute('aria-label')).toMatch(/^True 1, predicted 3:/);
    expect(await cell.getAttribute('tabindex')).toBe('0');
    await page.keyboard.press('Enter');
    expect(await cell.getAttribute('aria-pressed')).toBe('true');
    await page.getByText(/^True 1, said 3: \d+ digits?/).waitFor();
  });

  it('reads a digit drawn with pointer strokes, and a test digit picked with the keyboard', async () => {
    await page.getByRole('heading', { name: '5. Predict' }).scrollIntoViewIfNeeded();
    // a "7": a bar across the top, then a stroke down to the lower left
    await stroke(page, [[0.25, 0.2], [0.75, 0.2], [0.4, 0.85]]);
    const answer = page.getByText(/^The model says \d \(\d+(\.\d)?% sure\)\.$/);
    await answer.waitFor();
    await page.getByRole('img', { name: 'The 28×28 digit the network is given: your drawing' }).waitFor();
    expect(await page.getByRole('list', { name: 'Probability of each digit' }).getByRole('listitem').count()).toBe(10);
    await shot(page, 'predict-drawn');
    expect(await answer.textContent()).toMatch(/^The model says 7/);

    await page.getByRole('button', { name: 'Next test digit' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: /The 28×28 digit the network is given: test digit 1 of 2000, labelled \d/ }).waitFor();
    await answer.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: /test digit 2 of 2000/ }).waitFor();
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });
});
