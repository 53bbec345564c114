import { resolve } from '$app/paths';

type SitePath = '/' | `/chapter/${string}/` | '/kiosk/';

/**
 * A root-relative path of this site (as the chapter loader gives them) made to work
 * under whatever base the site is served from, sub-paths and relative builds included.
 */
export function siteHref(path: string): string {
  if (!path.startsWith('/')) throw new Error(`siteHref takes a root-relative path, got "${path}"`);
  // Opened from disk, the page is index.html and a step is its #fragment. The router's own
  // hash links lead to the folder (its pathname without index.html), which the browser lists.
  if (__OFFLINE_FOLDER__) return `#${path}`;
  return resolve(path as SitePath);
}
