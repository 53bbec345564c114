import { featuresLike } from './features';
import type { Dataset, Features } from './types';

/**
 * Keeps only the named features of a flat table (sampleShape [d]), in the order
 * given: the first becomes the horizontal axis of a 2D picture.
 */
export function pickFeatures<X extends Features>(dataset: Dataset<X>, featureNames: readonly string[], name?: string): Dataset<X> {
  if (dataset.sampleShape.length !== 1) {
    throw new RangeError(`pickFeatures needs flat samples, '${dataset.name}' has shape [${dataset.sampleShape.join(', ')}]`);
  }
  const d = dataset.sampleShape[0];
  const columns = featureNames.map((feature) => {
    const c = dataset.featureNames.indexOf(feature);
    if (c < 0) throw new RangeError(`'${dataset.name}' has no feature '${feature}' (${dataset.featureNames.join(', ')})`);
    return c;
  });
  const k = columns.length;
  const x = featuresLike(dataset.x, dataset.n * k);
  for (let i = 0; i < dataset.n; i++) {
    for (let j = 0; j < k; j++) x[i * k + j] = dataset.x[i * d + columns[j]];
  }
  return {
    ...dataset,
    name: name ?? dataset.name,
    x,
    sampleShape: [k],
    labels: dataset.labels.slice(),
    featureNames: [...featureNames]
  };
}
