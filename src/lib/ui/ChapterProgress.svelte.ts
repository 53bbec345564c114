/**
 * What the learner has done in this visit: which steps they solved (kept in
 * sessionStorage, so a reload keeps the marks) and each step's last panel state (kept
 * in memory: it is what a following step without a `start` continues from, and may
 * hold typed arrays that do not survive JSON). Kiosk mode clears it for the next visitor.
 */
import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';

const storageKey = 'nn-ladder:solved';
const contextKey = Symbol('chapter-progress');

const keyOf = (slug: string, stepId: string) => `${slug}/${stepId}`;

export class ChapterProgress {
  /** ever solved in this visit */
  readonly #solved = new SvelteMap<string, boolean>();
  /** the goal met right now, as the step's panel last reported */
  readonly #met = new SvelteMap<string, boolean>();
  readonly #states = new Map<string, unknown>();
  readonly #storage: Storage | undefined;

  constructor(storage?: Storage) {
    this.#storage = storage;
    try {
      const saved = JSON.parse(storage?.getItem(storageKey) ?? '[]') as unknown;
      if (Array.isArray(saved)) for (const key of saved) if (typeof key === 'string') this.#solved.set(key, true);
    } catch {
      // An unreadable record only costs the marks.
    }
  }

  solved(slug: string, stepId: string): boolean {
    return this.#solved.get(keyOf(slug, stepId)) ?? false;
  }

  /** Whether the goal is met now (undefined until the panel has said). */
  met(slug: string, stepId: string): boolean | undefined {
    return this.#met.get(keyOf(slug, stepId));
  }

  /** The panel's report: a met goal marks the step solved for the rest of the visit. */
  report(slug: string, stepId: string, met: boolean): void {
    const key = keyOf(slug, stepId);
    this.#met.set(key, met);
    if (met && !this.#solved.get(key)) {
      this.#solved.set(key, true);
      this.#save();
    }
  }

  state(slug: string, stepId: string): unknown {
    return this.#states.get(keyOf(slug, stepId));
  }

  setState(slug: string, stepId: string, state: unknown): void {
    this.#states.set(keyOf(slug, stepId), state);
  }

  clear(): void {
    this.#solved.clear();
    this.#met.clear();
    this.#states.clear();
    this.#save();
  }

  #save(): void {
    try {
      this.#storage?.setItem(storageKey, JSON.stringify([...this.#solved.keys()]));
    } catch {
      // Storage may be full or refused; the marks still last for the page.
    }
  }
}

export function setChapterProgress(progress: ChapterProgress): ChapterProgress {
  return setContext(contextKey, progress);
}

/** The visit's progress, from the root layout; a fresh one outside it (stories, tests). */
export function getChapterProgress(): ChapterProgress {
  return getContext<ChapterProgress | undefined>(contextKey) ?? new ChapterProgress();
}
