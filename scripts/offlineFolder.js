// The folder for opening from disk (`npm run build:offline`): where its generated sources
// and its output live, shared by svelte.config.js, vite.config.ts, the builder and the test.

/** Set while the folder builds: the configs switch to hash routing and one inlined bundle. */
export const offlineFolderFlag = 'OFFLINE_FOLDER';

/** Routes, static files and page template written for that build (see scripts/build-offline.mjs). */
export const offlineSources = '.svelte-kit/offline-folder';

/** The folder a teacher copies: open its index.html. */
export const offlineOutput = 'build-offline';

/** @returns {boolean} whether this process builds the folder */
export function buildingOfflineFolder() {
  return process.env[offlineFolderFlag] === '1';
}
