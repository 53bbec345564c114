import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';

/** Hosts the site may talk to: itself. Anything else is a leak a classroom without network would feel. */
const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface Session {
  context: BrowserContext;
  page: Page;
  /** the site's origin, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** console errors and uncaught page errors, as text, from every page of the session */
  errors: string[];
  /** every URL any page of the session requested */
  requests: string[];
  /** requests that went to a host other than this machine */
  foreignRequests(): string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** extra Chromium flags, e.g. to turn WebGL off */
  args?: string[];
  viewport?: { width: number; height: number };
}

/**
 * A fresh Debian Chromium with an empty profile, recording every request, console error
 * and page error, so a test can assert on all of them at its end.
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const baseUrl = inject('baseUrl');
  const profile = mkdtempSync(path.join(tmpdir(), 'e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    chromiumSandbox: false,
    args: [...chromiumArgs, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: 'reduce'
  });
  const errors: string[] = [];
  const requests: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const source = message.location().url;
      errors.push(`console error on ${page.url()}: ${message.text()}${source && source !== page.url() ? ` (${source})` : ''}`);
    });
    page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
  };
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    baseUrl,
    errors,
    requests,
    foreignRequests: () =>
      requests.filter((url) => {
        const { protocol, hostname } = new URL(url);
        if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
        return !localHosts.has(hostname);
      }),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
}

/**
 * How many distinct colours a canvas shows on screen. Reads the composited pixels (a
 * screenshot of the element) rather than the canvas's own buffer, which WebGL may have
 * cleared after presenting. The screenshot is decoded in a blank page of its own: the
 * site's policy rightly refuses the data: image that decoding takes.
 */
export async function distinctColours(page: Page, canvas: Locator): Promise<number> {
  const png = await canvas.screenshot();
  const scratchPage = await page.context().newPage();
  try {
    return await countColours(scratchPage, png);
  } finally {
    await scratchPage.close();
  }
}

function countColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const scratch = document.createElement('canvas');
    scratch.width = image.naturalWidth;
    scratch.height = image.naturalHeight;
    const context = scratch.getContext('2d');
    if (!context) throw new Error('no 2D context for reading pixels');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, scratch.width, scratch.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      seen.add(((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) >>> 0);
      if (seen.size > 64) break;
    }
    return seen.size;
  }, png.toString('base64'));
}

/**
 * Saves a full-page screenshot as e2e-<name>.png when E2E_SHOTS names a folder
 * (`E2E_SHOTS=/tmp/shots npx vitest run --project e2e`), to look at what learners see.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  const shotsDir = process.env.E2E_SHOTS;
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `e2e-${name}.png`), fullPage: true });
}
