import type { Page } from 'playwright-core';

export interface FitOptions {
  /**
   * Whether a scroll box may scroll sideways. On a phone a table wider than the screen
   * scrolls inside its own box (`.table-wrap`), and that is fine; at a laptop's width
   * nothing should need it, so a box whose content is wider than the box is reported.
   */
  scrollBoxesMayScroll: boolean;
}

/**
 * What on the page reaches past the viewport, one line each, naming the element (tag,
 * id, classes, its words) and the region around it; [] when the page fits. Checked: the
 * document's own width, and every element's visible box, as clipped by any ancestor that
 * hides its overflow. Content inside a scroll box is the box's business: the box itself
 * must fit, and with `scrollBoxesMayScroll` false it must not scroll either. Only the
 * outermost of nested offenders is named, since its children overflow with it.
 */
export function overflowingElements(page: Page, options: FitOptions): Promise<string[]> {
  return page.evaluate(({ scrollBoxesMayScroll }) => {
    const viewport = document.documentElement.clientWidth;
    const slack = 1;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > viewport + slack) {
      problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${viewport} px viewport`);
    }

    const name = (element: Element): string => {
      const classes = [...element.classList].filter((c) => !c.startsWith('svelte-'));
      const label = element.getAttribute('aria-label');
      const words = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      const region = element.parentElement?.closest('[aria-label], [aria-labelledby], section, figure');
      const regionName = region?.getAttribute('aria-label') ?? (region?.getAttribute('aria-labelledby') && document.getElementById(region.getAttribute('aria-labelledby')!)?.textContent?.trim());
      return (
        `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes.map((c) => `.${c}`).join('')}>` +
        (label ? ` [${label}]` : '') +
        (words ? ` "${words}"` : '') +
        (regionName ? ` in "${regionName}"` : '')
      );
    };
    const scrolls = (style: CSSStyleDeclaration) => style.overflowX === 'auto' || style.overflowX === 'scroll';
    const clips = (style: CSSStyleDeclaration) => style.overflowX === 'hidden' || style.overflowX === 'clip';

    const offenders = new Set<Element>();
    const lines = new Map<Element, string>();
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let left = box.left;
      let right = box.right;
      let scrolled = false;
      for (let above = element.parentElement; above && above !== document.body; above = above.parentElement) {
        const style = getComputedStyle(above);
        if (scrolls(style)) {
          scrolled = true;
          break;
        }
        if (clips(style)) {
          const edge = above.getBoundingClientRect();
          left = Math.max(left, edge.left);
          right = Math.min(right, edge.right);
        }
      }
      if (!scrolled && right > left && (right > viewport + slack || left < -slack)) {
        offenders.add(element);
        lines.set(element, `${name(element)} spans ${Math.round(left)}–${Math.round(right)} px of a ${viewport} px viewport`);
      }
      const style = getComputedStyle(element);
      if (!scrollBoxesMayScroll && scrolls(style) && element.scrollWidth > element.clientWidth + slack) {
        offenders.add(element);
        lines.set(element, `${name(element)} scrolls sideways: ${element.scrollWidth} px of content in ${element.clientWidth} px`);
      }
    }
    for (const [element, line] of lines) {
      if (!element.parentElement || !offenders.has(element.parentElement)) problems.push(line);
    }
    return problems;
  }, options);
}
