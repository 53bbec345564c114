/**
 * The site's handwritten digits, fetched one way for every page that needs them: the
 * MNIST lab's sets (the full MNIST as published, mnist-standard.bin, fetched only when
 * the lab asks; or the small 8,000/2,000 split of mnist.bin, served with the site), or
 * the small set's images themselves for the pictures of the convolution steps. `base` is
 * the site's path prefix: the site may live under a sub-path.
 */
import { fetchAsset } from '$lib/datasets/fetchAsset';
import { fetchMnist, MNIST_ASSET, readMnist, type MnistImages } from '$lib/datasets/mnist';
import { fetchMnistStandard, MNIST_STANDARD_ASSET } from '$lib/datasets/mnistStandard';
import type { LoadDigits } from './labDigits.svelte';

export type { MnistImages };

const assetUrl = (base: string) => `${base}/${MNIST_ASSET}`;

/** The lab's training and test digits, either set, with progress and cancelling. */
export function labDigits(base: string): LoadDigits {
  return (dataset, options) => (dataset === 'standard' ? fetchMnistStandard(`${base}/${MNIST_STANDARD_ASSET}`, options) : fetchMnist(assetUrl(base), options));
}

/** Every digit as bytes (a few megabytes; floats would be four times that). */
export async function fetchDigitImages(base: string): Promise<MnistImages> {
  return readMnist(await fetchAsset(assetUrl(base)));
}
