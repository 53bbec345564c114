/**
 * The page's query string, read and rewritten in place (no navigation, no history
 * entry), for views that live in their link. SvelteKit's replaceState keeps its router
 * in step; before the router is up (or outside SvelteKit, as in the gallery) the
 * browser's own history does the same.
 */
import { replaceState } from '$app/navigation';

export function readSearch(): string {
  return typeof location === 'undefined' ? '' : location.search;
}

export function writeSearch(search: string): void {
  if (typeof location === 'undefined') return;
  const url = new URL(location.href);
  url.search = search;
  if (url.href === location.href) return;
  try {
    replaceState(url, {});
  } catch {
    history.replaceState(history.state, '', url);
  }
}
