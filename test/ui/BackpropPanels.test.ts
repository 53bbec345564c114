import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/04-mlp-and-backprop/steps';
import type { Step } from '../../src/lib/chapters/types';
import { ledgerGradients } from '../../src/lib/sim/backpropLedger';
import { BackpropXorSim } from '../../src/lib/sim/BackpropXorSim.svelte';
import BackpropLedgerPanel from '../../src/lib/ui/panels/BackpropLedgerPanel.svelte';
import BackpropXorPanel from '../../src/lib/ui/panels/BackpropXorPanel.svelte';
import { linkPlace } from './stepLinks';

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

const stat = (id: string) => screen.getByTestId(id).textContent?.trim();

afterEach(() => cleanup());

// the first mount pays for importing pixi.js and KaTeX, slow on a busy two-core machine
describe('BackpropXorPanel', { timeout: 60_000 }, () => {
  it('trains from the keyboard: a sample, a batch and an epoch, counting as they say', async () => {
    const user = userEvent.setup();
    const onstate = vi.fn();
    const onsolved = vi.fn();
    render(BackpropXorPanel, { props: { step: step('backprop-xor'), onstate, onsolved, ...linkPlace().place } });
    await waitFor(() => expect(screen.getAllByText(/ŷ = \d\.\d\d/)).toHaveLength(4));
    expect(stat('updates')).toBe('0');
    expect(onsolved).toHaveBeenLastCalledWith(false);

    const trainSample = screen.getByRole('button', { name: 'Train 1 sample' });
    trainSample.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(stat('updates')).toBe('1'));
    expect(stat('samples')).toBe('1');
    // the next sample is current now
    expect(screen.getByRole('button', { name: /x = \(0, 1\), y = 1/ })).toHaveAttribute('aria-pressed', 'true');

    await user.tab();
    expect(screen.getByRole('button', { name: 'Train 1 batch (4)' })).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => expect(stat('samples')).toBe('5'));
    expect(stat('updates')).toBe('2');
    expect(stat('epochs')).toBe('1');

    await user.tab();
    await user.keyboard('{Enter}');
    // the epoch finishes the pass: samples 2, 3 and 4, one update each
    await waitFor(() => expect(stat('samples')).toBe('8'));
    expect(stat('updates')).toBe('5');
    // the lesson's seed, 42 unless the link gives another
    expect(onstate).toHaveBeenLastCalledWith(expect.objectContaining({ samplesSeen: 8, updates: 5, seed: 42 }));
  });

  it('counts an epoch as one batch step when told to update once per batch', async () => {
    const user = userEvent.setup();
    render(BackpropXorPanel, { props: { step: step('backprop-xor'), ...linkPlace().place } });
    await user.click(screen.getByRole('radio', { name: /once per batch of 4/ }));
    await user.click(screen.getByRole('button', { name: 'Train 1 epoch' }));
    await waitFor(() => expect(stat('samples')).toBe('4'));
    expect(stat('updates')).toBe('1');
  });

  it('continues from the previous step, says the goal is met once all four rows are right, and describes both pictures in words', async () => {
    const trained = new BackpropXorSim({ seed: 1 });
    await trained.trainEpochs(400);
    const onsolved = vi.fn();
    render(BackpropXorPanel, { props: { step: step('backprop-xor'), carried: trained.snapshot(), onsolved, ...linkPlace().place } });
    await waitFor(() => expect(onsolved).toHaveBeenLastCalledWith(true));
    expect(screen.getByRole('status')).toHaveTextContent('Solved: the network computes XOR');
    expect(stat('epochs')).toBe('400');
    expect(screen.getAllByText('✓ right')).toHaveLength(4);
    expect(await screen.findByRole('img', { name: /^Network 2-2-1\. Inputs: x₁ = 0\.000, x₂ = 0\.000\./ }, { timeout: 20_000 })).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /Points: \(0, 0\) class 0 circle, output 0\.\d\d right \(current\)/ }, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Loss curve: Loss .* went from 0\.7\d\d to 0\.0\d\d over 400 epochs\.$/ })).toBeInTheDocument();
  });

  it('changing the seed starts again from fresh weights', async () => {
    const user = userEvent.setup();
    render(BackpropXorPanel, { props: { step: step('backprop-xor'), ...linkPlace().place } });
    await user.click(screen.getByRole('button', { name: 'Train 1 epoch' }));
    await waitFor(() => expect(stat('samples')).toBe('4'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Seed' }), '4');
    await waitFor(() => expect(stat('samples')).toBe('0'));
    const fresh = new BackpropXorSim({ seed: 4 });
    await fresh.ready;
    const output = fresh.outputs[0].toFixed(2);
    expect(within(screen.getByRole('button', { name: /x = \(0, 0\), y = 0/ })).getByText(new RegExp(`ŷ = ${output}`))).toBeInTheDocument();
  });
});

describe('BackpropLedgerPanel', { timeout: 60_000 }, () => {
  it('writes nine chain-rule rows whose products match the engine column, and one step by keyboard meets the goal', async () => {
    const user = userEvent.setup();
    const onsolved = vi.fn();
    render(BackpropLedgerPanel, { props: { step: step('ledger'), onsolved, ...linkPlace().place } });
    const ledger = await screen.findByRole('region', { name: 'Backpropagation ledger for x = (0, 1), y = 1' }, { timeout: 20_000 });
    const engine = within(ledger).getAllByTestId('engine-gradient');
    expect(engine).toHaveLength(9);
    const oracle = new BackpropXorSim({ seed: 42, sample: 1 });
    await oracle.ready;
    const products = ledgerGradients(oracle.ledger!);
    engine.forEach((cell, k) => expect(cell.textContent).toBe(oracle.engineGradients[k].toFixed(4)));
    products.forEach((p, k) => expect(p.toFixed(4)).toBe(oracle.engineGradients[k].toFixed(4)));
    expect(onsolved).toHaveBeenLastCalledWith(false);

    // x₁ = 0 in this sample: both weights out of x₁ get a zero gradient
    expect(engine[0].textContent).toMatch(/^-?0\.0000$/);
    expect(engine[1].textContent).toMatch(/^-?0\.0000$/);

    const row = within(ledger).getByRole('button', { name: 'Show the weight from x2 to h1 in the picture' });
    row.focus();
    await user.keyboard('{Enter}');
    expect(row).toHaveAttribute('aria-pressed', 'true');
    expect(within(ledger).getByRole('button', { name: 'Show the weight from x1 to h1 in the picture' })).toHaveAttribute('aria-pressed', 'false');

    const train = screen.getByRole('button', { name: 'Train on this sample' });
    train.focus();
    await user.keyboard(' ');
    await waitFor(() => expect(onsolved).toHaveBeenLastCalledWith(true));
    expect(stat('updates')).toBe('1');
    expect(await screen.findByRole('region', { name: 'Backpropagation ledger for x = (1, 0), y = 1' })).toBeInTheDocument();
  });

  it('picks a sample with the keyboard and shows its ledger', async () => {
    const user = userEvent.setup();
    render(BackpropLedgerPanel, { props: { step: step('ledger'), ...linkPlace().place } });
    await screen.findByRole('region', { name: /ledger for x = \(0, 1\)/ }, { timeout: 20_000 });
    screen.getByRole('button', { name: /x = \(1, 1\), y = 0/ }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('region', { name: 'Backpropagation ledger for x = (1, 1), y = 0' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /x = \(1, 1\), y = 0/ })).toHaveAttribute('aria-pressed', 'true');
  });
});
