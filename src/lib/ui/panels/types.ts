import type { Step } from '$lib/chapters/types';
import type { LinkPlace } from '$lib/ui/stepLink';

/**
 * What the chapter page hands every step panel. A panel owns its scene and controls;
 * it reports its state (so the next step can continue from it) and whether the
 * step's goal is met. What a learner changes lives in the step's link: a panel reads and
 * writes it through ui/stepLink (the page's address by default, or the `search`/`onlink`
 * a story or test gives), never through global stores.
 */
export interface PanelProps extends LinkPlace {
  step: Step;
  /** the previous step's end state, when this step has no `start` of its own */
  carried?: unknown;
  /** called whenever the panel's state changes */
  onstate?: (state: unknown) => void;
  /** called with true when the step's goal is met, false when it no longer is */
  onsolved?: (solved: boolean) => void;
  /** the lesson's seed (from the URL, default 42): data, initial weights and shuffles replay from it */
  seed?: number;
  /** a `?backend=` override for the engine, when the link gives one */
  backend?: string;
}
