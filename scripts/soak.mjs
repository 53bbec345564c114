#!/usr/bin/env node
/**
 * Kiosk soak test: the built site served by scripts/kiosk.mjs, driven in headless Chromium
 * in kiosk mode loop after loop (attract screen, every step, a short training run on each
 * step that trains, the idle reset home) while the JS heap after GC, DOM nodes, listeners,
 * live WebGL contexts and workers are sampled every 30 s and at each loop's start:
 *   npm run soak -- --minutes 15 [--train-seconds 3] [--min-loops 1] [--chapters mlp-and-backprop,convolution] [--renderer webgl]
 * (build the site first: npm run build). --chapters walks only those consecutive chapters;
 * --renderer draws the pictures with WebGL or Pixi's canvas renderer instead of the site's
 * choice (canvas where WebGL is a software rasteriser, as in headless Chromium).
 * Exits 1 when the figures show a leak (scripts/soakRun.ts says which trend counts).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.js';
import { withModule } from './viteModules.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'train-seconds': { type: 'string', default: '3' },
    'min-loops': { type: 'string', default: '1' },
    chapters: { type: 'string' },
    renderer: { type: 'string', default: 'auto' }
  }
});
const minutes = Number(values.minutes);
const trainSeconds = Number(values['train-seconds']);
const minLoops = Number(values['min-loops']);
const chapters = values.chapters?.split(',');
const renderer = values.renderer;
if (!['auto', 'webgl', 'canvas'].includes(renderer)) throw new Error(`soak: --renderer is auto, webgl or canvas, not '${renderer}'`);

/** The kiosk server on a free port, without its browser; resolves with its origin. */
function startKiosk() {
  const child = spawn(process.execPath, [new URL('kiosk.mjs', import.meta.url).pathname, '--no-browser', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the kiosk server exited (${code}):\n${output}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /kiosk: open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve({ origin: match[1], stop: () => child.kill('SIGTERM') });
    });
  });
}

await withModule('/scripts/soakRun.ts', async ({ runSoak, soakVerdict }) => {
  const kiosk = await startKiosk();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, chromiumSandbox: false });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    console.log(`soak: ${minutes} minutes of kiosk loops over ${chapters?.join(', ') ?? 'every chapter'} on ${kiosk.origin}, ${trainSeconds} s of training per training step, pictures: ${renderer}`);
    const result = await runSoak(page, { baseUrl: kiosk.origin, minutes, trainSeconds, minLoops, chapters, renderer });
    const verdict = soakVerdict(result);
    const heaps = result.loopStarts.map((s) => s.heapMB.toFixed(2)).join(' → ');
    console.log(`\nheap after GC at loop starts (MB): ${heaps}`);
    console.log(`heap growth from loop 2 on (fitted): ${verdict.heapGrowthPercent.toFixed(1)}%, ${verdict.heapMBPerLoop.toFixed(2)} MB a loop`);
    console.log(`WebGL contexts alive: at most ${verdict.maxWebglLive}, at home at most ${verdict.maxWebglLiveAtHome}`);
    console.log(`workers: at home at most ${verdict.maxWorkersAtHome}; training steps left with a worker running: ${verdict.workersLeftRunning.length} of ${result.trainingSteps.length}`);
    if (verdict.problems.length > 0) throw new Error(`soak: leak\n  ${verdict.problems.join('\n  ')}`);
    console.log('soak: no leak trend');
  } finally {
    await browser.close();
    kiosk.stop();
  }
});
