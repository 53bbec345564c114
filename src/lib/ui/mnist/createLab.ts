/**
 * How a page makes the MNIST lab: the digits from the site's own files (under its base
 * path, sim/siteDigits), the variant's starting model with any changes given. The panel makes its lab
 * here, and so does the gallery, which may not reach into sim itself. Make a lab while
 * a component mounts (or in a story's template): its derived values follow the
 * component that made it.
 */
import { base } from '$app/paths';
import type { LoadDigits } from '$lib/sim/labDigits.svelte';
import { MnistLab, type MnistLabOptions } from '$lib/sim/MnistLab.svelte';
import { labVariants, type MnistLabConfig } from '$lib/sim/mnistLabSpec';
import { labDigits } from '$lib/sim/siteDigits';

/** The site's digits under its base path (or another, e.g. the gallery's root). */
export function siteDigits(basePath: string = base): LoadDigits {
  return labDigits(basePath);
}

export interface CreateLabOptions extends Omit<MnistLabOptions, 'loadData'> {
  /** default: the site's files */
  loadData?: LoadDigits;
  /** changes to the variant's starting configuration (ignored when `config` is given) */
  patch?: Partial<MnistLabConfig>;
}

export function createLab(options: CreateLabOptions = {}): MnistLab {
  const variant = options.variant ?? 'mlp';
  const config = options.config ?? (options.patch ? { ...structuredClone(labVariants[variant].defaults), ...options.patch } : undefined);
  return new MnistLab({ ...options, variant, config, loadData: options.loadData ?? siteDigits() });
}
