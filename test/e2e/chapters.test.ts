import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapters, getChapter } from '../../src/lib/chapters/loader';
import type { Step } from '../../src/lib/chapters/types';
import { distinctColours, openSession, shoot, type Session } from './browser';
import { forbiddenFindings } from './axe';
import { pictures } from './everyStep';
import { tabTo, type Focused } from './keyboard';

/**
 * A learner walks every ready chapter with the keyboard alone, from the home page to the
 * last step and back to the list of chapters: Tab to reach a control, Space, Enter or
 * the arrow keys to use it, Tab and Enter on "Next" to move on, from one chapter into
 * the next. The steps come from each chapter's steps.ts, through the chapter loader, so
 * a new step is walked as soon as it exists. On every step the page shows the step's
 * own title and draws the pictures its panel has; where the table below says how, the
 * step's task is done the way its prose asks. Nothing may log an error or ask for
 * anything off this machine. (The lab's fit and drawing pad: mnistLab.test.ts.)
 */
const press = (page: Page, key: string) => page.keyboard.press(key);
const named = (pattern: RegExp) => (f: Focused) => pattern.test(f.name) || pattern.test(f.label);
const goalMet = (page: Page) => expect.poll(() => page.locator('.step-nav [role="status"]').innerText(), { timeout: 15_000 }).toContain('Goal met');

/**
 * A chapter-1 gate task: the learner first checks every row (the inputs walk through the
 * table), which alone solves nothing, then wires the unit with the keys given; the page
 * must then say it is solved.
 */
function solveGate(keys: (page: Page) => Promise<void>): (page: Page) => Promise<void> {
  return async (page) => {
    const solved = page.getByText(/^Solved: your (unit|circuit) computes/);
    expect(await solved.count(), 'the step starts unsolved').toBe(0);
    await tabTo(page, 'Check every row', (f) => f.name === 'Check every row');
    await press(page, 'Enter');
    await expect.poll(() => page.getByText('not tried yet').count(), { timeout: 10_000 }).toBe(0);
    expect(await solved.count(), 'every row tried, but the wiring is still wrong').toBe(0);
    await keys(page);
    await solved.waitFor({ timeout: 10_000 });
    await goalMet(page);
  };
}

/** What the learner does on a step, by chapter slug and step id; a step without an entry is looked at only. */
const walks: Record<string, (page: Page) => Promise<void>> = {
  // θ from 2 to 1: C copies A
  'threshold-logic/intro': solveGate(async (page) => {
    await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
    await press(page, 'Space');
  }),
  // θ from 1 to 2, with the slider's own arrow key (StepNav must leave it alone)
  'threshold-logic/and': solveGate(async (page) => {
    await tabTo(page, 'the θ slider', (f) => f.tag === 'input' && f.type === 'range');
    await press(page, 'ArrowRight');
  }),
  'threshold-logic/or': solveGate(async (page) => {
    await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
    await press(page, 'Enter');
  }),
  // make A's connection inhibitory (arrow keys inside the radio group), then θ to 0
  'threshold-logic/not': solveGate(async (page) => {
    await tabTo(page, 'the connection from A', (f) => f.type === 'radio' && f.group === 'Connection from A');
    await press(page, 'ArrowDown');
    await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
    await press(page, 'Space');
  }),
  'threshold-logic/two-of-three': solveGate(async (page) => {
    await tabTo(page, 'the Raise θ button', (f) => f.name === 'Raise Threshold θ');
    await press(page, 'Space');
  }),
  // h1 = A AND NOT B, h2 = B AND NOT A (θ 2 -> 1); the output unit already ORs them
  'threshold-logic/xor-circuit': solveGate(async (page) => {
    await tabTo(page, 'the B to h1 connection', (f) => f.type === 'radio' && f.group === 'B to h1');
    await press(page, 'ArrowDown');
    await tabTo(page, 'the A to h2 connection', (f) => f.type === 'radio' && f.group === 'A to h2');
    await press(page, 'ArrowDown');
    await tabTo(page, 'the Lower θ of h2 button', (f) => f.name === 'Lower Threshold of h2');
    await press(page, 'Enter');
  }),

  // the bias from −1 to −3, 0.1 a key press: x₁ + x₂ − 3 puts every setosa below the line;
  // then Tab enters the step's radio group at the checked step, and an arrow key moves the choice
  'perceptron/ltu': async (page) => {
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'on the wrong side' }).first().textContent()).toMatch(/\d+ flowers on the wrong side/);
    await tabTo(page, 'the bias slider', named(/^Bias b/));
    for (let i = 0; i < 20; i++) await press(page, 'ArrowLeft');
    await page.getByText('Every one of the 100 flowers is on its own side.').waitFor();
    await tabTo(page, 'the heaviside choice', (f) => f.type === 'radio' && f.label === 'heaviside');
    await press(page, 'ArrowDown');
    await expect.poll(() => page.getByRole('radio', { name: 'sign', exact: true }).isChecked()).toBe(true);
  },
  // predict, step once, then play at full speed to convergence
  'perceptron/learn-iris': async (page) => {
    expect(await page.getByRole('button', { name: 'Play training' }).isDisabled(), 'the run waits for a prediction').toBe(true);
    await tabTo(page, 'the "it will converge" choice', named(/Yes, it will converge/));
    await press(page, 'Space');
    await tabTo(page, 'the epochs slider', named(/how many epochs/));
    for (let i = 0; i < 3; i++) await press(page, 'ArrowLeft');
    await tabTo(page, 'Lock in my prediction', named(/Lock in my prediction/));
    await press(page, 'Enter');
    await tabTo(page, 'the Next flower button', named(/^Next flower/));
    await press(page, 'Enter');
    await page.getByText('Epoch 1, flower 1 of 100').waitFor();
    await tabTo(page, 'the speed list', named(/Speed/));
    await press(page, 'End');
    await tabTo(page, 'the Play button', named(/Play training/));
    await press(page, 'Enter');
    await page.getByText(/Converged in epoch 3/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('status').filter({ hasText: 'You were right.' }).count()).toBe(1);
  },
  'perceptron/learn-penguins': async (page) => {
    await tabTo(page, 'Skip and just run', named(/Skip and just run/));
    await press(page, 'Enter');
    await tabTo(page, 'To the end', named(/Skip to the end of training/));
    await press(page, 'Enter');
    await page.getByText(/Converged in epoch 12/).waitFor({ timeout: 30_000 });
  },
  'perceptron/sklearn': async (page) => {
    await page.getByText('Same weights after all 4 updates.', { exact: false }).waitFor();
    await tabTo(page, 'the file order choice', named(/as in the file/));
    await press(page, 'ArrowDown');
    await page.getByText(/The runs part at update 1/).waitFor();
  },
  'perceptron/logistic-regression': async (page) => {
    // the answers are one radio group, one Tab stop: the arrow moves to the second answer and picks it
    await tabTo(page, 'the first answer', (f) => f.type === 'radio');
    await press(page, 'ArrowDown');
    await expect.poll(() => page.getByRole('radio', { name: "Logistic regression's line" }).isChecked()).toBe(true);
    await tabTo(page, 'Lock in my prediction', named(/Lock in my prediction/));
    await press(page, 'Enter');
    await tabTo(page, 'To the end', named(/Skip to the end of training/));
    await press(page, 'Enter');
    await page.getByText(/After 500 epochs logistic regression's line is 0\.59 cm/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('status').filter({ hasText: 'You were right.' }).count()).toBe(1);
    await goalMet(page);
  },
  'perceptron/three-ltus': async (page) => {
    await tabTo(page, 'To the end', named(/Skip to the end of training/));
    await press(page, 'Enter');
    await page.getByText(/after 30 epochs/).waitFor({ timeout: 30_000 });
  },

  'xor-and-the-winter/xor-never': async (page) => {
    await tabTo(page, 'the first prediction choice', (f) => f.type === 'radio');
    await press(page, 'ArrowDown');
    await tabTo(page, 'Lock in my prediction', (f) => f.name === 'Lock in my prediction');
    await press(page, 'Enter');
    await tabTo(page, 'To the end', (f) => f.name === 'Skip to the end of training');
    await press(page, 'Enter');
    await page.getByText('A loop.').waitFor();
    await expect.poll(() => page.getByText(/The weights after epoch 3 are the weights after epoch 2/).count()).toBe(1);
    await expect.poll(() => page.getByText(/You were right\. It did not converge/).count()).toBe(1);
    await goalMet(page);
  },
  'xor-and-the-winter/no-line': async (page) => {
    await expect.poll(() => page.getByText(/2 points are on the wrong side/).count()).toBe(1);
    await tabTo(page, 'the Turn slider', (f) => f.type === 'range');
    for (let i = 0; i < 3; i++) await press(page, 'PageUp');
    await expect.poll(() => page.getByText(/3 points are on the wrong side/).count()).toBe(1);
    await tabTo(page, 'the Flip button', (f) => f.name === 'Flip the side that fires');
    await press(page, 'Space');
    await expect.poll(() => page.getByText(/1 point is on the wrong side/).count()).toBe(1);
    expect(await page.locator('tr.wrong th').allInnerTexts()).toEqual(['(1, 1)']);
    await goalMet(page);
  },
  'xor-and-the-winter/thrash': async (page) => {
    await tabTo(page, 'To the end', (f) => f.name === 'Skip to the end of training');
    await press(page, 'Enter');
    await expect.poll(() => page.getByText(/Epoch\s*60 of at most 60/).count()).toBe(1);
    await expect.poll(() => page.getByText(/found in epoch/).count()).toBe(1);
  },
  'xor-and-the-winter/winter': async (page) => {
    await tabTo(page, 'the timeline', (f) => f.tag === 'button' && f.name.startsWith('1943'));
    for (let i = 0; i < 8; i++) await press(page, 'ArrowRight');
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('Deep Blue');
    await page.getByText('You have opened all 9 events.').waitFor();
    await goalMet(page);
  },
  'xor-and-the-winter/the-fix': async (page) => {
    await tabTo(page, 'the row (1, 1)', (f) => f.name === '(1, 1)');
    await press(page, 'Enter');
    await expect.poll(() => page.locator('tr[aria-current="true"] th').innerText()).toBe('(1, 1)');
    expect(await page.getByText('(all four right)').count()).toBe(1);
    const link = page.getByRole('link', { name: /chapter 1: XOR needs a second layer/ });
    expect(await link.getAttribute('href')).toMatch(/threshold-logic\/xor-circuit\/$/);
  },

  // a hidden layer added by keyboard turns the network "deep"
  // say the CNN keeps more (Tab enters the group at its first choice, an arrow key moves on), lock it in, run both networks
  'convolution/shift-experiment': async (page) => {
    await tabTo(page, 'the prediction choices', (f) => f.type === 'radio' && f.label === 'The MLP keeps more');
    await press(page, 'ArrowDown');
    await expect.poll(() => page.getByRole('radio', { name: 'The CNN keeps more' }).isChecked()).toBe(true);
    await tabTo(page, 'Lock in my answer', named(/^Lock in my answer$/));
    await press(page, 'Enter');
    await tabTo(page, 'Run the experiment', named(/^Run the experiment$/));
    await press(page, 'Enter');
    await page.getByText(/^From 0 to 2 pixels, the MLP lost [\d.]+ points and the CNN [\d.]+ points\./).waitFor({ timeout: 300_000 });
    await goalMet(page);
  },
  'mlp-and-backprop/anatomy': async (page) => {
    await tabTo(page, 'the Add a hidden layer button', (f) => f.tag === 'button' && f.name === 'Add a hidden layer');
    await press(page, 'Enter');
    await expect.poll(() => page.getByText('Deep neural network').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await goalMet(page);
  }
};

/** Waits for the step's panel, then checks that it draws exactly its pictures, each with something on it. */
async function checkPictures(page: Page, step: Step): Promise<void> {
  const expected = pictures[step.scene];
  expect(expected, `the pictures of panel "${step.scene}" are counted above`).toBeDefined();
  await expect.poll(() => page.locator('section.stage').getByText('Loading the picture…').count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => page.locator('.stage [data-status]').count(), { timeout: 60_000 }).toBe(expected);
  await expect.poll(() => page.locator('.stage [data-status="ready"]').count(), { timeout: 45_000 }).toBe(expected);
  const canvases = page.locator('.stage [data-status="ready"] canvas');
  for (let k = 0; k < expected; k++) {
    await expect.poll(() => distinctColours(page, canvases.nth(k)), { timeout: 15_000, message: `picture ${k + 1} of step ${step.id} is drawn` }).toBeGreaterThan(3);
  }
}

/** A step's address; a panel may write its view into the query (the convolution steps, the playground). */
const stepPath = (slug: string, id: string) => new RegExp(`/chapter/${slug}/${id}/(\\?.*)?$`);
const ready = chapters.filter((c) => c.status === 'ready');

describe('every ready chapter by keyboard alone', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(`${session.baseUrl}/`);
    await shoot(session.page, 'home');
    expect(await forbiddenFindings(session.page), 'accessibility of the home page').toEqual([]);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('has ready chapters, and a walk for no step that does not exist', () => {
    expect(ready.length).toBeGreaterThan(0);
    const known = new Set(ready.flatMap((c) => getChapter(c.slug)!.steps.map((s) => `${c.slug}/${s.id}`)));
    expect(Object.keys(walks).filter((key) => !known.has(key))).toEqual([]);
  });

  for (const [n, meta] of ready.entries()) {
    const chapter = getChapter(meta.slug)!;
    const next = ready[n + 1];

    // one long walk per chapter (runs to convergence, a timeline, a lab): slow on a busy two-core machine, never timed
    it(`chapter ${meta.number}, ${meta.title}: every step titled, drawn and done, then on to ${next ? `chapter ${next.number}` : 'the list of chapters'}`, { timeout: 600_000 }, async () => {
      const { page } = session;
      // the previous chapter's last Next leads here; the first chapter (or a walk after a failed one) starts at its link
      if (!stepPath(meta.slug, chapter.steps[0].id).test(page.url())) {
        await page.goto(`${session.baseUrl}/`);
        await tabTo(page, `the link to chapter ${meta.number}`, (f) => f.tag === 'a' && f.href.includes(`chapter/${meta.slug}`));
        await press(page, 'Enter');
        await page.waitForURL(new RegExp(`/chapter/${meta.slug}/(${chapter.steps[0].id}/)?(\\?.*)?$`));
      }

      for (const step of chapter.steps) {
        if (step.index > 0) await page.waitForURL(stepPath(meta.slug, step.id));
        await expect.poll(() => page.locator('h1').innerText().then((t) => t.replace(/\s+/g, ' ').trim())).toBe(`Step ${step.index + 1}: ${step.title}`);
        await checkPictures(page, step);
        try {
          await walks[`${meta.slug}/${step.id}`]?.(page);
        } catch (error) {
          await shoot(page, `${meta.slug}-${step.id}-failed`);
          throw error;
        }
        await shoot(page, `${meta.slug}-${String(step.index + 1).padStart(2, '0')}-${step.id}`);
        // axe on the step as the walk leaves it (its task done): no serious or critical finding, no heading out of order
        expect(await forbiddenFindings(page), `accessibility of ${meta.slug}/${step.id}`).toEqual([]);
        await tabTo(page, 'the Next step link', (f) => f.tag === 'a' && f.region === 'Steps of this chapter' && /^Next/.test(f.name));
        await press(page, 'Enter');
      }

      // past the last step, Next leads on: to the next ready chapter, or back to the list of chapters
      if (next) await page.waitForURL(stepPath(next.slug, getChapter(next.slug)!.steps[0].id));
      else await page.waitForURL((url) => !url.pathname.includes('/chapter/'));
      expect(session.errors).toEqual([]);
      expect(session.foreignRequests()).toEqual([]);
    });
  }
});
