/**
 * The lab's digits, fetched only when the lab asks for them (the full set is 11.5 MB),
 * each set once, with progress for a bar. A failed download says why in the learner's
 * words and, for the full set, offers the small one instead.
 */
import type { FetchAssetOptions, LoadProgress } from '$lib/datasets/fetchAsset';
import type { Dataset } from '$lib/datasets/types';
import type { LabDataset } from './mnistLabLayers';

export type MnistData = { train: Dataset; test: Dataset };
export type LoadDigits = (dataset: LabDataset, options: FetchAssetOptions) => Promise<MnistData>;

export const datasetNames: Readonly<Record<LabDataset, string>> = {
  standard: 'the full MNIST (60,000 training and 10,000 test digits, as published)',
  small: 'the small set (8,000 training and 2,000 test digits, all from the official training set)'
};

export interface LoadFailure {
  dataset: LabDataset;
  message: string;
  /** a set to offer instead */
  fallback: LabDataset | null;
}

export class LabDigits {
  /** the sets loaded so far */
  loaded = $state.raw<Partial<Record<LabDataset, MnistData>>>({});
  /** the download under way */
  progress = $state.raw<(LoadProgress & { dataset: LabDataset }) | null>(null);
  failure = $state.raw<LoadFailure | null>(null);

  private readonly load: LoadDigits;
  private pending = new Map<LabDataset, Promise<MnistData>>();
  private controller: AbortController | null = null;

  constructor(load: LoadDigits) {
    this.load = load;
  }

  get(dataset: LabDataset): MnistData | null {
    return this.loaded[dataset] ?? null;
  }

  /** The set, fetched once; rejects (with failure set) when it cannot be had. */
  fetch(dataset: LabDataset): Promise<MnistData> {
    const have = this.loaded[dataset];
    if (have) return Promise.resolve(have);
    let pending = this.pending.get(dataset);
    if (pending) return pending;
    const controller = new AbortController();
    this.controller = controller;
    this.failure = null;
    this.progress = { dataset, received: 0, total: null };
    pending = this.load(dataset, { signal: controller.signal, onProgress: (p) => (this.progress = { dataset, ...p }) }).then(
      (data) => {
        this.pending.delete(dataset);
        this.loaded = { ...this.loaded, [dataset]: data };
        if (this.progress?.dataset === dataset) this.progress = null;
        return data;
      },
      (error: unknown) => {
        this.pending.delete(dataset);
        if (this.progress?.dataset === dataset) this.progress = null;
        if (!controller.signal.aborted) {
          const reason = error instanceof Error ? error.message : String(error);
          this.failure = {
            dataset,
            message: reason.startsWith('The ') ? reason : `The digits could not be loaded: ${reason}`,
            // the small set ships with the site (MnistStandardLoadError's fallback, 'mnist', names it)
            fallback: dataset === 'standard' ? 'small' : null
          };
        }
        throw error;
      }
    );
    this.pending.set(dataset, pending);
    return pending;
  }

  /** Stops the download under way; its fetch rejects. */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
