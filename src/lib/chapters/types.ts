/**
 * Chapters are data: chapters/NN-slug/index.md (frontmatter + prose per step) and
 * chapters/NN-slug/steps.ts (what each step shows). The loader derives order,
 * prev/next and URLs; authors never write navigation.
 */

/** What chapters/NN-slug/steps.ts exports as `steps`: one entry per step, in order. */
export interface StepSpec {
  /** url-safe, unique within the chapter; also the heading of its prose in index.md */
  readonly id: string;
  /** a name in the step-panel registry (src/lib/ui/panels/registry.ts) */
  readonly scene: string;
  readonly model?: string;
  readonly dataset?: string;
  /** the panel's starting state; without it a step continues from the previous step's end state */
  readonly start?: unknown;
  /** what the learner is asked to achieve, in the panel's own terms */
  readonly goal?: unknown;
}

export type ChapterStatus = 'ready' | 'coming';

export interface ChapterMeta {
  /** 1-based place on the ladder, from the folder name */
  readonly number: number;
  /** from the folder name without its number: 'threshold-logic' */
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  /** e.g. 'McCulloch & Pitts, 1943' */
  readonly anchor: string;
  readonly status: ChapterStatus;
}

export interface Step extends StepSpec {
  /** 0-based */
  readonly index: number;
  readonly title: string;
  /** prose as HTML (markdown rendered, formulas typeset with KaTeX) */
  readonly html: string;
}

export interface Chapter extends ChapterMeta {
  /** prose before the first step heading, as HTML ('' when there is none); shown above the first step */
  readonly intro: string;
  readonly steps: readonly Step[];
}

/** A step as navigation sees it: enough to link to it and name it. */
export interface StepRef {
  readonly slug: string;
  readonly chapterTitle: string;
  readonly id: string;
  readonly title: string;
  /** root-relative URL, e.g. '/chapter/threshold-logic/and/'; prefix the site's base path to use it */
  readonly href: string;
}

/** What lies either side of a step on the ladder: the next ready chapter follows a chapter's last step. */
export interface Neighbours {
  readonly prev?: StepRef;
  readonly next?: StepRef;
}
