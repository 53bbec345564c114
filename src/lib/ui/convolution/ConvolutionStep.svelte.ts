/**
 * What every convolution step opens with and keeps: its view read from the page's
 * address (or, without one, carried on from the step before), the chapter's digits,
 * the digit shown (and, on the steps that slide one, the kernel), the sentences that
 * say what could not be read, and the view written back to the address. The panel
 * keeps the rest of its state.
 */
import type { Step } from '$lib/chapters/types';
import { digitPlane } from '$lib/sim/convolution/digits';
import { readCarry } from '$lib/sim/convolution/links';
import { positionCount, positionsOf, type Plane, type Slide, type SlideGeometry } from '$lib/sim/convolution/slide';
import { SlidePlayer } from '$lib/sim/convolution/SlidePlayer.svelte';
import { openingValues, type LinkValues, type UrlField, type UrlTable } from '$lib/sim/urlState';
import type { PanelProps } from '$lib/ui/panels/types';
import { keepInLink } from '$lib/ui/keepInLink.svelte';
import { readStepLink, type LinkPlace } from '$lib/ui/stepLink';
import { ChapterDigits, type DigitsLoader } from './ChapterDigits.svelte';

/** What a convolution panel takes beyond every panel's props: where its link lives, where its digits come from. */
export type ConvolutionPanelProps = PanelProps & { loadDigits?: DigitsLoader };

export interface StepOpening extends LinkPlace {
  step: Pick<Step, 'start'>;
  /** the previous step's end state */
  carried?: unknown;
  loadDigits?: DigitsLoader;
}

type DigitTable = UrlTable & { digit: UrlField<number> };
type KernelTable = DigitTable & { kernel: UrlField<readonly number[]> };
type SlideTable = KernelTable & { at: UrlField<number>; speed: UrlField<number>; pick?: UrlField<number | null> };

export class ConvolutionStep<T extends DigitTable> {
  /** the values the step opens with: the link's, else the carried ones over the defaults */
  readonly opening: LinkValues<T>;
  readonly digits: ChapterDigits;
  problems = $state<string[]>([]);
  /** the digit's place among the chapter's digits */
  digit = $state(0);
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
    this.digit = this.opening.digit;
  }

  /** The digit as a plane of grey levels, once the digits are loaded. */
  readonly plane: Plane | null = $derived.by(() => {
    const images = this.digits.images;
    return images ? digitPlane(images, this.digit) : null;
  });

  /** Loads the digits; the digit shown becomes the file's first when the file lacks the one asked for. Call when the panel is mounted. */
  open(): void {
    void this.digits.load(this.digit, (problem) => (this.problems = [...this.problems, problem])).then((d) => (this.digit = d));
  }

  /** Keeps the view `read` returns in the page's address (null: not now, e.g. while the window plays). Call while the panel is set up. */
  keep(read: () => LinkValues<T> | null): void {
    keepInLink(this.table, this.place, read);
  }
}

/** A convolution step that slides one kernel over the digit: the kernel is its state too. */
export class KernelStep<T extends KernelTable> extends ConvolutionStep<T> {
  /** the 3×3 weights, row by row */
  kernel = $state<readonly number[]>([]);

  constructor(table: T, props: StepOpening) {
    super(table, props);
    this.kernel = this.opening.kernel;
  }
}

/**
 * A convolution step whose window slides over the digit: its player (opening where the
 * link left it) and the slide it plays. Destroy it with the panel.
 */
export class SlideStep<T extends SlideTable> extends KernelStep<T> {
  readonly player: SlidePlayer;
  /** what the window shows at each position; null until the digits are in */
  slide = $state.raw<Slide | null>(null);

  /** `geometry`: the window of the opening view, whose positions the player has before its slide is computed */
  constructor(table: T, props: StepOpening, geometry: (opening: LinkValues<T>) => SlideGeometry) {
    super(table, props);
    const { at, speed, pick } = this.opening as { at: number; speed: number; pick?: number | null };
    this.player = new SlidePlayer({ length: positionsOf(geometry(this.opening)), cursor: at, inspected: pick, speed });
  }

  /** Shows a newly computed slide; the player's positions follow it. */
  show(slide: Slide): void {
    this.slide = slide;
    this.player.setLength(positionCount(slide));
  }

  destroy(): void {
    this.player.destroy();
  }
}
