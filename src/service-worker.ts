/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Installable and offline after the first visit. On install the worker keeps one copy of
 * this version of the site: the app shell and code, every chapter page and its data, the
 * fonts, the icons and the small MNIST set. From then on every request the copy can answer
 * is answered from it, with or without a network: a classroom that loses its connection,
 * or a kiosk whose server stops, keeps working. Larger data files (a full MNIST set) are
 * left out of the install and kept the first time a lab fetches them.
 *
 * A new build is a new version: its worker installs beside the old one and takes over
 * once no page of the old version is open, deleting the old copy, so a page never mixes
 * the code of two versions.
 */
import { base, build, files, prerendered, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = `nn-ladder-${version}`;

// KaTeX's stylesheet offers each font as woff2, woff and ttf; every browser with service
// workers takes the woff2, so the others are fetched (and then kept) only if ever asked for.
const precache = [...build.filter((path) => !/\.(woff|ttf)$/.test(path)), ...files, ...prerendered];
const precached = new Set(precache);
/** Files kept the first time they are fetched: content-hashed code and assets, and data files. */
const keptOnFirstUse = [`${base}/_app/immutable/`, `${base}/data/`];

/** A copy safe to answer any request with: a redirected response cannot answer a navigation. */
async function storable(response: Response): Promise<Response> {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function install(): Promise<void> {
  const cache = await caches.open(cacheName);
  await Promise.all(
    precache.map(async (path) => {
      const response = await fetch(path, { cache: 'reload' });
      if (!response.ok) throw new Error(`service worker: ${path} answered ${response.status}`);
      await cache.put(path, await storable(response));
    })
  );
}

async function activate(): Promise<void> {
  for (const name of await caches.keys()) if (name !== cacheName) await caches.delete(name);
  // the first visit's page is of this very version: serve it now, so that a large data file
  // its lab fetches is kept already
  await worker.clients.claim();
}

/**
 * The copy's answer when it has one; otherwise the network's, kept for next time when it
 * is a file that never changes within a version (a large data file, a font format not
 * installed); offline, the copy's not-found page for an address it does not know.
 */
async function respond(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(cacheName);
  // queries carry lesson state (seed, kiosk flags), never a different file
  const key = url.origin + url.pathname;
  const kept = await cache.match(key);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    const keep = response.ok && response.type === 'basic' && keptOnFirstUse.some((prefix) => url.pathname.startsWith(prefix));
    if (keep) await cache.put(key, await storable(response.clone()));
    return response;
  } catch (error) {
    if (request.mode === 'navigate') {
      const notFound = await cache.match(`${url.origin}${base}/404.html`);
      if (notFound) return notFound;
    }
    throw error;
  }
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    install().then(async () => {
      // the static host's not-found page is written after the worker is built: keep it when there is one
      const cache = await caches.open(cacheName);
      await cache.add(`${base}/404.html`).catch(() => undefined);
    })
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  // in development every module changes under the worker's feet: let the dev server answer
  if (import.meta.env.DEV || request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (!precached.has(url.pathname) && request.mode !== 'navigate' && !keptOnFirstUse.some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(respond(request, url));
});
