/**
 * The ladder of chapters, read from chapters/NN-slug/{index.md, steps.ts} when this
 * module loads (at build time for the site, in Node for tests). Order comes from the
 * folder numbers, prev/next and URLs from the order; authors never write navigation.
 * Import it from server load functions only: it carries marked and KaTeX, which the
 * learner's browser never needs because pages arrive already typeset.
 */
import { ChapterError, parseChapter, parseFolderName } from './parseChapter';
import type { Chapter, ChapterMeta, Neighbours, Step, StepRef, StepSpec } from './types';

/** Files by path, as import.meta.glob returns them: `/chapters/01-x/index.md` -> text. */
export type ProseFiles = Record<string, string>;
/** `/chapters/01-x/steps.ts` -> the module (its `steps` export). */
export type StepFiles = Record<string, { steps?: readonly StepSpec[] }>;

function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2];
}

/** Builds and orders every chapter; throws a ChapterError on the first problem found. */
export function loadChapters(prose: ProseFiles, stepFiles: StepFiles): Chapter[] {
  const stepsByFolder = new Map(Object.entries(stepFiles).map(([path, module]) => [folderOf(path), module]));
  const proseFolders = new Set(Object.keys(prose).map(folderOf));
  for (const folder of stepsByFolder.keys()) {
    if (!proseFolders.has(folder)) throw new ChapterError(folder, 'has steps.ts but no index.md');
  }
  const chapters = Object.entries(prose).map(([path, markdown]) => {
    const folder = folderOf(path);
    const module = stepsByFolder.get(folder);
    if (module && !('steps' in module)) throw new ChapterError(folder, 'steps.ts must export `steps`');
    return parseChapter(folder, markdown, module?.steps);
  });
  chapters.sort((a, b) => a.number - b.number);
  for (let i = 1; i < chapters.length; i++) {
    if (chapters[i].number === chapters[i - 1].number) {
      throw new ChapterError(`${String(chapters[i].number).padStart(2, '0')}-*`, `two chapters share the number ${chapters[i].number}`);
    }
  }
  const slugs = new Set<string>();
  for (const chapter of chapters) {
    if (slugs.has(chapter.slug)) throw new ChapterError(`*-${chapter.slug}`, `two chapters share the slug "${chapter.slug}"`);
    slugs.add(chapter.slug);
  }
  return chapters;
}

/** Navigation over an ordered list of chapters: what the exports below answer with. */
export function createLadder(all: readonly Chapter[]) {
  const bySlug = new Map(all.map((chapter) => [chapter.slug, chapter]));
  const visitable = (chapter: Chapter) => chapter.status === 'ready' && chapter.steps.length > 0;
  const ref = (chapter: Chapter, step: Step): StepRef => ({
    slug: chapter.slug,
    chapterTitle: chapter.title,
    id: step.id,
    title: step.title,
    href: stepHref(chapter.slug, step.id)
  });

  return {
    chapters: all.map(({ number, slug, title, summary, anchor, status }): ChapterMeta => ({ number, slug, title, summary, anchor, status })),
    getChapter: (slug: string): Chapter | undefined => bySlug.get(slug),
    getStep: (slug: string, stepId: string): Step | undefined => bySlug.get(slug)?.steps.find((step) => step.id === stepId),
    /** The steps before and after one; across a chapter's end to the next (or previous) ready chapter. */
    neighbours(slug: string, stepId: string): Neighbours {
      const chapter = bySlug.get(slug);
      const index = chapter?.steps.findIndex((step) => step.id === stepId) ?? -1;
      if (!chapter || index < 0) return {};
      const place = all.indexOf(chapter);
      let prev: StepRef | undefined;
      let next: StepRef | undefined;
      if (index > 0) prev = ref(chapter, chapter.steps[index - 1]);
      else {
        const before = all.slice(0, place).reverse().find(visitable);
        if (before) prev = ref(before, before.steps[before.steps.length - 1]);
      }
      if (index < chapter.steps.length - 1) next = ref(chapter, chapter.steps[index + 1]);
      else {
        const after = all.slice(place + 1).find(visitable);
        if (after) next = ref(after, after.steps[0]);
      }
      return { prev, next };
    },
    /** Every (chapter, step) a learner can visit, for prerendering. */
    allSteps: (): StepRef[] => all.filter(visitable).flatMap((chapter) => chapter.steps.map((step) => ref(chapter, step)))
  };
}

/** Root-relative URL of a step (prefix the site's base path). Trailing slash: see routes/+layout.ts. */
export function stepHref(slug: string, stepId: string): string {
  return `/chapter/${encodeURIComponent(slug)}/${encodeURIComponent(stepId)}/`;
}

const ladder = createLadder(
  loadChapters(
    import.meta.glob<string>('/chapters/*/index.md', { query: '?raw', import: 'default', eager: true }),
    import.meta.glob<{ steps?: readonly StepSpec[] }>('/chapters/*/steps.ts', { eager: true })
  )
);

/** Every chapter on the ladder, in order, ready or coming. */
export const chapters: readonly ChapterMeta[] = ladder.chapters;
export const getChapter = ladder.getChapter;
export const getStep = ladder.getStep;
export const neighbours = ladder.neighbours;
export const allSteps = ladder.allSteps;
export { parseFolderName };
