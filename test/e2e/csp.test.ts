import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './browser';
import { everyStep, recordViolations, settledPictures, violations } from './everyStep';

const site = path.resolve(process.env.E2E_SITE ?? path.join(__dirname, '../../build'));

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === '_app' ? [] : pages(file);
    return name.endsWith('.html') ? [file] : [];
  });
}

/** The directives of a page's policy, from its <meta http-equiv> tag. */
function policyOf(html: string): Map<string, string[]> | null {
  const content = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
  if (!content) return null;
  return new Map(
    content
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values])
  );
}

/**
 * Offline by construction: every page carries a Content-Security-Policy that lets it load
 * and send nothing off its own origin and evaluate no string as code; under it every step
 * of every chapter still draws, with no violation reported.
 */
describe('the content security policy', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await recordViolations(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('is in every page of the site, keeping every request on its own origin and evaluating no string', () => {
    const files = pages(site);
    const withPolicy = files.filter((file) => policyOf(readFileSync(file, 'utf8')));
    // the chapters' own addresses are bare redirects to their first step; every real page has the policy
    const redirects = files.filter((file) => !withPolicy.includes(file) && /^<script>location\.href="[^"]+";<\/script><meta http-equiv="refresh"/.test(readFileSync(file, 'utf8')));
    expect(files.filter((file) => !withPolicy.includes(file) && !redirects.includes(file))).toEqual([]);
    expect(withPolicy.length).toBeGreaterThanOrEqual(everyStep.length + 2);
    for (const file of withPolicy) {
      const policy = policyOf(readFileSync(file, 'utf8'))!;
      expect(policy.get('default-src'), file).toEqual(["'self'"]);
      expect(policy.get('connect-src'), file).toEqual(["'self'"]);
      expect(policy.get('worker-src'), file).toEqual(["'self'"]);
      expect(policy.get('img-src'), file).toEqual(["'self'"]);
      const scripts = policy.get('script-src') ?? [];
      expect(scripts, file).toContain("'wasm-unsafe-eval'");
      expect(scripts.filter((source) => !source.startsWith("'sha256-")), file).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(policy.get('style-src')?.filter((source) => !source.startsWith("'sha256-")), file).toEqual(["'self'"]);
    }
  });

  it(`lets all ${everyStep.length} steps draw every picture, with no violation and no console error`, async () => {
    const { page, baseUrl } = session;
    const seen: string[] = [];
    for (const href of everyStep) {
      await page.goto(`${baseUrl}${href}`);
      const statuses = await settledPictures(page);
      expect(statuses.filter((status) => status !== 'ready'), href).toEqual([]);
      for (const violation of await violations(page)) seen.push(`${href}: ${violation}`);
    }
    expect(seen).toEqual([]);
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  }, 360_000);
});

describe('a copy opened from disk', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await recordViolations(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('says how to serve it instead of loading forever, under the same policy', async () => {
    const { page } = session;
    await page.goto(`file://${path.join(site, 'chapter/threshold-logic/and/index.html')}`);
    const notice = page.getByRole('alert').filter({ hasText: 'opened from a file' });
    await notice.waitFor();
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.innerText()).toMatch(/npm run kiosk[\s\S]*static web server/);
    // the notice's script ran, so its hash is in the policy: nothing inline was refused
    expect((await violations(page)).filter((v) => v.includes('inline'))).toEqual([]);
  });

  it('stays out of sight when the site is served', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/chapter/threshold-logic/and/`);
    await settledPictures(page);
    expect(await page.getByText('opened from a file').isVisible()).toBe(false);
  });
});
