/**
 * What the kiosk soak measures in the page, through the Chrome DevTools Protocol: the JS
 * heap after a forced garbage collection, DOM nodes, event listeners, live WebGL contexts
 * and running workers. Kept apart from the driver so the test and the script read the
 * same figures the same way.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface Sample {
  /** seconds since the soak started */
  at: number;
  /** what the page was doing: 'loop 3 start', 'every 30 s' */
  label: string;
  /** JS heap in use after a forced collection, in MB */
  heapMB: number;
  nodes: number;
  listeners: number;
  /** WebGL contexts created by the page and neither lost nor collected */
  webglLive: number;
  /** WebGL contexts the page has created since it loaded */
  webglCreated: number;
  /** dedicated workers alive */
  workers: number;
}

/**
 * Counts the page's WebGL contexts: each one a page script obtains is held weakly, so a
 * context whose canvas was collected, or that was lost (by loseContext() or by Chromium
 * reclaiming it), stops counting. Runs in the page before any of its scripts.
 */
export function countWebglContexts(): void {
  const held: WeakRef<WebGLRenderingContext | WebGL2RenderingContext>[] = [];
  const seen = new WeakSet<object>();
  let created = 0;
  const wrap = (proto: { getContext: (...args: never[]) => unknown }) => {
    const original = proto.getContext;
    proto.getContext = function (this: unknown, ...args: never[]) {
      const context = original.apply(this, args) as object | null;
      const kind = String(args[0]);
      if (context && kind.startsWith('webgl') && !seen.has(context)) {
        seen.add(context);
        created++;
        held.push(new WeakRef(context as WebGLRenderingContext));
      }
      return context;
    };
  };
  wrap(HTMLCanvasElement.prototype as never);
  if (typeof OffscreenCanvas !== 'undefined') wrap(OffscreenCanvas.prototype as never);
  (globalThis as unknown as { __soakWebgl: () => { live: number; created: number } }).__soakWebgl = () => {
    let live = 0;
    for (let i = held.length - 1; i >= 0; i--) {
      const context = held[i].deref();
      if (!context || context.isContextLost()) held.splice(i, 1);
      else live++;
    }
    return { live, created };
  };
}

/** A probe on one page: `sample()` collects garbage, then reads every figure. */
export class Probe {
  readonly #page: Page;
  readonly #started = Date.now();
  #cdp: CDPSession | undefined;

  constructor(page: Page) {
    this.#page = page;
  }

  /** Installs the WebGL counter; call before the page's first navigation. */
  async install(): Promise<void> {
    await this.#page.addInitScript(countWebglContexts);
    this.#cdp = await this.#page.context().newCDPSession(this.#page);
    await this.#cdp.send('Performance.enable');
  }

  async sample(label: string): Promise<Sample> {
    const cdp = this.#cdp;
    if (!cdp) throw new Error('Probe.install() first');
    // twice: the first pass frees what finalizers and weak references were keeping for the second
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const webgl = await this.#page
      .evaluate(() => (globalThis as unknown as { __soakWebgl?: () => { live: number; created: number } }).__soakWebgl?.() ?? { live: 0, created: 0 })
      .catch(() => ({ live: Number.NaN, created: Number.NaN }));
    return {
      at: Math.round((Date.now() - this.#started) / 1000),
      label,
      heapMB: usedSize / 2 ** 20,
      nodes: metric('Nodes'),
      listeners: metric('JSEventListeners'),
      webglLive: webgl.live,
      webglCreated: webgl.created,
      workers: this.#page.workers().length
    };
  }
}

/** One line of the soak's table, with the heap's growth since `first`. */
export function formatSample(sample: Sample, first: Sample): string {
  const growth = ((sample.heapMB / first.heapMB - 1) * 100).toFixed(1);
  return [
    `${String(sample.at).padStart(5)} s`,
    sample.label.padEnd(18),
    `heap ${sample.heapMB.toFixed(2).padStart(6)} MB (${growth.startsWith('-') ? '' : '+'}${growth}%)`,
    `nodes ${String(sample.nodes).padStart(6)}`,
    `listeners ${String(sample.listeners).padStart(5)}`,
    `webgl ${sample.webglLive} live/${sample.webglCreated} made`,
    `workers ${sample.workers}`
  ].join('  ');
}
