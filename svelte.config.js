import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { buildingOfflineFolder, offlineOutput, offlineSources } from './scripts/offlineFolder.js';

/** `npm run build:offline`: one folder that works opened from disk (scripts/build-offline.mjs). */
const offline = buildingOfflineFolder();
const appTemplate = offline ? `${offlineSources}/app.html` : 'src/app.html';

/**
 * Hashes of the inline <script> and <style> elements written by hand in src/app.html (the
 * notice for a copy opened from disk). Kit hashes only what it writes itself; these are
 * hashed here from the file, so editing them can never leave them outside the policy.
 */
function appHtmlHashes(tag) {
  const html = readFileSync(new URL(`./${appTemplate}`, import.meta.url), 'utf8');
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
    ([, body]) => `sha256-${createHash('sha256').update(body).digest('base64')}`
  );
}

/** Static files up to this size are installed with the site; larger ones are kept on first use. */
const installedFileLimit = 4 * 1024 * 1024;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // 404.html: static hosts (and scripts/kiosk.mjs) serve it for unknown addresses; the app
    // then shows its not-found page, for unknown steps of known chapters too.
    adapter: offline
      ? adapter({ pages: offlineOutput, assets: offlineOutput, strict: true })
      : adapter({ pages: 'build', assets: 'build', fallback: '404.html', strict: true }),
    // From disk, browsers run no module script and fetch no other file: the page's address
    // is its #fragment, and the whole app is one script inside index.html.
    // Its own working folder too, so building it never replaces the site that `npm run
    // preview` serves from .svelte-kit/output.
    ...(offline ? { router: { type: 'hash' }, output: { bundleStrategy: 'inline' }, outDir: '.svelte-kit-offline' } : {}),
    // The top level of the repository is fixed (see README): static files live under src/.
    files: offline
      ? // no service worker: a page opened from disk can register none (no such file builds none)
        { assets: `${offlineSources}/static`, routes: `${offlineSources}/routes`, appTemplate, serviceWorker: `${offlineSources}/no-service-worker` }
      : { assets: 'src/static' },
    // Relative asset paths let the built site run from any static host, under any sub-path.
    paths: { relative: true },
    prerender: { entries: ['*'], handleHttpError: 'fail' },
    alias: { $chapters: 'chapters' },
    // src/service-worker.ts installs these with the site; a full MNIST set under data/ is too
    // large to download on every first visit, so a lab keeps it when it first asks.
    serviceWorker: {
      files: (file) => !file.endsWith('.DS_Store') && statSync(new URL(`./src/static/${file}`, import.meta.url)).size <= installedFileLimit
    },
    // Offline by construction: every page carries this policy (a <meta> tag, as pages are
    // prerendered), so nothing it loads or sends can leave this origin, whatever a future
    // dependency tries. Hashes, not nonces: a static page cannot carry a fresh nonce.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        // WebAssembly may compile; no string is ever evaluated as code in the page (Pixi
        // runs through its eval-free module). The training worker is a script of its own:
        // a page's <meta> policy does not reach it (see README, "Privacy").
        'script-src': ['self', 'wasm-unsafe-eval', ...appHtmlHashes('script')],
        'style-src': ['self', ...appHtmlHashes('style')],
        // KaTeX sizes every glyph with a style attribute, and so do Svelte's style: directives
        // in prerendered HTML; attributes cannot run code, elements stay hashed above.
        'style-src-attr': ['unsafe-inline'],
        // KaTeX's stylesheet carries one of its fonts inline, as a data: URL.
        'font-src': ['self', 'data:'],
        'img-src': ['self'],
        // The folder opened from disk carries its small MNIST set as a data: URL, and starts
        // its workers from blobs (the only workers a page from disk may start), which inherit
        // this policy.
        'connect-src': offline ? ['self', 'data:'] : ['self'],
        'worker-src': offline ? ['self', 'blob:'] : ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self']
      }
    }
  }
};

export default config;
