import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSample } from '../../scripts/soakProbe';
import { longRunLimits, runSoak, soakVerdict } from '../../scripts/soakRun';
import { openSession, type Session } from './browser';
import { serveKiosk, type Served } from './kioskServer';

/**
 * Two minutes of the kiosk soak (`npm run soak` runs the whole ladder for as long as asked;
 * RELIABILITY.md records a long run). A loop over the whole ladder takes about two minutes
 * on a two-core machine, too few loops for a trend, so this one walks the two chapters with
 * the labs: the playground, both MNIST labs in their worker and the convolution pictures,
 * at least four loops. The verdict is a trend, never a time: the heap after GC at the loop
 * starts from loop 2 on, WebGL contexts at home and at once, workers at home and after a
 * training step is left.
 *
 * Three loops are too few for the long run's percentage: this loop's heap after GC rose
 * 0.07 to 0.82 MB a loop (about 0.5 MB fitted over six loops, RELIABILITY.md says from
 * what), so the limit is a rise of 1.5 MB a loop, which a lab kept alive after it is left
 * (with its digits: megabytes) or a step's page kept in memory would pass.
 */
describe('kiosk soak', () => {
  let session: Session;
  let kiosk: Served;

  beforeAll(async () => {
    kiosk = await serveKiosk();
    session = await openSession({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await session?.close();
    await kiosk?.stop();
  });

  it('leaks no heap, WebGL context or worker from loop to loop', async () => {
    const lines: string[] = [];
    const result = await runSoak(session.page, {
      baseUrl: kiosk.origin,
      minutes: 2,
      minLoops: 4,
      trainSeconds: 1,
      chapters: ['mlp-and-backprop', 'convolution'],
      log: (line) => lines.push(line)
    });
    const verdict = soakVerdict(result, { ...longRunLimits, maxHeapGrowthPercent: undefined, maxHeapMBPerLoop: 1.5 });
    const report = [...lines, ...result.loopStarts.map((s) => formatSample(s, result.loopStarts[0]))].join('\n');
    expect(verdict.problems, report).toEqual([]);
    expect(result.trainingSteps.length, `the labs trained each loop (never trained: ${result.untrained.join(', ') || 'none'})`).toBeGreaterThanOrEqual(3 * (result.loopStarts.length - 1));
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
  }, 900_000);
});
