/**
 * What every convolution step opens with: its view read from the page's address (or,
 * without one, carried on from the step before), the chapter's digits, and the
 * sentences that say what could not be read. The panel keeps the rest of its state.
 */
import type { Step } from '$lib/chapters/types';
import { readCarry } from '$lib/sim/convolution/links';
import { openingValues, type LinkValues } from '$lib/sim/urlState';
import type { PanelProps } from '$lib/ui/panels/types';
import { ChapterDigits, type DigitsLoader } from './ChapterDigits.svelte';
import { readStepLink, writeStepLink, type LinkPlace } from '$lib/ui/stepLink';

type Table = Parameters<typeof readStepLink>[0];

/** What a convolution panel takes beyond every panel's props: where its link lives, where its digits come from. */
export type ConvolutionPanelProps = PanelProps & { loadDigits?: DigitsLoader };

export interface StepOpening extends LinkPlace {
  step: Pick<Step, 'start'>;
  /** the previous step's end state */
  carried?: unknown;
  loadDigits?: DigitsLoader;
}

export class ConvolutionStep<T extends Table> {
  /** the values the step opens with: the link's, else the carried ones over the defaults */
  readonly opening: LinkValues<T>;
  readonly digits: ChapterDigits;
  problems = $state<string[]>([]);
  private readonly place: LinkPlace;

  constructor(
    private readonly table: T,
    props: StepOpening
  ) {
    this.place = { search: props.search, onlink: props.onlink };
    const link = readStepLink(table, this.place);
    this.opening = openingValues(link, readCarry(props.step.start ?? props.carried) as Partial<LinkValues<T>>);
    this.problems = [...link.problems];
    this.digits = new ChapterDigits(props.loadDigits);
  }

  /** Loads the digits; resolves with the digit to show, `digit` itself when the file has it. */
  loadDigits(digit: number): Promise<number> {
    return this.digits.load(digit, (problem) => (this.problems = [...this.problems, problem]));
  }

  /** Writes the view where links go: the page's address, or the test's or story's place. */
  write(values: LinkValues<T>): void {
    writeStepLink(this.table, values, this.place);
  }
}
