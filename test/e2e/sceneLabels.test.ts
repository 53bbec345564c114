import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, shoot, type Session } from './browser';
import { everyStep, settledPictures } from './everyStep';
import { labelProblems, labelProblemsIn } from './sceneLabels';

/**
 * On every step, at a phone's size and at a laptop's, no two words of a picture lie on
 * top of each other and none leaves its picture: as each step opens, and, where a run
 * moves the lines and the labels with them, again at the run's end.
 */
const sizes = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 }
];

const click = async (page: Page, role: 'button' | 'radio', name: RegExp) => {
  await page.getByRole(role, { name }).first().click();
};

/** The runs whose end state draws other labels than the start: update arrows, loops, a line far off. */
const runs: Record<string, (page: Page) => Promise<void>> = {
  '/chapter/perceptron/learn-penguins/': async (page) => {
    await click(page, 'button', /Skip and just run/);
    await click(page, 'button', /Skip to the end of training/);
    await page.getByText(/Converged in epoch/).waitFor({ timeout: 30_000 });
  },
  '/chapter/perceptron/three-ltus/': async (page) => {
    await click(page, 'button', /Skip to the end of training/);
    await page.getByText(/after 30 epochs/).waitFor({ timeout: 30_000 });
  },
  '/chapter/xor-and-the-winter/xor-never/': async (page) => {
    await page.getByRole('radio').first().check();
    await click(page, 'button', /Lock in my prediction/);
    await click(page, 'button', /Skip to the end of training/);
    await page.getByText('A loop.').waitFor({ timeout: 30_000 });
  }
};

describe('the words of every picture', () => {
  it('finds two labels on top of each other, and one off its stage', () => {
    const label = (text: string, x: number, y: number) => ({ text, x, y, width: 40, height: 12 });
    expect(labelProblemsIn([{ width: 200, height: 100, boxes: [label('a', 10, 10), label('b', 60, 10)] }])).toEqual([]);
    expect(labelProblemsIn([{ width: 200, height: 100, boxes: [label('a', 10, 10), label('b', 40, 15)] }])).toHaveLength(1);
    expect(labelProblemsIn([{ width: 200, height: 100, boxes: [label('a', 170, 10)] }])).toHaveLength(1);
  });

  for (const viewport of sizes) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      let session: Session;

      beforeAll(async () => {
        session = await openSession({ viewport });
      });

      afterAll(async () => {
        await session?.close();
      });

      it(`lays out the words of all ${everyStep.length} steps apart and on their pictures`, { timeout: 600_000 }, async () => {
        const { page, baseUrl } = session;
        const seen: string[] = [];
        let labels = 0;
        for (const href of everyStep) {
          await page.goto(`${baseUrl}${href}`);
          const statuses = await settledPictures(page);
          expect(statuses.filter((status) => status !== 'ready'), href).toEqual([]);
          const check = async (when: string) => {
            const problems = await labelProblems(page);
            if (problems.length > 0) await shoot(page, `labels-${viewport.width}-${href.replaceAll('/', '-')}${when}`);
            seen.push(...problems.map((problem) => `${href}${when}: ${problem}`));
            labels += await page.locator('.stage[data-status="ready"]').evaluateAll((elements) =>
              elements.reduce((n, element) => n + ((element as HTMLElement & { labelBoxes?: () => unknown[] }).labelBoxes?.().length ?? 0), 0)
            );
          };
          await check('');
          const run = runs[href];
          if (run) {
            await run(page);
            await check(' after its run');
          }
        }
        expect(seen).toEqual([]);
        // the check reads real labels: a stage that stopped reporting them would pass empty
        expect(labels).toBeGreaterThan(everyStep.length);
        expect(session.errors).toEqual([]);
      });
    });
  }
});
