/** The list of chapters, each with the step it starts at. */
import { chapters, getChapter, stepHref } from '$lib/chapters/loader';

export const load = () => ({
  chapters: chapters.map((meta) => {
    const first = meta.status === 'ready' ? getChapter(meta.slug)?.steps[0] : undefined;
    return { ...meta, firstStep: first ? stepHref(meta.slug, first.id) : undefined };
  })
});
