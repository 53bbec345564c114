/**
 * How a page makes the MNIST lab: the digits from the site's own files (under its base
 * path), the variant's starting model with any changes given. The panel makes its lab
 * here, and so does the gallery, which may not reach into sim itself. Make a lab while
 * a component mounts (or in a story's template): its derived values follow the
 * component that made it.
 */
import { base } from '$app/paths';
import { fetchMnist, MNIST_ASSET } from '$lib/datasets/mnist';
import { fetchMnistStandard, MNIST_STANDARD_ASSET } from '$lib/datasets/mnistStandard';
import type { LoadDigits } from '$lib/sim/labDigits.svelte';
import { MnistLab, type MnistLabOptions } from '$lib/sim/mnistLab.svelte';
import { labVariants, type MnistLabConfig } from '$lib/sim/mnistLabSpec';

/** The site's digits: the full set, or the small one, from the files `npm run data` builds. */
export function siteDigits(basePath: string = base): LoadDigits {
  return (dataset, options) =>
    dataset === 'standard' ? fetchMnistStandard(`${basePath}/${MNIST_STANDARD_ASSET}`, options) : fetchMnist(`${basePath}/${MNIST_ASSET}`, options);
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
