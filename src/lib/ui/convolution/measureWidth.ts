/**
 * An attachment that reports an element's width now and whenever it changes, for
 * pictures whose height follows their width. Where the browser has no ResizeObserver
 * (a test's DOM), the first width is all there is.
 */
import type { Attachment } from 'svelte/attachments';

export function measureWidth(report: (width: number) => void): Attachment<HTMLElement> {
  return (node) => {
    if (node.clientWidth > 0) report(node.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (node.clientWidth > 0) report(node.clientWidth);
    });
    observer.observe(node);
    return () => observer.disconnect();
  };
}
