import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** axe's own word on the first node, e.g. the contrast ratio and the two colours it measured */
  detail: string;
}

/**
 * Resolves once the page's DOM has gone `quietMs` without a change (or after `limitMs`
 * regardless). axe reads a node's attributes and its computed style at different moments
 * of one run, so a button that turns from disabled to enabled while axe runs is judged
 * with the colours of the one and the rules of the other.
 */
async function settled(page: Page, quietMs = 300, limitMs = 5000): Promise<void> {
  await page.evaluate(
    ({ quietMs, limitMs }) =>
      new Promise<void>((resolve) => {
        let timer = setTimeout(done, quietMs);
        const limit = setTimeout(done, limitMs);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, quietMs);
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        function done() {
          observer.disconnect();
          clearTimeout(timer);
          clearTimeout(limit);
          resolve();
        }
      }),
    { quietMs, limitMs }
  );
}

/**
 * axe-core's findings on the page as it is now. The script is evaluated through the
 * browser's debugging protocol, which the site's content security policy does not govern,
 * so the page under test keeps its own policy.
 */
export async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  await settled(page);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    // label-content-name-mismatch is experimental in axe, so off unless asked for: a button whose
    // visible words are not in its name cannot be spoken to by voice control
    const { violations } = await axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return violations.map((v) => ({ id: v.id, impact: v.impact ?? 'minor', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')), detail: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').trim() }));
  });
}

/**
 * Moderate findings a page may not have either: a heading that skips a level (a panel's
 * h3 straight under the step's h1) leaves a screen reader's outline with a gap.
 */
const forbiddenModerate = new Set(['heading-order']);

/** The findings a page may not have, one line each: every serious or critical one, and those above. */
export async function forbiddenFindings(page: Page): Promise<string[]> {
  return (await axeFindings(page))
    .filter((f) => f.impact === 'serious' || f.impact === 'critical' || forbiddenModerate.has(f.id))
    .map((f) => `${f.id} (${f.impact}): ${f.help} — ${f.targets.join(', ')}${f.detail ? ` (${f.detail})` : ''}`);
}
