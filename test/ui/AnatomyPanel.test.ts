import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/04-mlp-and-backprop/steps';
import type { Step } from '../../src/lib/chapters/types';
import AnatomyPanel from '../../src/lib/ui/panels/AnatomyPanel.svelte';
import { linkPlace } from './stepLinks';

function step(): Step {
  const spec = steps.find((s) => s.id === 'anatomy')!;
  return { ...spec, index: steps.indexOf(spec), title: 'anatomy', html: '' };
}

function mount() {
  const onsolved = vi.fn();
  const onstate = vi.fn();
  render(AnatomyPanel, { props: { step: step(), onsolved, onstate, ...linkPlace().place } });
  return { onsolved, onstate };
}

afterEach(() => cleanup());

describe('AnatomyPanel', () => {
  it('starts as the 2-2-1 XOR network: shallow, with every layer described in words', () => {
    const { onsolved } = mount();
    expect(screen.getByText('Shallow network')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^A 2-2-1 network: input layer \(passthrough\) with 2 units, hidden layer 1 with 2 units, output layer with 1 unit\./ })).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(false);
  });

  it('adds a hidden layer from the keyboard: the label becomes "deep" and the goal is met', async () => {
    const user = userEvent.setup();
    const { onsolved, onstate } = mount();
    const add = screen.getByRole('button', { name: 'Add a hidden layer' });
    add.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByText('Deep neural network')).toBeInTheDocument();
    expect(screen.getByText('2 hidden layers: a deep neural network (DNN).')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^A 2-2-2-1 network/ })).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(onstate).toHaveBeenLastCalledWith({ inputs: 2, hidden: [2, 2], outputs: 1 });
    expect(screen.getByText(/Solved:/)).toBeInTheDocument();

    const remove = screen.getByRole('button', { name: 'Remove a hidden layer' });
    remove.focus();
    await user.keyboard(' ');
    expect(screen.getByText('Shallow network')).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await user.keyboard(' ');
    expect(screen.getByText('Perceptron')).toBeInTheDocument();
    expect(screen.getByText(/it cannot learn XOR/)).toBeInTheDocument();
    expect(remove).toBeDisabled();
  });

  it('changes the units of a hidden layer, and counts weights and biases', async () => {
    const user = userEvent.setup();
    mount();
    expect(screen.getByText('(2-2-1, 9 weights and biases)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'More units in Hidden layer 1' }));
    await user.click(screen.getByRole('button', { name: 'More units in Hidden layer 1' }));
    expect(screen.getByRole('spinbutton', { name: 'Hidden layer 1' })).toHaveValue(4);
    expect(screen.getByText('(2-4-1, 17 weights and biases)')).toBeInTheDocument();
  });

  it('tells a screen reader about the change through a live region', async () => {
    const user = userEvent.setup();
    mount();
    await user.click(screen.getByRole('button', { name: 'Add a hidden layer' }));
    const live = screen.getByText('Deep neural network').closest('[aria-live]');
    expect(live).toHaveAttribute('aria-live', 'polite');
  });
});
