/**
 * An asynchronous result that follows what it is computed from: whenever what `work`
 * reads before its first await changes, it runs again, and only the newest run's
 * result reaches `use` (an older one still computing is dropped when it ends). Call it
 * while a component is set up.
 */
import { untrack } from 'svelte';

export function latest<T>(work: () => Promise<T> | null, use: (value: T) => void): void {
  $effect(() => {
    const pending = work();
    if (!pending) return;
    let stale = false;
    void pending.then((value) => {
      if (!stale) untrack(() => use(value));
    });
    return () => (stale = true);
  });
}
