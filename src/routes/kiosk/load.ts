import { chapters, getChapter, stepHref } from '$lib/chapters/loader';

/** Chapters a kiosk can be locked to (?lesson=<slug>), each with the step it starts at. */
export const load = () => ({
  lessons: chapters.flatMap((meta) => {
    const first = meta.status === 'ready' ? getChapter(meta.slug)?.steps[0] : undefined;
    return first ? [{ slug: meta.slug, title: meta.title, start: stepHref(meta.slug, first.id) }] : [];
  })
});
