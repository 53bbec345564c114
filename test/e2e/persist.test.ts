import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveWarning } from '../../src/lib/ui/leaveWarning';
import { forbiddenFindings } from './axe';
import { openSession, type Session } from './browser';

/**
 * Nothing is lost on reload: the playground's trained network (its weights, epoch and
 * curves) is kept in the browser and back after a reload, with a line that says so and a
 * Start fresh that clears it; a link that describes another view restores nothing; and a
 * link away from a fit that trains asks first.
 */
const restored = /^Restored the network you trained here on .+, epoch (\d+)\.\s*Start fresh$/;

/** The epoch IndexedDB holds for the playground, or null: read in the page, as the lab reads it. */
function keptEpoch(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('nn-ladder');
        open.onerror = () => reject(open.error);
        open.onupgradeneeded = () => open.result.createObjectStore('kept-work');
        open.onsuccess = () => {
          const get = open.result.transaction('kept-work').objectStore('kept-work').get('playground');
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as { epoch: number } | undefined)?.epoch ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      })
  );
}

/** What the learner can read of the network: its epoch, a weight, its loss curve and its predictions' scores. */
async function readNetwork(page: Page): Promise<{ epoch: string; weight: string; loss: string; scores: string }> {
  await page.getByLabel('Weight', { exact: true }).selectOption({ index: 1 });
  const editor = page.getByRole('group', { name: 'Edit a weight' });
  const weight = await editor.getByRole('textbox').inputValue();
  await page.getByLabel('Weight', { exact: true }).selectOption({ index: 0 });
  return {
    epoch: (await page.getByTestId('epoch').textContent())!,
    weight,
    loss: (await page.getByRole('img', { name: /^Loss (after|curves)/ }).getAttribute('aria-label'))!,
    scores: (await page.getByText(/^Right: /).textContent())!.replace(/\s+/g, ' ')
  };
}

async function trainEpochs(page: Page, n: number): Promise<void> {
  const step = page.getByRole('button', { name: 'Train one epoch' });
  for (let i = 1; i <= n; i++) {
    const before = Number(await page.getByTestId('epoch').textContent());
    await step.click();
    await expect.poll(() => page.getByTestId('epoch').textContent(), { timeout: 60_000 }).toBe(String(before + 1));
    await expect.poll(() => step.isEnabled()).toBe(true);
  }
}

describe('a trained network survives a reload', () => {
  let session: Session;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 1000 } });
    page = session.page;
    url = `${session.baseUrl}/chapter/mlp-and-backprop/playground/`;
    await page.goto(url);
  });
  afterAll(async () => session?.close());

  it('restores the same epoch and weights after a reload, and says so', async () => {
    await page.getByRole('button', { name: 'Train one epoch' }).waitFor();
    await trainEpochs(page, 2);
    await expect.poll(() => keptEpoch(page), { timeout: 10_000 }).toBe(2);
    // the pictures and the weight editor follow the last snapshot a frame or more later: read once they have settled
    let before = await readNetwork(page);
    await expect
      .poll(async () => {
        const now = await readNetwork(page);
        const settled = JSON.stringify(now) === JSON.stringify(before);
        before = now;
        return settled;
      }, { timeout: 10_000 })
      .toBe(true);
    expect(before.epoch).toBe('2');

    await page.reload();
    const line = page.getByText(restored);
    await line.waitFor({ timeout: 30_000 });
    expect((await line.textContent())!.replace(/\s+/g, ' ').trim().match(restored)![1]).toBe('2');
    await expect.poll(() => page.getByTestId('epoch').textContent()).toBe('2');
    await expect.poll(() => readNetwork(page), { timeout: 10_000 }).toEqual(before);
    expect(await forbiddenFindings(page)).toEqual([]);
  });

  it('trains on from the restored network, and Start fresh clears it', async () => {
    await trainEpochs(page, 1);
    expect(await page.getByTestId('epoch').textContent()).toBe('3');
    await page.reload();
    await page.getByText(restored).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Start fresh' }).click();
    await expect.poll(() => page.getByTestId('epoch').textContent()).toBe('0');
    expect(await page.getByText(restored).count()).toBe(0);
    await expect.poll(() => keptEpoch(page)).toBeNull();
    await page.reload();
    await page.getByRole('button', { name: 'Train one epoch' }).waitFor();
    expect(await keptEpoch(page)).toBeNull();
    expect(await page.getByText(restored).count()).toBe(0);
    expect(await page.getByTestId('epoch').textContent()).toBe('0');
  });

  it('restores nothing when the address describes another view', async () => {
    await trainEpochs(page, 1);
    await expect.poll(() => keptEpoch(page), { timeout: 10_000 }).toBe(1);
    await page.goto(`${url}?lr=0.3`);
    await page.getByRole('button', { name: 'Train one epoch' }).waitFor();
    // read after the panel's own read of the same store: once this answers, the panel's has
    expect(await keptEpoch(page)).toBe(1);
    expect(await page.getByText(restored).count()).toBe(0);
    expect(await page.getByTestId('epoch').textContent()).toBe('0');
    // the record is still there for the view that trained it
    await page.goto(url);
    await page.getByText(restored).waitFor({ timeout: 30_000 });
  });

  it('asks before a link leads away from a fit that trains', async () => {
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Pause training' }).waitFor();
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: /^Next/ }).click();
    await expect.poll(() => asked).toEqual([leaveWarning]);
    expect(new URL(page.url()).pathname).toBe(new URL(url).pathname);
    // closing the tab (or reloading it) gets the browser's own question
    const unload = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      })
    );
    await page.close({ runBeforeUnload: true });
    expect(await unload).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    await page.getByRole('button', { name: 'Pause training' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    // paused, nothing is lost: the link is followed without a question
    await page.getByRole('link', { name: /^Next/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).not.toBe(new URL(url).pathname);
    expect(asked).toEqual([leaveWarning]);
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  });
});

describe('a kiosk keeps nothing for the next visitor', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => session?.close());

  it('forgets the network trained on it when the idle reset sends it home', async () => {
    const { page, baseUrl } = session;
    await page.clock.install();
    await page.goto(`${baseUrl}/kiosk/?idle=1`);
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('button', { name: /Touch to start/ }).click();
    await page.goto(`${baseUrl}/chapter/mlp-and-backprop/playground/`);
    await page.getByRole('button', { name: 'Train one epoch' }).waitFor();
    await trainEpochs(page, 1);
    await expect.poll(() => keptEpoch(page), { timeout: 10_000 }).toBe(1);

    await page.clock.fastForward(61_000);
    await page.waitForURL(`${baseUrl}/`, { timeout: 15_000 });
    await expect.poll(() => keptEpoch(page), { timeout: 10_000 }).toBeNull();
    expect(session.errors).toEqual([]);
  });
});
