// Loaded at build time here; the folder for opening from disk loads it in the page (scripts/offlineFolder.mjs).
export { load } from './load';
