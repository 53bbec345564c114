import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import type { Step } from '../../src/lib/chapters/types';
import { irisPair } from '../../src/lib/datasets/iris';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPerceptron } from '../../src/lib/models/trainPerceptron';
import { PerceptronRun } from '../../src/lib/sim/PerceptronRun.svelte';
import ErrorsChart from '../../src/lib/ui/ErrorsChart.svelte';
import PredictPrompt from '../../src/lib/ui/PredictPrompt.svelte';
import RunControls from '../../src/lib/ui/RunControls.svelte';
import LtuPanel from '../../src/lib/ui/panels/LtuPanel.svelte';
import PerceptronTrainingPanel from '../../src/lib/ui/panels/PerceptronTrainingPanel.svelte';

const petals = irisPair(undefined, ['setosa', 'versicolor'], ['petal length (cm)', 'petal width (cm)']);
const noFrames = { request: () => 0, cancel: () => {} };

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

afterEach(() => cleanup());

describe('RunControls', () => {
  it('steps, ends the epoch, skips to the end and resets, from the keyboard', async () => {
    const user = userEvent.setup();
    const run = new PerceptronRun({ data: petals, frames: noFrames });
    render(RunControls, { props: { run, noun: 'flower' } });
    const next = screen.getByRole('button', { name: 'Next flower' });
    next.focus();
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    expect(run.cursor).toBe(2);
    screen.getByRole('button', { name: 'End of epoch: finish this epoch' }).focus();
    await user.keyboard('{Enter}');
    expect(run.cursor).toBe(100);
    screen.getByRole('button', { name: 'Skip to the end of training' }).focus();
    await user.keyboard('{Enter}');
    expect(run.finished).toBe(true);
    expect(screen.getByRole('button', { name: 'Next flower' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Replay training' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Reset the weights to the start' }));
    expect(run.cursor).toBe(0);
    expect(screen.getByRole('button', { name: 'Reset the weights to the start' })).toBeDisabled();
  });

  it('plays and pauses, and sets the speed from its select', async () => {
    const run = new PerceptronRun({ data: petals, frames: noFrames });
    render(RunControls, { props: { run } });
    await userEvent.click(screen.getByRole('button', { name: 'Play training' }));
    expect(run.playing).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Pause training' }));
    expect(run.playing).toBe(false);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '500');
    expect(run.speed).toBe(500);
  });

  it('does nothing while disabled', async () => {
    const run = new PerceptronRun({ data: petals, frames: noFrames });
    render(RunControls, { props: { run, disabled: true } });
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Play training' }));
    expect(run.playing).toBe(false);
  });
});

describe('PredictPrompt', () => {
  it('asks, commits the prediction, then judges it against the outcome', async () => {
    const oncommit = vi.fn();
    const { rerender } = render(PredictPrompt, { props: { epochsMax: 20, prediction: null, oncommit } });
    const lock = screen.getByRole('button', { name: 'Lock in my prediction' });
    expect(lock).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: /Yes, it will converge/ }));
    const slider = screen.getByRole('slider', { name: /how many epochs/i });
    await fireEvent.input(slider, { target: { value: '4' } });
    await userEvent.click(lock);
    expect(oncommit).toHaveBeenCalledWith({ converges: true, epochs: 4, line: null });
    await rerender({ epochsMax: 20, prediction: { converges: true, epochs: 4, line: null }, oncommit, outcome: { converged: true, convergedEpoch: 3, epochs: 3 } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('You were right. It converged: epoch 3 went by without a single mistake.');
    expect(status).toHaveTextContent('You guessed 4 epochs; it took 3: close.');
  });

  it('lets the learner skip, and moves a guessed line with its sliders', async () => {
    const oncommit = vi.fn();
    const online = vi.fn();
    render(PredictPrompt, { props: { epochsMax: 20, askLine: true, line: { angle: 135, offset: 0 }, online, prediction: null, oncommit } });
    await fireEvent.input(screen.getByRole('slider', { name: /Tilt of your line/ }), { target: { value: '90' } });
    expect(online).toHaveBeenLastCalledWith({ angle: 90, offset: 0 });
    await userEvent.click(screen.getByRole('button', { name: 'Skip and just run' }));
    expect(oncommit).toHaveBeenCalledWith({ converges: null, epochs: null, line: null });
  });
});

describe('ErrorsChart', () => {
  it('plots the model’s errors per epoch and reads them out', () => {
    const result = trainPerceptron(new Perceptron({ nFeatures: 2 }), petals);
    render(ErrorsChart, { props: { errors: result.errorsPerEpoch, perEpoch: 100, convergedEpoch: result.convergedEpoch, noun: 'flowers' } });
    const chart = screen.getByRole('img');
    expect(chart).toHaveAccessibleName('Mistakes per epoch, out of 100 flowers each: epoch 1: 2, epoch 2: 2, epoch 3: 0. Epoch 3 had no mistakes: converged.');
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([['1', '2'], ['2', '2'], ['3', '0']]);
  });
});

// the first mount pays for importing pixi.js, slow on a busy two-core machine
describe('chapter 2 panels', { timeout: 30_000 }, () => {
  it('the LTU panel: sliders move the unit, the step switches, and the goal is met when no flower is wrong', async () => {
    const onsolved = vi.fn();
    // the link stays with the test, not in the shared page's address
    render(LtuPanel, { props: { step: step('ltu'), onsolved, search: '', onlink: () => {} } });
    expect(screen.getByRole('status')).toHaveTextContent('50 flowers on the wrong side.');
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await fireEvent.input(screen.getByRole('slider', { name: /Bias b/ }), { target: { value: '-3' } });
    expect(screen.getByRole('status')).toHaveTextContent('Every one of the 100 flowers is on its own side.');
    expect(onsolved).toHaveBeenLastCalledWith(true);
    await userEvent.click(screen.getByRole('radio', { name: 'sign' }));
    expect(screen.getByText(/sign\(z\) =/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next flower' }));
    expect(screen.getByText(/flower 2 of 100/)).toBeInTheDocument();
    // no renderer in jsdom: the picture is said in words instead
    expect(await screen.findByRole('img', { name: /Scatter plot of 100 flowers/ }, { timeout: 15_000 })).toBeInTheDocument();
  });

  it('the training panel waits for a prediction, then shows each flower’s arithmetic and announces convergence', async () => {
    const onsolved = vi.fn();
    render(PerceptronTrainingPanel, { props: { step: step('learn-iris'), onsolved, search: '', onlink: () => {} } });
    expect(screen.getByRole('button', { name: 'Next flower' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Skip and just run' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next flower' }));
    // the first flower, a setosa: z = 0, heaviside fires, so the weights become −x, b = −1
    expect(screen.getByText(/Epoch 1, flower 1 of 100/)).toBeInTheDocument();
    expect(screen.getByText(/w ← w \+ 1·\(−1\)·x = \(−1\.40, −0\.20\), b ← −1\.00/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Skip to the end of training' }));
    expect(screen.getByText(/Converged in epoch 3/)).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(true);
  });
});
