/**
 * Every step of chapter 4 but the playground and the MNIST lab (whose links are tested
 * with them) keeps what the learner changes in its link: change it, read the link the
 * panel wrote, open that link in a fresh panel and find the same state; a value the
 * link cannot give gets the usual notice, and the rest of the link still holds.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { steps } from '../../chapters/04-mlp-and-backprop/steps';
import type { Step } from '../../src/lib/chapters/types';
import { BackpropXorSim } from '../../src/lib/sim/BackpropXorSim.svelte';
import ActivationsPanel from '../../src/lib/ui/panels/ActivationsPanel.svelte';
import AnatomyPanel from '../../src/lib/ui/panels/AnatomyPanel.svelte';
import BackpropLedgerPanel from '../../src/lib/ui/panels/BackpropLedgerPanel.svelte';
import BackpropXorPanel from '../../src/lib/ui/panels/BackpropXorPanel.svelte';
import { described, linkPlace } from './stepLinks';

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

const alert = () => screen.getByRole('alert');
const stat = (id: string) => screen.getByTestId(id).textContent?.trim();
const pressed = () => screen.getAllByRole('button', { pressed: true }).map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());

afterEach(() => cleanup());

describe('anatomy', () => {
  const state = () => ({ verdict: document.querySelector('.verdict')?.textContent, picture: screen.getByRole('img', { name: /network:/ }).getAttribute('aria-label') });

  it('opens the hidden layers a link names', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(AnatomyPanel, { props: { step: step('anatomy'), ...first.place } });
    expect(first.last()).toBe('?hidden=2');
    await user.click(screen.getByRole('button', { name: 'Add a hidden layer' }));
    await user.click(screen.getByRole('button', { name: 'More units in Hidden layer 1' }));
    await user.click(screen.getByRole('button', { name: 'Add a hidden layer' }));
    expect(first.last()).toBe('?hidden=3_2_2');
    const before = state();
    expect(before.picture).toMatch(/^A 2-3-2-2-1 network/);
    cleanup();

    render(AnatomyPanel, { props: { step: step('anatomy'), ...linkPlace(first.last()).place } });
    expect(state()).toEqual(before);
    cleanup();
    render(AnatomyPanel, { props: { step: step('anatomy'), ...linkPlace('?hidden=0').place } });
    expect(screen.getByText('Perceptron')).toBeInTheDocument();
  });

  it('names hidden layers it cannot build, and shows the step’s own', () => {
    render(AnatomyPanel, { props: { step: step('anatomy'), ...linkPlace('?hidden=2_9').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'hidden'; using 2.");
    expect(screen.getByRole('img', { name: /^A 2-2-1 network/ })).toBeInTheDocument();
  });
});

describe('activations', { timeout: 60_000 }, () => {
  const state = () => ({
    typed: (screen.getByRole('textbox', { name: 'f(x) =' }) as HTMLInputElement).value,
    probe: (screen.getByRole('slider', { name: /Input x/ }) as HTMLInputElement).value,
    readouts: [...document.querySelectorAll('.readout')].map((p) => p.textContent),
    own: screen.queryByRole('img', { name: /^Your activation/ })?.getAttribute('aria-label')
  });

  it('opens the activation as typed, and the input, that a link names', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(ActivationsPanel, { props: { step: step('activations'), ...first.place } });
    expect(first.last()).toBe('?f=x');
    const input = screen.getByRole('textbox', { name: 'f(x) =' });
    await user.clear(input);
    await user.type(input, 'sin(x)');
    await fireEvent.input(screen.getByRole('slider', { name: /Input x/ }), { target: { value: '-2.5' } });
    expect(first.last()).toBe('?f=sin%28x%29&x=-2.5');
    await screen.findAllByText(/^at x = -2.5: /);
    const before = state();
    expect(before.own).toBe('Your activation f(x) = sin(x) and its derivative, for x from -6 to 6.');
    cleanup();

    render(ActivationsPanel, { props: { step: step('activations'), ...linkPlace(first.last()).place } });
    await screen.findAllByText(/^at x = -2.5: /);
    expect(state()).toEqual(before);
  });

  it('refuses, with the checker’s own words, an activation the page would refuse when typed, and keeps the input', async () => {
    render(ActivationsPanel, { props: { step: step('activations'), ...linkPlace('?f=floor(x)&x=-2.5').place } });
    expect(alert()).toHaveTextContent(/^The link's activation f\(x\) = floor\(x\) is refused: .+ Using f\(x\) = x\./);
    expect(screen.getByRole('textbox', { name: 'f(x) =' })).toHaveValue('x');
    expect(screen.getByRole('slider', { name: /Input x/ })).toHaveValue('-2.5');
  });

  it('names an input off the slider, and keeps the activation', () => {
    render(ActivationsPanel, { props: { step: step('activations'), ...linkPlace('?f=max(0, x)&x=7').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'x'; using 1.");
    expect(screen.getByRole('textbox', { name: 'f(x) =' })).toHaveValue('max(0, x)');
    expect(screen.getByRole('slider', { name: /Input x/ })).toHaveValue('1');
  });
});

describe('ledger', { timeout: 60_000 }, () => {
  const state = async () => ({
    picture: await described(1),
    ledger: screen.getByRole('region', { name: /^Backpropagation ledger for/ }).textContent,
    updates: stat('updates'),
    loss: stat('sample-loss'),
    pressed: pressed()
  });

  it('opens the sample, the pick and the steps taken that a link names, on the same numbers', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(BackpropLedgerPanel, { props: { step: step('ledger'), ...first.place } });
    const ledger = await screen.findByRole('region', { name: 'Backpropagation ledger for x = (0, 1), y = 1' }, { timeout: 20_000 });
    await waitFor(() => expect(first.last()).toBe('?sample=1'));
    await user.click(within(ledger).getByRole('button', { name: 'Show the weight from x2 to h1 in the picture' }));
    for (const n of ['1', '2']) {
      await user.click(screen.getByRole('button', { name: 'Train on this sample' }));
      await waitFor(() => expect(stat('updates')).toBe(n));
    }
    await user.click(screen.getByRole('button', { name: /x = \(0, 0\), y = 0/ }));
    await screen.findByRole('region', { name: 'Backpropagation ledger for x = (0, 0), y = 0' });
    await waitFor(() => expect(first.last()).toBe('?sample=0&pick=w1_21&trained=1s2'));
    const before = await state();
    cleanup();

    const again = linkPlace(first.last());
    render(BackpropLedgerPanel, { props: { step: step('ledger'), ...again.place } });
    // the panel writes its link once the training it names has been replayed
    await waitFor(() => expect(again.last()).toBe(first.last()), { timeout: 20_000 });
    expect(await state()).toEqual(before);
  });

  it('names an unreadable sample and pick, and replays the steps taken', async () => {
    render(BackpropLedgerPanel, { props: { step: step('ledger'), ...linkPlace('?sample=4&pick=w3_11&trained=0s3').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'sample'; using 0.");
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'pick'; using w1_11.");
    await waitFor(() => expect(stat('updates')).toBe('3'), { timeout: 20_000 });
    expect(await screen.findByRole('region', { name: 'Backpropagation ledger for x = (0, 0), y = 0' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show the weight from x1 to h1 in the picture' })).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('backprop-xor', { timeout: 60_000 }, () => {
  const state = async () => ({
    pictures: await described(2),
    curve: screen.getByRole('img', { name: /^Loss curve/ }).getAttribute('aria-label'),
    stats: ['epochs', 'updates', 'samples', 'correct'].map(stat),
    seed: (screen.getByRole('combobox', { name: 'Seed' }) as HTMLSelectElement).value,
    batch: (screen.getByRole('radio', { name: /once per batch of 4/ }) as HTMLInputElement).checked,
    pressed: pressed()
  });
  const mount = (search = '', carried?: unknown) => {
    const where = linkPlace(search);
    render(BackpropXorPanel, { props: { step: step('backprop-xor'), carried, ...where.place } });
    return where;
  };

  it('writes the seed picked into the lesson’s own seed, and opens the seed, mode and training a link names', async () => {
    const user = userEvent.setup();
    const first = mount();
    await waitFor(() => expect(first.last()).toBe('?sample=0'), { timeout: 20_000 });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Seed' }), '4');
    await waitFor(() => expect(first.last()).toBe('?sample=0&seed=4'));
    await user.click(screen.getByRole('button', { name: 'Train 1 sample' }));
    await waitFor(() => expect(stat('updates')).toBe('1'));
    await user.click(screen.getByRole('radio', { name: /once per batch of 4/ }));
    await user.click(screen.getByRole('button', { name: 'Train 1 epoch' }));
    await waitFor(() => expect(stat('updates')).toBe('2'));
    await waitFor(() => expect(first.last()).toBe('?sample=1&mode=batch&trained=0s1_b1&seed=4'));
    const before = await state();
    cleanup();

    const again = mount(first.last());
    // the panel writes its link once the training it names has been replayed
    await waitFor(() => expect(again.last()).toBe(first.last()), { timeout: 20_000 });
    expect(await state()).toEqual(before);
  });

  it('opens ?seed=4 on seed 4, and a lesson on its own seed carries on from the step before', async () => {
    mount('?seed=4');
    const fresh = new BackpropXorSim({ seed: 4 });
    await fresh.ready;
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Seed' })).toHaveValue('4'), { timeout: 20_000 });
    expect(within(screen.getByRole('button', { name: /x = \(0, 0\), y = 0/ })).getByText(new RegExp(`ŷ = ${fresh.outputs[0].toFixed(2)}`))).toBeInTheDocument();
    cleanup();

    const ledger = new BackpropXorSim({ seed: 4, sample: 1 });
    await ledger.stepSample();
    await ledger.stepSample();
    mount('?seed=4', ledger.snapshot());
    await waitFor(() => expect(stat('updates')).toBe('2'), { timeout: 20_000 });
    cleanup();
    // another seed than the one the previous step trained is another lesson: fresh weights
    const other = mount('?seed=5', ledger.snapshot());
    await waitFor(() => expect(other.last()).toBe('?seed=5&sample=0'), { timeout: 20_000 });
    expect(stat('updates')).toBe('0');
  });

  it('writes the network carried on from the ledger so that its link, opened afresh, replays to the same numbers', async () => {
    const ledger = new BackpropXorSim({ seed: 42, sample: 1 });
    await ledger.stepSample();
    await ledger.select(3);
    await ledger.stepSample();
    await ledger.trainEpochs(30);
    const first = mount('', ledger.snapshot());
    await waitFor(() => expect(first.last()).toBe('?sample=0&trained=1s1_3s1_0e30'), { timeout: 20_000 });
    const before = await state();
    expect(before.stats).toEqual(['30', '122', '122', `${ledger.correct} of 4`]);
    cleanup();

    const again = mount(first.last());
    await waitFor(() => expect(again.last()).toBe(first.last()), { timeout: 20_000 });
    expect(await state()).toEqual(before);
  });

  it('names an unreadable sample, mode, seed and pick, and replays the training', async () => {
    mount('?sample=5&mode=sideways&trained=0e3&seed=-1&pick=b3');
    for (const key of ['sample', 'mode', 'seed', 'pick']) expect(alert()).toHaveTextContent(`The link had an unreadable value for '${key}'`);
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'seed'; using 42.");
    await waitFor(() => expect(stat('epochs')).toBe('3'), { timeout: 20_000 });
    expect(screen.getByRole('combobox', { name: 'Seed' })).toHaveValue('42');
  });
});
