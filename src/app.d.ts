// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {}
  /** true in the folder for opening from disk (`npm run build:offline`; vite.config.ts defines it) */
  const __OFFLINE_FOLDER__: boolean;
}
export {};
