import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/04-mlp-and-backprop/steps';
import type { Step } from '../../src/lib/chapters/types';
import { parseUrlState } from '../../src/lib/sim/urlState';
import ActivationsPanel from '../../src/lib/ui/panels/ActivationsPanel.svelte';
import { inProcessWorker } from '../sim/training/inProcessWorker';
import { linkPlace } from './stepLinks';

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

function mount(start?: unknown, backend?: string) {
  const onsolved = vi.fn();
  const onstate = vi.fn();
  const base = step('activations');
  render(ActivationsPanel, { props: { step: start ? { ...base, start } : base, onsolved, onstate, backend, workerFactory: inProcessWorker, ...linkPlace().place } });
  const input = screen.getByRole('textbox', { name: 'f(x) =' });
  return { onsolved, onstate, input };
}

afterEach(() => cleanup());

/** The run's status line, once the run has finished. */
async function finished(): Promise<HTMLElement> {
  // poll cheaply: role queries over four plots are slow in jsdom and would starve the run
  await waitFor(() => expect(document.body.textContent).toMatch(/Done with f\(x\) =/), { timeout: 45_000, interval: 200 });
  const status = within(screen.getByRole('region', { name: 'Type your own activation' })).getByRole('status');
  expect(status).toHaveTextContent(/^Done with f\(x\) =/);
  return status;
}

describe('ActivationsPanel', { timeout: 60_000 }, () => {
  it('trains on the backend a link names, op by op for a typed activation, and says so', async () => {
    mount({ expression: 'log(1 + exp(x))', probe: 1 }, parseUrlState('?backend=wasm').values.backend);
    await fireEvent.click(screen.getByRole('button', { name: /Train 2-4-1 on XOR/ }));
    await waitFor(() => expect(document.body.textContent).toContain("training on: WebAssembly SIMD (our kernels), op by op: a typed activation runs op by op (dense's f) — chosen by ?backend=wasm"), {
      timeout: 45_000,
      interval: 200
    });
  });

  it('plots the four activations and reads every slope at the probe; the step is flat', async () => {
    mount();
    const step = await screen.findByText(/^at x = 1: f = 1, slope f′ = 0 \(flat: no gradient\)$/);
    expect(step).toHaveAttribute('data-activation', 'step');
    expect(screen.getByText('at x = 1: f = 0.731, slope f′ = 0.197')).toBeInTheDocument();
    expect(screen.getByText('at x = 1: f = 0.762, slope f′ = 0.42')).toBeInTheDocument();
    expect(screen.getByText('at x = 1: f = 1, slope f′ = 1')).toBeInTheDocument();
    expect(screen.getAllByRole('img', { name: /and its derivative for x from -6 to 6, with the input x = 1 marked/ })).toHaveLength(4);
  });

  // jsdom does not step a range input from the keyboard; the gallery's play test does, in Chromium
  it('moves the probe with the slider; at the jump the step has no slope at all', async () => {
    const { onstate } = mount({ expression: 'x', probe: 0.2 });
    const slider = screen.getByRole('slider', { name: /Input x/ });
    await screen.findByText(/^at x = 0.2: f = 1/);
    await fireEvent.input(slider, { target: { value: '0' } });
    expect(await screen.findByText('at x = 0: f = 1, and no slope at all: the jump')).toBeInTheDocument();
    expect(screen.getByText('at x = 0: f = 0, slope f′ = 0 (flat: no gradient)')).toHaveAttribute('data-activation', 'relu');
    expect(onstate).toHaveBeenLastCalledWith({ expression: 'x', probe: 0 });
  });

  it('shows a typed activation and its derivative, and marks a syntax error at its column', async () => {
    const user = userEvent.setup();
    const { input, onstate } = mount();
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByText(/It is a straight line/)).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'x^2');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByRole('img', { name: 'Your activation f(x) = x^2 and its derivative, for x from -6 to 6.' })).toBeInTheDocument();
    expect(onstate).toHaveBeenLastCalledWith({ expression: 'x^2', probe: 1 });

    await user.type(input, ' +* 2');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    const feedback = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(feedback).toHaveAttribute('aria-live', 'polite');
    expect(within(feedback).getByText('Value expected at column 6.')).toBeInTheDocument();
    expect(feedback.querySelector('mark')).toHaveTextContent('*');
    expect(screen.getByRole('button', { name: /Train 2-4-1 on XOR/ })).toBeDisabled();
  });

  it('names an unknown symbol, takes ReLU from the example buttons, and refuses a staircase', async () => {
    const user = userEvent.setup();
    const { input } = mount();
    await user.clear(input);
    await user.type(input, 'y * x');
    expect(screen.getByText(/^Unknown name "y"\. Use x for the input/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'max(0, x)' }));
    expect(input).toHaveValue('max(0, x)');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'false'));
    await user.clear(input);
    await user.type(input, 'floor(x)');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText(/floor\(x\) is a staircase/)).toBeInTheDocument();
  });

  it('trains the 2-4-1 network with the learner\'s activation from the keyboard: the loss falls and the goal is met', async () => {
    const user = userEvent.setup();
    const { input, onsolved } = mount();
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await user.clear(input);
    await user.type(input, 'log(1 + exp(x)){Enter}');
    const done = await finished();
    const [from, to] = [...done.querySelectorAll('strong')].map((s) => Number(s.textContent));
    expect(to).toBeLessThan(from / 5);
    expect(screen.getByRole('img', { name: /^Loss by epoch: .* after epoch 60 of 60\.$/ })).toBeInTheDocument();
    await waitFor(() => expect(onsolved).toHaveBeenLastCalledWith(true));
    expect(screen.getByText(/Solved:/)).toBeInTheDocument();
  });

  it('a straight line trains but the loss stays high: the goal is not met', async () => {
    const { onsolved } = mount();
    await fireEvent.click(screen.getByRole('button', { name: /Train 2-4-1 on XOR/ }));
    const done = await finished();
    const to = Number(done.querySelectorAll('strong')[1].textContent);
    expect(to).toBeGreaterThan(0.6);
    expect(onsolved).toHaveBeenLastCalledWith(false);
  });

  it('says so when training diverges', async () => {
    mount({ expression: 'exp(2 * x^2)', probe: 1 });
    await fireEvent.click(screen.getByRole('button', { name: /Train 2-4-1 on XOR/ }));
    // poll cheaply: role queries over four plots are slow in jsdom and would starve the run
    await waitFor(() => expect(document.querySelector('[role="alert"]')).not.toBeNull(), { timeout: 45_000, interval: 200 });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(/^With f\(x\) = exp\(2 \* x\^2\) the training diverged: dense's (gradient|output) became (NaN|Infinity)/);
  });
});
