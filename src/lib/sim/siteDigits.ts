/**
 * The site's handwritten digits, fetched one way for every page that needs them: the
 * MNIST lab's sets (the full MNIST as published, mnist-standard.bin, fetched only when
 * the lab asks; or the small 8,000/2,000 split of mnist.bin, served with the site), or
 * the small set's images themselves for the pictures of the convolution steps. `base` is
 * the site's path prefix: the site may live under a sub-path. The folder opened from disk
 * carries the small set inside its bundle and leaves the full one out.
 */
import { fetchAsset } from '$lib/datasets/fetchAsset';
import { fetchMnist, MNIST_ASSET, readMnist, type MnistImages } from '$lib/datasets/mnist';
import { fetchMnistStandard, MNIST_STANDARD_ASSET } from '$lib/datasets/mnistStandard';
import type { LoadDigits } from './labDigits.svelte';

export type { MnistImages };

async function assetUrl(base: string): Promise<string> {
  if (__OFFLINE_FOLDER__) return (await import('./embeddedDigits')).embeddedSmallSet;
  return `${base}/${MNIST_ASSET}`;
}

/** Said by the folder opened from disk when the full set is asked for; the lab then offers the small one. */
export const fullSetLeftOut = 'The full MNIST (11.5 MB) is not in this folder for use without a server: train on the small set, which is.';

/** The lab's training and test digits, either set, with progress and cancelling. */
export function labDigits(base: string): LoadDigits {
  return async (dataset, options) => {
    if (dataset === 'small') return fetchMnist(await assetUrl(base), options);
    if (__OFFLINE_FOLDER__) throw new Error(fullSetLeftOut);
    return fetchMnistStandard(`${base}/${MNIST_STANDARD_ASSET}`, options);
  };
}

/** Every digit as bytes (a few megabytes; floats would be four times that). */
export async function fetchDigitImages(base: string): Promise<MnistImages> {
  return readMnist(await fetchAsset(await assetUrl(base)));
}
