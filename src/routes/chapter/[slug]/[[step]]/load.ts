/**
 * A step's page data, from the chapters as they were at build time. The site loads it on
 * the server while prerendering (+page.server.ts); the folder for opening from disk,
 * which has no server, loads the same function in the page (scripts/offlineFolder.mjs).
 */
import { error, redirect } from '@sveltejs/kit';
import { getChapter, neighbours, stepHref } from '$lib/chapters/loader';
import { hasPanel } from '$lib/ui/panels/registry';
import { siteHref } from '$lib/ui/siteHref';

export const load = ({ params }: { params: { slug: string; step?: string } }) => {
  const chapter = getChapter(params.slug);
  if (!chapter) error(404, `There is no chapter called “${params.slug}”.`);
  if (chapter.status !== 'ready' || chapter.steps.length === 0) {
    error(404, `Chapter ${chapter.number}, “${chapter.title}”, is coming but not written yet.`);
  }
  // Relative, so the redirect also works when the site is served under a sub-path; opened
  // from disk the page is index.html and the step its #fragment, which siteHref writes.
  if (params.step === undefined) redirect(307, __OFFLINE_FOLDER__ ? siteHref(stepHref(chapter.slug, chapter.steps[0].id)) : `./${chapter.steps[0].id}/`);
  const step = chapter.steps.find((s) => s.id === params.step);
  if (!step) error(404, `Chapter ${chapter.number}, “${chapter.title}”, has no step called “${params.step}”.`);
  if (!hasPanel(step.scene)) {
    error(500, `chapters/${String(chapter.number).padStart(2, '0')}-${chapter.slug}: step “${step.id}” shows the scene “${step.scene}”, which src/lib/ui/panels/registry.ts does not list.`);
  }
  return {
    chapter: { number: chapter.number, slug: chapter.slug, title: chapter.title, anchor: chapter.anchor, intro: chapter.intro },
    steps: chapter.steps.map((s) => ({ id: s.id, title: s.title, href: stepHref(chapter.slug, s.id) })),
    step,
    neighbours: neighbours(chapter.slug, step.id)
  };
};
