import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctColours, openSession, shoot, type Session } from './browser';
import { tabTo } from './keyboard';

/**
 * A learner walks chapter 1 with the keyboard alone: Tab to reach a control, Space,
 * Enter or the arrow keys to use it, Tab and Enter on "Next" to move on. Each step's
 * task is solved the way its prose asks, and the page must say so.
 */
const press = (page: Page, key: string) => page.keyboard.press(key);

const steps: { id: string; title: RegExp; solve: (page: Page) => Promise<void> }[] = [
  {
    id: 'intro',
    title: /A neuron that is on or off/,
    // θ from 2 to 1: C copies A
    solve: async (page) => {
      await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
      await press(page, 'Space');
    }
  },
  {
    id: 'and',
    title: /AND/,
    // θ from 1 to 2, with the slider's own arrow key (StepNav must leave it alone)
    solve: async (page) => {
      await tabTo(page, 'the θ slider', (f) => f.tag === 'input' && f.type === 'range');
      await press(page, 'ArrowRight');
    }
  },
  {
    id: 'or',
    title: /OR/,
    solve: async (page) => {
      await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
      await press(page, 'Enter');
    }
  },
  {
    id: 'not',
    title: /NOT/,
    // make A's connection inhibitory (arrow keys inside the radio group), then θ to 0
    solve: async (page) => {
      await tabTo(page, 'the connection from A', (f) => f.type === 'radio' && f.group === 'Connection from A');
      await press(page, 'ArrowDown');
      await tabTo(page, 'the Lower θ button', (f) => f.name === 'Lower Threshold θ');
      await press(page, 'Space');
    }
  },
  {
    id: 'two-of-three',
    title: /Two or more of three/,
    solve: async (page) => {
      await tabTo(page, 'the Raise θ button', (f) => f.name === 'Raise Threshold θ');
      await press(page, 'Space');
    }
  },
  {
    id: 'xor-circuit',
    title: /XOR/,
    // h1 = A AND NOT B, h2 = B AND NOT A (θ 2 -> 1); the output unit already ORs them
    solve: async (page) => {
      await tabTo(page, 'the B to h1 connection', (f) => f.type === 'radio' && f.group === 'B to h1');
      await press(page, 'ArrowDown');
      await tabTo(page, 'the A to h2 connection', (f) => f.type === 'radio' && f.group === 'A to h2');
      await press(page, 'ArrowDown');
      await tabTo(page, 'the Lower θ of h2 button', (f) => f.name === 'Lower Threshold of h2');
      await press(page, 'Enter');
    }
  }
];

describe('chapter 1 by keyboard alone', () => {
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('solves every gate task, each step drawing its picture, with no errors and no requests off this machine', async () => {
    const { page, baseUrl } = session;
    await page.goto(`${baseUrl}/`);
    await shoot(page, 'home');
    await tabTo(page, 'the link to chapter 1', (f) => f.tag === 'a' && f.href.includes('chapter/threshold-logic'));
    await press(page, 'Enter');

    for (const [i, step] of steps.entries()) {
      await page.waitForURL(new RegExp(`/chapter/threshold-logic/${i === 0 ? `(${step.id}/)?` : `${step.id}/`}$`));
      await expect.poll(() => page.locator('h1').innerText()).toMatch(step.title);

      const canvas = page.locator('[data-status="ready"] canvas');
      await canvas.waitFor({ timeout: 30_000 });
      expect(await distinctColours(page, canvas), `step ${step.id} draws a picture`).toBeGreaterThan(3);

      const solved = page.getByText(/^Solved: your (unit|circuit) computes/);
      expect(await solved.count(), `step ${step.id} starts unsolved`).toBe(0);
      await step.solve(page);
      await solved.waitFor({ timeout: 10_000 });
      await expect.poll(() => page.locator('.step-nav [role="status"]').innerText()).toContain('Goal met');
      await shoot(page, `${String(i + 1).padStart(2, '0')}-${step.id}`);

      await tabTo(page, 'the Next button', (f) => f.tag === 'button' && /^Next/.test(f.name));
      await press(page, 'Enter');
    }

    // past the last step, Next leads on: to the next ready chapter, or back to the list of chapters
    await page.waitForURL((url) => !url.pathname.includes('/chapter/threshold-logic/'));
    await expect.poll(() => page.locator('h1').innerText()).not.toMatch(/XOR needs a second layer/);
    expect(session.errors).toEqual([]);
    expect(session.foreignRequests()).toEqual([]);
    expect(session.requests.length).toBeGreaterThan(10);
  }, 300_000);
});
