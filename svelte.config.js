import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // 404.html: static hosts (and scripts/kiosk.mjs) serve it for unknown addresses; the app
    // then shows its not-found page, for unknown steps of known chapters too.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '404.html', strict: true }),
    // The top level of the repository is fixed (see README): static files live under src/.
    files: { assets: 'src/static' },
    // Relative asset paths let the built site run from any static host, under any sub-path.
    paths: { relative: true },
    prerender: { entries: ['*'], handleHttpError: 'fail' },
    alias: { $chapters: 'chapters' }
  }
};

export default config;
