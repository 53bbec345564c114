import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import type { Step } from '../../src/lib/chapters/types';
import LogisticComparisonPanel from '../../src/lib/ui/panels/LogisticComparisonPanel.svelte';

/**
 * The perceptron beside logistic regression, as a learner meets it: the question first,
 * then the runs epoch by epoch, the picture said in words that follow the state, and
 * the answer set beside what happened.
 */
afterEach(() => cleanup());

const spec = steps.find((s) => s.id === 'logistic-regression')!;
const step: Step = { ...spec, index: steps.indexOf(spec), title: spec.id, html: '' };

async function opened(search = '') {
  const onsolved = vi.fn();
  const links: string[] = [];
  render(LogisticComparisonPanel, { props: { step, search, onlink: (s: string) => links.push(s), onsolved } });
  await screen.findByText(/^Epoch \d+ of 500/, undefined, { timeout: 20_000 });
  return { onsolved, links };
}

/** The picture in words: jsdom has no WebGL, so once the stage has tried, it says its text alternative. */
const picture = async () => (await screen.findByRole('img', { name: /^Scatter plot of 100 flowers/ }, { timeout: 10_000 })).getAttribute('aria-label') ?? '';

describe('LogisticComparisonPanel', { timeout: 60_000 }, () => {
  it('asks first: the runs wait for a prediction, or an honest skip', async () => {
    const user = userEvent.setup();
    await opened();
    expect(screen.getByRole('button', { name: 'Play training' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Lock in my prediction' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Skip and just run' }));
    expect(screen.getByText(/No prediction made\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Play training' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Next epoch' })).toBeEnabled();
  });

  it('says the picture in words that follow the epoch: both lines, their margins, and the perceptron stopping', async () => {
    const user = userEvent.setup();
    await opened();
    const start = await picture();
    expect(start).toMatch(/Epoch 0 of 500\. Logistic regression's line \(solid\)/);
    expect(start).toMatch(/The perceptron's line \(dashed\)/);
    await user.click(screen.getByRole('button', { name: 'Skip and just run' }));
    await user.click(screen.getByRole('button', { name: 'Next epoch' }));
    expect(await picture()).toMatch(/Epoch 1 of 500\./);
    expect(await picture()).not.toBe(start);
    await user.click(screen.getByRole('button', { name: 'Skip to the end of training' }));
    const end = await picture();
    expect(end).toMatch(/Epoch 500 of 500\./);
    expect(end).toMatch(/stopped after epoch 3, its first without a mistake/);
    expect(end).toMatch(/margin 0\.\d\d cm, 0 flowers on the wrong side/);
    expect(screen.getByRole('img', { name: /^Margin: distance to the nearest flower \(cm\) per epoch\. epoch 1: logistic regression −?\d\.\d\d, perceptron/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^The sigmoid's probability of versicolor/ })).toBeInTheDocument();
  });

  it('sets the locked answer beside what happened, and the goal is met at the end', async () => {
    const user = userEvent.setup();
    const { onsolved, links } = await opened();
    await user.click(screen.getByRole('radio', { name: "The perceptron's line" }));
    await user.click(screen.getByRole('button', { name: 'Lock in my prediction' }));
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await user.click(screen.getByRole('button', { name: 'Skip to the end of training' }));
    expect(screen.getByRole('status')).toHaveTextContent(/✗ Not what you predicted\. After 500 epochs logistic regression's line is 0\.59 cm from the nearest flower, the perceptron's 0\.24 cm\./);
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(links.at(-1)).toBe('?epoch=500&prediction=locked&further=perceptron');
  });

  it('starts both from other weights when the seed changes, back at epoch 0', async () => {
    const user = userEvent.setup();
    const { links } = await opened();
    await user.click(screen.getByRole('button', { name: 'Skip and just run' }));
    await user.click(screen.getByRole('button', { name: 'Next epoch' }));
    const before = await picture();
    await user.selectOptions(screen.getByRole('combobox', { name: /Starting weights from seed/ }), '5');
    await screen.findByText(/^Epoch 0 of 500/, undefined, { timeout: 20_000 });
    expect(await picture()).not.toBe(before);
    expect(links.at(-1)).toBe('?epoch=0&prediction=skipped&seed=5');
  });
});
