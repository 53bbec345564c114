/** The keyboard rule the Timeline moves its selection by. */

/**
 * Where a key moves the selection among `count` events: arrows step (and stop at the
 * ends, as a tab list does not wrap here: the ends are 1943 and 1997), Home and End jump.
 * Returns null for keys the timeline does not use.
 */
export function moveSelection(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
