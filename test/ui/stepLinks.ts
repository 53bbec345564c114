import { waitFor } from '@testing-library/svelte';
import { expect } from 'vitest';

/**
 * Where a panel under test keeps its link instead of the page's address: the query it
 * opens with (a fresh page's, or a shared link's) and every query it writes, in order.
 */
export function linkPlace(search = '') {
  const written: string[] = [];
  return { place: { search, onlink: (s: string) => void written.push(s) }, written, last: () => written.at(-1) ?? '' };
}

/** What a panel's pictures say, in words: without WebGL (jsdom) each stage is described instead of drawn. */
export function pictures(): string[] {
  return [...document.querySelectorAll('.fallback[role="img"]')].map((el) => el.getAttribute('aria-label') ?? '');
}

/** The words of a panel's `count` pictures, once every stage has found it cannot draw. */
export async function described(count: number): Promise<string[]> {
  await waitFor(() => expect(pictures()).toHaveLength(count), { timeout: 15_000 });
  return pictures();
}
