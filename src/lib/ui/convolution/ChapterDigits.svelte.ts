/**
 * The digits a convolution step needs, loaded when the step opens (the site's MNIST
 * file by default, anything else in tests and the gallery), with a sentence for the
 * learner if they cannot be loaded, and a check that a linked digit exists.
 */
import { base } from '$app/paths';
import { clampDigit } from '$lib/sim/convolution/digits';
import { fetchDigitImages, type MnistImages } from '$lib/sim/siteDigits';

let shared: Promise<MnistImages> | null = null;

/** The site's digits, fetched once per visit and kept as bytes (a few megabytes; floats would be four times that). */
export function loadSiteDigits(): Promise<MnistImages> {
  if (!shared) {
    shared = fetchDigitImages(base);
    // a failed load may be retried
    shared.catch(() => (shared = null));
  }
  return shared;
}

export type DigitsLoader = () => Promise<MnistImages>;

export class ChapterDigits {
  images = $state.raw<MnistImages | null>(null);
  error = $state('');

  constructor(private readonly loader: DigitsLoader = loadSiteDigits) {}

  /**
   * Loads the digits; resolves with `digit` if the file has it, else with the default
   * digit and a sentence saying so through `problem`.
   */
  async load(digit: number, problem: (sentence: string) => void): Promise<number> {
    try {
      const images = await this.loader();
      this.images = images;
      const kept = clampDigit(images, digit);
      if (kept !== digit) problem(`The link's digit ${digit} is not among the ${images.n.toLocaleString('en')} digits; showing digit ${kept}.`);
      return kept;
    } catch (error) {
      this.error = `The handwritten digits could not be loaded (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`;
      return digit;
    }
  }
}
