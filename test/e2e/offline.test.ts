import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './browser';
import { atStep, everyStep, settledPictures } from './everyStep';
import { serveKiosk, site, type Served } from './kioskServer';

/**
 * Installable and offline after the first visit, served the way a classroom kiosk serves
 * it (scripts/kiosk.mjs): one visit installs the service worker with the whole site; then
 * the server stops, and every step still opens, draws and trains from the installed copy.
 */
describe('the kiosk server, then offline', () => {
  let session: Session;
  let kiosk: Served;

  beforeAll(async () => {
    kiosk = await serveKiosk();
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
    await kiosk?.stop();
  });

  it('offers a web app manifest whose icons exist at the sizes it names', async () => {
    const { page } = session;
    await page.goto(`${kiosk.origin}/`);
    const href = await page.locator('link[rel="manifest"]').evaluate((link: HTMLLinkElement) => link.href);
    const response = await page.request.get(href);
    expect(response.headers()['content-type']).toMatch(/manifest\+json|json/);
    const manifest = (await response.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ name: 'The neural-network ladder', start_url: './', display: 'standalone' });
    for (const sizes of ['192x192', '512x512']) expect(manifest.icons.some((icon) => icon.sizes === sizes && icon.type === 'image/png')).toBe(true);
    for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
      const png = await (await page.request.get(new URL(icon.src, href).href)).body();
      // a PNG's width and height sit in its header, at bytes 16 and 20
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const cdp = await session.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  });

  it('gives the training worker a policy of its own in which gpu.js can compile kernels', async () => {
    const { page } = session;
    const worker = readdirSync(path.join(site, '_app/immutable/workers')).find((name) => name.startsWith('training.worker'));
    const policy = (await page.request.get(`${kiosk.origin}/_app/immutable/workers/${worker}`)).headers()['content-security-policy'];
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("'unsafe-eval'");
    // gpu.js's CPU mode builds every kernel with `new Function`: the label names it only when
    // the worker's policy let it (the page's own policy would not)
    await page.goto(`${kiosk.origin}/chapter/mlp-and-backprop/playground/?backend=gpu:cpu`);
    await settledPictures(page);
    await page.getByRole('button', { name: 'Train one epoch' }).click();
    await expect.poll(() => page.getByText(/^training on: JavaScript \(gpu\.js CPU mode\)/).count(), { timeout: 60_000 }).toBeGreaterThan(0);
  });

  it('installs the whole site on the first visit, then serves every step with the server gone', async () => {
    const { page } = session;
    await page.goto(`${kiosk.origin}/`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cached = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).length))).reduce((a, b) => a + b, 0));
    expect(cached).toBeGreaterThan(everyStep.length * 2);
    // a file left out of the install (as a large data file is) is kept once fetched: here a
    // font format browsers with service workers never ask for
    const font = readdirSync(path.join(site, '_app/immutable/assets')).find((name) => name.endsWith('.woff'));
    const fetchFont = () => page.evaluate(async (url) => (await fetch(url)).status, `${kiosk.origin}/_app/immutable/assets/${font}`);
    expect(await fetchFont()).toBe(200);

    await kiosk.stop();
    expect(await fetchFont()).toBe(200);
    expect(await page.request.get(`${kiosk.origin}/`).catch((error: Error) => error.message)).toMatch(/ECONNREFUSED/);

    for (const href of everyStep) {
      const response = await page.goto(`${kiosk.origin}${href}?seed=7`);
      expect(response?.fromServiceWorker(), href).toBe(true);
      const statuses = await settledPictures(page);
      expect(statuses.filter((status) => status !== 'ready'), href).toEqual([]);
    }
    // the MNIST lab's digits came from the installed copy too
    await page.goto(`${kiosk.origin}${everyStep.find((href) => href.endsWith('/mnist-lab/'))}`);
    await expect.poll(() => page.getByText('Not trained yet.').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByText(/could not be loaded/).count()).toBe(0);

    // moving on by the step navigation reads the next step's data from the copy as well
    await page.goto(`${kiosk.origin}${everyStep[0]}`);
    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL(atStep(`${kiosk.origin}${everyStep[1]}`));
    expect(await settledPictures(page)).not.toContain('failed');

    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  }, 360_000);
});
