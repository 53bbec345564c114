import { allSteps, chapters } from '$lib/chapters/loader';
import type { EntryGenerator } from './$types';

export { load } from './load';

/** Every step of every ready chapter, and each chapter's own URL (which leads to its first step). */
export const entries: EntryGenerator = () => [
  ...chapters.filter((c) => c.status === 'ready').map((c) => ({ slug: c.slug })),
  ...allSteps().map((s) => ({ slug: s.slug, step: s.id }))
];
