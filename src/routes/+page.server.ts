import { chapters, getChapter, stepHref } from '$lib/chapters/loader';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
  chapters: chapters.map((meta) => {
    const first = meta.status === 'ready' ? getChapter(meta.slug)?.steps[0] : undefined;
    return { ...meta, firstStep: first ? stepHref(meta.slug, first.id) : undefined };
  })
});
