/**
 * Keeps a panel's view in its link (see stepLink): whenever what `read` reads changes,
 * the values it returns are written. It returns null while the view is not worth a link
 * yet or at the moment (a run playing would change the address every frame): the view is
 * written once that ends. Call it while a component is set up.
 */
import { untrack } from 'svelte';
import type { LinkValues, UrlTable } from '$lib/sim/urlState';
import { writeStepLink, type LinkPlace } from './stepLink';

export function keepInLink<T extends UrlTable>(table: T, place: LinkPlace, read: () => LinkValues<T> | null): void {
  $effect(() => {
    const values = read();
    if (values) untrack(() => writeStepLink(table, values, place));
  });
}
