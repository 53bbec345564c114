import type { Page } from 'playwright-core';

/** What a focused element is, in the words a test names it by. */
export interface Focused {
  tag: string;
  type: string;
  /** aria-label, else the visible text, whitespace collapsed */
  name: string;
  /** the text of the form control's label(s), e.g. "Bias b = −1.00" for a slider */
  label: string;
  /** the legend of the fieldset around it, e.g. "Connection from A" */
  group: string;
  /** the aria-label of the nearest labelled region around it, e.g. "Hidden unit h2" */
  region: string;
  value: string;
  href: string;
}

export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') ?? '',
      name: text(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText),
      label: text([...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join(' ')),
      group: text(el.closest('fieldset')?.querySelector('legend')?.textContent),
      region: text(el.closest('[aria-label]:not(input, button, a)')?.getAttribute('aria-label')),
      value: (el as HTMLInputElement).value ?? '',
      href: el.getAttribute('href') ?? ''
    };
  });
}

/**
 * Presses Tab (as a learner without a mouse does) until the focused element satisfies
 * `wanted`; throws, naming what was passed, when it is not reached within `limit` presses.
 */
export async function tabTo(page: Page, what: string, wanted: (f: Focused) => boolean, limit = 120): Promise<Focused> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f && wanted(f)) return f;
    if (f) passed.push(`${f.tag}${f.type ? `[${f.type}]` : ''} "${f.name.slice(0, 40)}"`);
  }
  throw new Error(`Tab never reached ${what} in ${limit} presses; passed ${passed.slice(0, 40).join(', ')}`);
}
