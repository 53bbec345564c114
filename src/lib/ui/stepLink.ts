/**
 * Reading and writing a step's view in the page's address, or wherever a
 * test or story says instead. The first field is always written, so the link names
 * the view (see urlState's openingValues).
 */
import { linkSearch, readLink, type LinkValues, type ReadLink, type UrlTable } from '$lib/sim/urlState';
import { readSearch, writeSearch } from '$lib/ui/pageLink';

export interface LinkPlace {
  /** the query string to read the view from; default the page's */
  search?: string;
  /** where the view's query string goes; default the page's address */
  onlink?: (search: string) => void;
}

export function readStepLink<T extends UrlTable>(table: T, place: LinkPlace): ReadLink<T> {
  return readLink(table, place.search ?? readSearch());
}

export function writeStepLink<T extends UrlTable>(table: T, values: LinkValues<T>, place: LinkPlace): void {
  (place.onlink ?? writeSearch)(linkSearch(table, values, place.search ?? readSearch(), { namesView: true }));
}
