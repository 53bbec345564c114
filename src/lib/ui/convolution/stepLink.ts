/**
 * Reading and writing a convolution step's view in the page's address, or wherever a
 * test or story says instead.
 */
import { linkSearch, readLink, type LinkValues, type ReadLink } from '$lib/sim/convolution/links';
import type { UrlProperty } from '$lib/sim/urlState';
import { readSearch, writeSearch } from '$lib/ui/pageLink';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row has its own value type
type Table = Record<string, UrlProperty<any>>;

export interface LinkPlace {
  /** the query string to read the view from; default the page's */
  search?: string;
  /** where the view's query string goes; default the page's address */
  onlink?: (search: string) => void;
}

export function readStepLink<T extends Table>(table: T, place: LinkPlace): ReadLink<T> {
  return readLink(table, place.search ?? readSearch());
}

export function writeStepLink<T extends Table>(table: T, values: LinkValues<T>, place: LinkPlace): void {
  (place.onlink ?? writeSearch)(linkSearch(table, values, place.search ?? readSearch()));
}
