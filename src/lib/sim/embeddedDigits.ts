/**
 * The small MNIST set inside the bundle, as a data: URL, for the folder opened from disk
 * (`npm run build:offline`), which can fetch no file beside it. Only that build imports
 * this module: the site serves the same file from data/ (see siteDigits).
 */
import smallSet from '../../static/data/mnist.bin?inline';

export const embeddedSmallSet: string = smallSet;
