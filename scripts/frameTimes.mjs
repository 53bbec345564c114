// Does the page stay smooth while the MNIST lab trains? Serves a built site (as a plain
// static host would, with the cross-origin isolation headers), opens the chapter-4 lab
// (or chapter 5's CNN lab with --lab cnn) in headless Debian Chromium, and records
// requestAnimationFrame intervals and long tasks (> 50 ms on the main thread) for a few
// idle seconds, then for a whole fit, until the test digits are scored.
//
//   npm run build && node scripts/frameTimes.mjs [--site build] [--lab mlp|cnn] [--data small|standard] [--epochs 1] [--digits 8000] [--backend <name>]
//
// Prints one JSON object and a Markdown table row for BENCHMARKS.md. Headless Chromium
// paints at 60 Hz, so an undisturbed frame is ~16.7 ms.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sirv from 'sirv';
import { chromiumArgs, chromiumPath } from './chromium.js';

const { values: options } = parseArgs({
  options: {
    site: { type: 'string', default: 'build' },
    epochs: { type: 'string', default: '1' },
    digits: { type: 'string', default: '8000' },
    lab: { type: 'string', default: 'mlp' },
    data: { type: 'string', default: 'small' },
    backend: { type: 'string' },
    idle: { type: 'string', default: '3' }
  }
});
const root = resolve(options.site);
if (!existsSync(join(root, 'index.html'))) {
  console.error(`frameTimes: no built site in ${root}; run \`npm run build\` first.`);
  process.exit(1);
}

const isolate = (res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
};
const serve = sirv(root, { etag: true, setHeaders: isolate });
const server = createServer((req, res) =>
  serve(req, res, () => {
    res.statusCode = 404;
    res.end('not found');
  })
);
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

/** In the page: collects rAF deltas and long tasks until stopped. */
function startRecording() {
  const state = { deltas: [], longTasks: [], blame: [], running: true };
  let last = performance.now();
  const frame = (t) => {
    state.deltas.push(t - last);
    last = t;
    if (state.running) requestAnimationFrame(frame);
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(frame);
  });
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  // long animation frames name the scripts that made them long
  const frames = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < 100) continue;
      const scripts = (e.scripts ?? []).map((x) => `${x.invoker} ${x.sourceFunctionName || ''} ${x.sourceURL?.split('/').pop() ?? ''}:${x.sourceCharPosition ?? ''} ${Math.round(x.duration)}ms`);
      state.blame.push(`${Math.round(e.duration)} ms: ${scripts.join('; ') || 'no script (layout, paint or the browser)'}`);
    }
  });
  try {
    frames.observe({ type: 'long-animation-frame' });
  } catch {
    // older Chromium: no attribution
  }
  state.stop = () => {
    state.running = false;
    observer.disconnect();
    frames.disconnect();
    return { deltas: state.deltas, longTasks: state.longTasks, blame: state.blame };
  };
  window.__frames = state;
}

function summarise({ deltas, longTasks, blame }) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v) => Math.round(v * 10) / 10;
  return {
    frames: deltas.length,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    over50Ms: deltas.filter((d) => d > 50).length,
    longTasks: longTasks.length,
    longTaskMs: round(longTasks.reduce((s, d) => s + d, 0)),
    longestTaskMs: round(Math.max(0, ...longTasks)),
    /** the slowest frames (>= 100 ms) and the scripts in them */
    slowFrames: blame.slice(0, 8)
  };
}

const profile = mkdtempSync(join(tmpdir(), 'frame-times-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: true,
  chromiumSandbox: false,
  args: chromiumArgs,
  viewport: { width: 1280, height: 900 }
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  // the lab's choices travel in its link (see sim/links/mnistLabLink.ts)
  const params = new URLSearchParams({ digits: options.data, train: options.digits, epochs: options.epochs });
  if (options.backend) params.set('backend', options.backend);
  const path = options.lab === 'cnn' ? 'convolution/cnn-lab' : 'mlp-and-backprop/mnist-lab';
  await page.goto(`${origin}/chapter/${path}/?${params}`);
  await page.getByRole('button', { name: /^Fit( again)?$/ }).waitFor({ timeout: 60_000 });
  await page.getByRole('heading', { name: '3. Fit' }).scrollIntoViewIfNeeded();

  await page.evaluate(startRecording);
  await page.waitForTimeout(Number(options.idle) * 1000);
  const idle = summarise(await page.evaluate(() => window.__frames.stop()));

  await page.evaluate(startRecording);
  const started = Date.now();
  await page.getByRole('button', { name: /^Fit( again)?$/ }).click();
  // polled twice a second from here: a locator would poll the page far more often and itself cost frames
  const done = () => /of [\d,]+ test digits right/.test(document.querySelector('.evaluate')?.textContent ?? '');
  // the digits' download (on the first fit) and the confusion matrix are part of what must stay smooth
  await page.waitForFunction(done, undefined, { polling: 500, timeout: 600_000 });
  const fit = summarise(await page.evaluate(() => window.__frames.stop()));
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const readout = (await page.locator('.progress .readout').first().textContent())?.replace(/\s+/g, ' ').trim();
  const backend = (await page.getByText(/^training on: /).textContent())?.trim();

  const result = { epochs: Number(options.epochs), digits: Number(options.digits), seconds, backend, readout, idle, fit };
  console.log(JSON.stringify(result, null, 2));
  const row = (name, s) =>
    `| ${name} | ${s.frames} | ${s.medianMs} | ${s.p95Ms} | ${s.maxMs} | ${s.over50Ms} | ${s.longTasks} (${s.longTaskMs} ms, longest ${s.longestTaskMs}) |`;
  console.log(['', '| window | frames | median ms | p95 ms | max ms | frames > 50 ms | long tasks |', '|---|---:|---:|---:|---:|---:|---|', row('idle', idle), row(`fit (${seconds} s)`, fit)].join('\n'));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.close();
}
