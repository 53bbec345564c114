/**
 * The site's handwritten digits (mnist.bin, served with the site), fetched one way for
 * every page that needs them: the MNIST lab's fixed 8,000/2,000 split, or the images
 * themselves for the pictures of the convolution steps. `base` is the site's path
 * prefix: the site may live under a sub-path.
 */
import { fetchAsset } from '$lib/datasets/fetchAsset';
import { fetchMnist, MNIST_ASSET, readMnist, type MnistImages } from '$lib/datasets/mnist';
import type { Dataset } from '$lib/datasets/types';

export type { MnistImages };

const assetUrl = (base: string) => `${base}/${MNIST_ASSET}`;

/** The lab's training and test digits. */
export function fetchLabDigits(base: string): Promise<{ train: Dataset; test: Dataset }> {
  return fetchMnist(assetUrl(base));
}

/** Every digit as bytes (a few megabytes; floats would be four times that). */
export async function fetchDigitImages(base: string): Promise<MnistImages> {
  return readMnist(await fetchAsset(assetUrl(base)));
}
