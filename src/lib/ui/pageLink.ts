/**
 * The page's query string, read and rewritten in place (no navigation, no history
 * entry), for views that live in their link. SvelteKit's replaceState keeps its router
 * in step; before the router is up (or outside SvelteKit, as in the gallery) the
 * browser's own history does the same.
 *
 * A slider dragged or a line moved writes on every input event, and browsers limit
 * history calls (Chrome ignores those past about 200 in 10 s; Firefox and Safari throw),
 * so writes closer than WRITE_GAP_MS apart are folded into one, the latest, written
 * when the gap has passed: the address is at most a quarter second behind the view.
 */
import { replaceState } from '$app/navigation';

const WRITE_GAP_MS = 250;

let lastWrite = -Infinity;
/** the latest write not yet made, and the page it was for: a step left meanwhile keeps its own address */
let pending: { search: string; path: string } | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function readSearch(): string {
  if (typeof location === 'undefined') return '';
  // a write still waiting is the view's address already
  return pending && pending.path === location.pathname ? pending.search : location.search;
}

export function writeSearch(search: string): void {
  if (typeof location === 'undefined') return;
  pending = { search, path: location.pathname };
  if (timer !== undefined) return;
  const wait = lastWrite + WRITE_GAP_MS - performance.now();
  if (wait <= 0) flush();
  else timer = setTimeout(flush, wait);
}

function flush(): void {
  timer = undefined;
  const write = pending;
  pending = null;
  if (write === null || write.path !== location.pathname) return;
  lastWrite = performance.now();
  const url = new URL(location.href);
  url.search = write.search;
  if (url.href === location.href) return;
  try {
    replaceState(url, {});
  } catch {
    try {
      history.replaceState(history.state, '', url);
    } catch {
      // the browser refused this write too; the next one carries the view
    }
  }
}
