/**
 * The kiosk soak: a page in kiosk mode driven the way a day of visitors drives it, loop
 * after loop: the attract screen, a touch, every step of the ladder by its Next link, a
 * short training run on each step that trains, then nobody, until the idle reset sends it
 * home. Figures come from soakProbe.ts. `npm run soak` (scripts/soak.mjs) and the e2e
 * test both run it; `soakVerdict` is what either calls a leak.
 *
 * The page's clock is Playwright's: it runs in real time, and the idle minutes are jumped.
 */
import type { Page, Worker } from 'playwright-core';
import { allSteps } from '$lib/chapters/loader';
import { formatSample, Probe, type Sample } from './soakProbe';

export interface SoakOptions {
  /** origin of the kiosk server, e.g. http://127.0.0.1:4180 */
  baseUrl: string;
  /** no new loop starts after this many minutes (the loop under way is finished) */
  minutes: number;
  /** how long each step's training runs before the visitor moves on */
  trainSeconds?: number;
  /** at least this many loop starts are measured, however long they take (default 1) */
  minLoops?: number;
  /**
   * consecutive chapters (slugs) a loop walks through; by default the whole ladder. A loop
   * enters by the first one's link on the home page and leaves its last step by the idle reset.
   */
  chapters?: readonly string[];
  /** idle minutes the kiosk is opened with (jumped on the page's clock) */
  idleMinutes?: number;
  /** how the pictures are drawn (the site's `renderer`); by default the site's own choice */
  renderer?: 'auto' | 'webgl' | 'canvas';
  log?: (line: string) => void;
}

/** A step that trains, and how many of the workers it started were still alive once it was left. */
export interface LeftStep {
  loop: number;
  href: string;
  leftRunning: number;
}

export interface SoakResult {
  /** one per loop, at home behind the attract screen, before the loop's first touch; the last after the last loop */
  loopStarts: Sample[];
  /** every sample, loop starts included, in order */
  samples: Sample[];
  trainingSteps: LeftStep[];
  /** steps whose training control never became usable */
  untrained: string[];
}

/** The controls that start training, by their accessible names across the panels. */
const trainNames = /^(Play training|Train|Fit)$/;
const pauseNames = /^(Pause training|Pause)$/;
const sampleEveryMs = 30_000;

export async function runSoak(page: Page, options: SoakOptions): Promise<SoakResult> {
  const { baseUrl, minutes, trainSeconds = 3, minLoops = 1, idleMinutes = 1, log = console.log } = options;
  const steps = allSteps().filter((step) => !options.chapters || options.chapters.includes(step.slug));
  if (steps.length === 0) throw new Error(`no steps in the chapters ${options.chapters?.join(', ')}`);
  const probe = new Probe(page);
  await probe.install();
  const samples: Sample[] = [];
  const loopStarts: Sample[] = [];
  const trainingSteps: LeftStep[] = [];
  const untrained = new Set<string>();
  let lastSample = 0;
  const take = async (label: string) => {
    const sample = await probe.sample(label);
    samples.push(sample);
    lastSample = Date.now();
    log(formatSample(sample, samples[0]));
    return sample;
  };

  // every dedicated worker, by the step it started on
  const alive = new Map<Worker, string>();
  let here = '/';
  page.on('worker', (worker) => {
    alive.set(worker, here);
    worker.on('close', () => alive.delete(worker));
  });
  const startedOn = (href: string) => [...alive.values()].filter((on) => on === href).length;

  await page.clock.install();
  // the kiosk keeps the renderer it is started with, at home and after every idle reset
  const keep = options.renderer && options.renderer !== 'auto' ? `?renderer=${options.renderer}` : '';
  const home = `${baseUrl}/${keep}`;
  await page.goto(`${baseUrl}/kiosk/?idle=${idleMinutes}${keep.replace('?', '&')}`);
  await page.waitForURL(home);
  const attract = page.getByRole('button', { name: /Touch to start/ });
  const stepNav = page.getByRole('navigation', { name: 'Steps of this chapter' });
  const deadline = Date.now() + minutes * 60_000;

  for (let loop = 1; ; loop++) {
    await attract.waitFor();
    await page.waitForTimeout(500);
    loopStarts.push(await take(`loop ${loop} start`));
    if (Date.now() >= deadline && loop >= minLoops) break;
    await attract.click();
    await attract.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: steps[0].chapterTitle, exact: true }).click();

    let trainedHere: string | undefined;
    for (const [index, step] of steps.entries()) {
      await page.waitForURL((url) => url.pathname.endsWith(step.href));
      here = step.href;
      await settle(page);
      if (trainedHere) {
        trainingSteps.push({ loop, href: trainedHere, leftRunning: await stillRunning(page, () => startedOn(trainedHere!)) });
        trainedHere = undefined;
      }
      if (Date.now() - lastSample >= sampleEveryMs) await take('every 30 s');
      const last = index === steps.length - 1;
      const trained = await train(page, trainSeconds);
      if (trained === 'disabled') untrained.add(step.href);
      if (trained === 'trained') {
        trainedHere = step.href;
        // the last step waits for the idle reset, which training holds off: the visitor pauses it,
        // once it trains (a lab first gets its digits ready: seconds on a busy machine)
        if (last) await page.getByRole('button', { name: pauseNames }).and(page.locator(':enabled')).first().click({ timeout: 60_000 }).catch(() => undefined);
      }
      if (!last) await stepNav.getByRole('link', { name: /^Next/ }).click();
    }
    // nobody at the screen: the idle time passes and the kiosk goes home
    here = '/';
    await page.clock.fastForward(idleMinutes * 60_000 + 1_000);
    await page.waitForURL(home, { timeout: 30_000 });
    if (trainedHere) trainingSteps.push({ loop, href: trainedHere, leftRunning: await stillRunning(page, () => startedOn(trainedHere!)) });
  }
  return { loopStarts, samples, trainingSteps, untrained: [...untrained] };
}

/** Waits (up to a while) for the step's pictures to stop loading. */
async function settle(page: Page): Promise<void> {
  await page.locator('main').waitFor();
  const until = Date.now() + 45_000;
  // first the step's panel (its code, loaded afresh on each visit's new page), then its pictures
  const loading = async () => (await page.locator('section.stage').getByText('Loading the picture…').count()) + (await page.locator('.stage [data-status="loading"]').count());
  while (Date.now() < until && (await loading()) > 0) await page.waitForTimeout(200);
}

/** Presses the step's training control and lets it run: 'none' when the step has no such control. */
async function train(page: Page, seconds: number): Promise<'trained' | 'none' | 'disabled'> {
  // a step that asks for a prediction before it runs: this visitor skips it
  const skip = page.getByRole('button', { name: 'Skip and just run' });
  if ((await skip.count()) > 0 && (await skip.isEnabled())) await skip.click();
  const control = page.getByRole('button', { name: trainNames }).first();
  if ((await control.count()) === 0) return 'none';
  // a lab's control waits for its code and digits, loaded afresh on each visit's new page
  const until = Date.now() + 60_000;
  while (!(await control.isEnabled()) && Date.now() < until) await page.waitForTimeout(200);
  if (!(await control.isEnabled())) return 'disabled';
  await control.click();
  await page.waitForTimeout(seconds * 1000);
  return 'trained';
}

/**
 * Workers a left step started that are still alive after a grace period for them to end
 * (a worker told to stop while it compiles its kernels ends seconds later on a busy machine).
 */
async function stillRunning(page: Page, count: () => number): Promise<number> {
  const until = Date.now() + 20_000;
  while (count() > 0 && Date.now() < until) await page.waitForTimeout(100);
  return count();
}

export interface Verdict {
  /** heap after GC at the last loop start against loop 2's, along a least-squares line, in % */
  heapGrowthPercent: number;
  /** the same line's rise per loop, in MB */
  heapMBPerLoop: number;
  maxWebglLiveAtHome: number;
  maxWebglLive: number;
  maxWorkersAtHome: number;
  workersLeftRunning: LeftStep[];
  problems: string[];
}

export interface SoakLimits {
  /** the heap's rise from loop 2 to the last loop start, in % of loop 2's */
  maxHeapGrowthPercent?: number;
  /** the heap's rise per loop, in MB, for runs too short for the percentage to settle */
  maxHeapMBPerLoop?: number;
  /** WebGL contexts alive at home, behind the attract screen */
  maxWebglAtHome: number;
  /** WebGL contexts alive at once anywhere (Chromium reclaims the oldest past 16) */
  maxWebglLive: number;
}

/** The goal for a long run: under 10% heap growth from loop 2 on; at home no more WebGL contexts than loop 1 leaves (one), at once a step's few pictures. */
export const longRunLimits: SoakLimits = { maxHeapGrowthPercent: 10, maxWebglAtHome: 1, maxWebglLive: 6 };

/**
 * A leak is a trend, not one figure: the heap after GC at the loop starts from loop 2 on
 * (loop 1 fills caches and loads each step's code once) fitted by a straight line, whose
 * rise must stay under the limits; WebGL contexts at home and at once bounded; no worker
 * at home, and none left running by a step once it is left.
 */
export function soakVerdict(result: SoakResult, limits: SoakLimits = longRunLimits): Verdict {
  const problems: string[] = [];
  const later = result.loopStarts.slice(1);
  let heapGrowthPercent = Number.NaN;
  let heapMBPerLoop = Number.NaN;
  if (later.length < 2) problems.push(`only ${result.loopStarts.length} loop starts measured: a trend needs at least 3`);
  else {
    const xs = later.map((_, i) => i);
    const ys = later.map((s) => s.heapMB);
    const mx = mean(xs);
    const my = mean(ys);
    heapMBPerLoop = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    heapGrowthPercent = ((heapMBPerLoop * (xs.length - 1)) / (my - heapMBPerLoop * mx)) * 100;
    const span = `from loop 2 to loop ${result.loopStarts.length}`;
    if (limits.maxHeapGrowthPercent !== undefined && heapGrowthPercent >= limits.maxHeapGrowthPercent) {
      problems.push(`heap after GC grows ${heapGrowthPercent.toFixed(1)}% ${span} (limit ${limits.maxHeapGrowthPercent}%)`);
    }
    if (limits.maxHeapMBPerLoop !== undefined && heapMBPerLoop >= limits.maxHeapMBPerLoop) {
      problems.push(`heap after GC grows ${heapMBPerLoop.toFixed(2)} MB a loop ${span} (limit ${limits.maxHeapMBPerLoop} MB)`);
    }
  }
  const maxWebglLiveAtHome = Math.max(...result.loopStarts.map((s) => s.webglLive));
  if (maxWebglLiveAtHome > limits.maxWebglAtHome) problems.push(`${maxWebglLiveAtHome} WebGL contexts alive at home (limit ${limits.maxWebglAtHome})`);
  const maxWebglLive = Math.max(...result.samples.map((s) => s.webglLive));
  if (maxWebglLive > limits.maxWebglLive) problems.push(`${maxWebglLive} WebGL contexts alive at once (limit ${limits.maxWebglLive})`);
  const maxWorkersAtHome = Math.max(...result.loopStarts.map((s) => s.workers));
  if (maxWorkersAtHome > 0) problems.push(`${maxWorkersAtHome} workers alive at home`);
  const workersLeftRunning = result.trainingSteps.filter((s) => s.leftRunning > 0);
  for (const s of workersLeftRunning) problems.push(`${s.leftRunning} workers of ${s.href} still running after it was left (loop ${s.loop})`);
  if (result.untrained.length > 0) problems.push(`training never started on ${result.untrained.join(', ')}`);
  return { heapGrowthPercent, heapMBPerLoop, maxWebglLiveAtHome, maxWebglLive, maxWorkersAtHome, workersLeftRunning, problems };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
