import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    // The top level of the repository is fixed (see README): static files live under src/.
    files: { assets: 'src/static' },
    // Relative asset paths let the built site run from any static host, under any sub-path.
    paths: { relative: true },
    prerender: { entries: ['*'], handleHttpError: 'fail' },
    alias: { $chapters: 'chapters' }
  }
};

export default config;
