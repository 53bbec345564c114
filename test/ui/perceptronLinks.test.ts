import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { Component } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/02-perceptron/steps';
import type { Step } from '../../src/lib/chapters/types';
import LogisticComparisonPanel from '../../src/lib/ui/panels/LogisticComparisonPanel.svelte';
import LtuPanel from '../../src/lib/ui/panels/LtuPanel.svelte';
import PerceptronLayerPanel from '../../src/lib/ui/panels/PerceptronLayerPanel.svelte';
import PerceptronTrainingPanel from '../../src/lib/ui/panels/PerceptronTrainingPanel.svelte';
import SklearnPanel from '../../src/lib/ui/panels/SklearnPanel.svelte';
import type { PanelProps } from '../../src/lib/ui/panels/types';

/**
 * Every step of chapter 2 keeps what the learner changed in its link: change the state,
 * take the address the panel wrote, open it in a fresh panel, and the state is the
 * same; a value that cannot be read is named, and the rest of the link still holds.
 */
afterEach(() => cleanup());

const panels: Record<string, Component<PanelProps>> = {
  'ltu-explorer': LtuPanel,
  'perceptron-training': PerceptronTrainingPanel,
  'perceptron-sklearn': SklearnPanel,
  'perceptron-layer': PerceptronLayerPanel,
  'logistic-vs-perceptron': LogisticComparisonPanel
};

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

function mount(id: string, search = '') {
  const links: string[] = [];
  const onsolved = vi.fn();
  const { container } = render(panels[step(id).scene], { props: { step: step(id), search, onlink: (s: string) => links.push(s), onsolved } });
  return { links, onsolved, container };
}

/** What the learner sees, but the picture (drawn, or said in words, later): every word, and every control's setting. */
function seen(container: HTMLElement) {
  const copy = container.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.stage').forEach((stage) => stage.remove());
  const controls = [...container.querySelectorAll('input, select, button')].map((el) => {
    const input = el as HTMLInputElement;
    return `${el.tagName}:${input.type}:${input.type === 'radio' || input.type === 'checkbox' ? input.checked : input.value}:${input.disabled}`;
  });
  return { text: copy.textContent?.replace(/\s+/g, ' ').trim(), controls };
}

/** Opens the last link written in a fresh panel: it must show what the first showed, and write the same link back. */
function reopens(id: string, before: { links: string[]; container: HTMLElement }) {
  const state = seen(before.container);
  const search = before.links.at(-1)!;
  cleanup();
  const again = mount(id, search);
  expect(screen.queryByRole('alert')).toBeNull();
  expect(seen(again.container)).toEqual(state);
  expect(again.links.at(-1)).toBe(search);
  return again;
}

/**
 * A link with one field made unreadable: the notice names it, and every other field
 * still holds (the panel writes it back), but for those `follows` that depend on it.
 */
function opensWithOneBadField(id: string, good: Record<string, string>, key: string, bad: string, follows: Record<string, string> = {}) {
  const { links } = mount(id, `?${new URLSearchParams({ ...good, [key]: bad })}`);
  expect(screen.getByRole('alert')).toHaveTextContent(new RegExp(`^The link had an unreadable value for '${key}'; using .+\\.`));
  const written = new URLSearchParams(links.at(-1));
  for (const [k, v] of Object.entries({ ...good, ...follows })) if (k !== key) expect(written.get(k), k).toBe(v);
}

describe('chapter 2 links', { timeout: 30_000 }, () => {
  describe('the LTU step', () => {
    it('writes w₁, w₂, b, the step, the flower and the sigmoid, and its link opens the same unit', async () => {
      const user = userEvent.setup();
      const before = mount('ltu');
      expect(before.links.at(-1)).toBe('?w1=1');
      await fireEvent.input(screen.getByRole('slider', { name: /Bias b/ }), { target: { value: '-3' } });
      await fireEvent.input(screen.getByRole('slider', { name: /Weight w₂/ }), { target: { value: '1.35' } });
      await user.click(screen.getByRole('radio', { name: 'sign' }));
      await user.click(screen.getByRole('button', { name: 'Next flower' }));
      await user.click(screen.getByRole('button', { name: 'Next flower' }));
      await user.click(screen.getByRole('checkbox', { name: 'show the sigmoid' }));
      expect(before.links.at(-1)).toBe('?w1=1&w2=1.35&b=-3&step=sign&sample=3&sigmoid=1');
      const again = reopens('ltu', before);
      expect(screen.getByText(/flower 3 of 100/)).toBeInTheDocument();
      expect(again.onsolved).toHaveBeenLastCalledWith(true);
    });

    it('opens a line dragged to any numbers exactly as it was', () => {
      const search = '?w1=0.7071067811865476&w2=-0.7071067811865475&b=-1.2345678901234567';
      const { links } = mount('ltu', search);
      expect(links.at(-1)).toBe(search);
      expect(screen.getByText(/z = 0\.71·1\.40 \+ −0\.71·0\.20 \+ \(−1\.23\)/)).toBeInTheDocument();
    });

    it.each([
      ['w1', 'abc'],
      ['w2', '9999'],
      ['b', '--1'],
      ['step', 'relu'],
      ['sample', '0'],
      ['sigmoid', 'maybe']
    ])('names a malformed %s and keeps the rest', (key, bad) => {
      opensWithOneBadField('ltu', { w1: '0.5', w2: '-2', b: '3.5', step: 'sign', sample: '40', sigmoid: '1' }, key, bad);
    });
  });

  describe('the training steps', () => {
    it('learn-iris keeps the prediction, the guessed line, the run’s position and its speed', async () => {
      const user = userEvent.setup();
      const before = mount('learn-iris');
      expect(before.links.at(-1)).toBe('?at=0');
      await user.click(screen.getByRole('radio', { name: /Yes, it will converge/ }));
      await fireEvent.input(screen.getByRole('slider', { name: /how many epochs/i }), { target: { value: '4' } });
      await fireEvent.input(screen.getByRole('slider', { name: /Tilt of your line/ }), { target: { value: '100' } });
      await fireEvent.input(screen.getByRole('slider', { name: /Shift of your line/ }), { target: { value: '-0.25' } });
      await user.click(screen.getByRole('button', { name: 'Lock in my prediction' }));
      await user.click(screen.getByRole('button', { name: 'Next flower' }));
      await user.click(screen.getByRole('button', { name: 'Next flower' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '100');
      expect(before.links.at(-1)).toBe('?at=2&speed=100&prediction=locked&converges=yes&epochs=4&angle=100&offset=-0.25');
      reopens('learn-iris', before);
      expect(screen.getByText(/Epoch 1, flower 2 of 100/)).toBeInTheDocument();
      expect(screen.getByText(/You predicted: it converges, in about 4 epochs; your line is drawn dashed/)).toBeInTheDocument();
    });

    it('learn-iris keeps a prediction still being made', async () => {
      const user = userEvent.setup();
      const before = mount('learn-iris');
      await user.click(screen.getByRole('radio', { name: /No, it will go on/ }));
      await fireEvent.input(screen.getByRole('slider', { name: /Tilt of your line/ }), { target: { value: '12' } });
      expect(before.links.at(-1)).toBe('?at=0&converges=no&angle=12');
      reopens('learn-iris', before);
      expect(screen.getByRole('radio', { name: /No, it will go on/ })).toBeChecked();
      expect(screen.getByRole('button', { name: 'Next flower' })).toBeDisabled();
    });

    it('learn-penguins keeps a skipped prediction and a finished run, verdict and all', async () => {
      const user = userEvent.setup();
      const before = mount('learn-penguins');
      await user.click(screen.getByRole('button', { name: 'Skip and just run' }));
      await user.click(screen.getByRole('button', { name: 'Skip to the end of training' }));
      expect(screen.getByText(/Converged in epoch 12/)).toBeInTheDocument();
      expect(before.links.at(-1)).toMatch(/^\?at=\d+&prediction=skipped$/);
      const again = reopens('learn-penguins', before);
      expect(screen.getByText(/Converged in epoch 12/)).toBeInTheDocument();
      expect(again.onsolved).toHaveBeenLastCalledWith(true);
    });

    it('a link with the run under way opens past the question', () => {
      mount('learn-iris', '?at=150');
      expect(screen.getByText(/Epoch 2, flower 50 of 100/)).toBeInTheDocument();
      expect(screen.getByText(/No prediction made\./)).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Next flower' })).toBeEnabled();
    });

    it.each([
      ['at', '-1'],
      ['speed', '7'],
      ['prediction', 'maybe'],
      ['converges', 'perhaps'],
      ['epochs', '99'],
      ['angle', '200'],
      ['offset', '1']
    ])('learn-iris names a malformed %s and keeps the rest', (key, bad) => {
      const good = { at: '37', speed: '500', prediction: 'locked', converges: 'yes', epochs: '6', angle: '80.5', offset: '0.125' };
      // a prediction locked in without a readable answer says nothing, as a skipped one does
      opensWithOneBadField('learn-iris', good, key, bad, key === 'converges' ? { prediction: 'skipped' } : {});
      if (key !== 'at') expect(screen.getByText(/Epoch 1, flower 37 of 100/)).toBeInTheDocument();
      if (key !== 'speed') expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveValue('500');
    });
  });

  describe('the scikit-learn step', () => {
    it('keeps the order and the update drawn', async () => {
      const user = userEvent.setup();
      const before = mount('sklearn');
      expect(before.links.at(-1)).toBe('?order=file');
      await user.click(screen.getByRole('radio', { name: /reversed/ }));
      await user.click(screen.getByRole('button', { name: /show update 2 in the picture/ }));
      expect(before.links.at(-1)).toBe('?order=reversed&update=2');
      reopens('sklearn', before);
      expect(screen.getByRole('button', { name: /show update 2 in the picture/ })).toHaveAttribute('aria-pressed', 'true');
    });

    it.each([
      ['order', 'sideways'],
      ['update', '999']
    ])('names a malformed %s and keeps the rest', (key, bad) => {
      opensWithOneBadField('sklearn', { order: 'reversed', update: '3' }, key, bad);
    });
  });

  describe('the layer of three units', () => {
    it('keeps the run’s position and speed', async () => {
      const user = userEvent.setup();
      const before = mount('three-ltus');
      await user.click(screen.getByRole('button', { name: 'End of epoch: finish this epoch' }));
      await user.click(screen.getByRole('button', { name: 'Next flower' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '2500');
      expect(before.links.at(-1)).toBe('?at=151&speed=2500');
      reopens('three-ltus', before);
      expect(screen.getByText(/Epoch 2, flower 1 of 150/)).toBeInTheDocument();
    });

    it.each([
      ['at', 'x'],
      ['speed', '3']
    ])('names a malformed %s and keeps the rest', (key, bad) => {
      opensWithOneBadField('three-ltus', { at: '20', speed: '25' }, key, bad);
    });
  });

  describe('perceptron beside logistic regression', () => {
    /** the runs are worked out when the step opens: the panel shows them (and writes its link) once they are */
    const worked = () => screen.findByText(/^Epoch \d+ of 500/, undefined, { timeout: 20_000 });

    it('keeps the epoch, the speed, the prediction and the seed, and its link opens the same view', async () => {
      const user = userEvent.setup();
      const before = mount('logistic-regression');
      await worked();
      expect(before.links.at(-1)).toBe('?epoch=0');
      await user.selectOptions(screen.getByRole('combobox', { name: /Starting weights from seed/ }), '3');
      await worked();
      await user.click(screen.getByRole('radio', { name: "The perceptron's line" }));
      await user.click(screen.getByRole('button', { name: 'Lock in my prediction' }));
      await user.click(screen.getByRole('button', { name: 'Next epoch' }));
      await user.click(screen.getByRole('button', { name: 'Next epoch' }));
      await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '100');
      expect(before.links.at(-1)).toBe('?epoch=2&speed=100&prediction=locked&further=perceptron&seed=3');
      const state = seen(before.container);
      cleanup();
      const again = mount('logistic-regression', before.links.at(-1));
      await worked();
      expect(screen.queryByRole('alert')).toBeNull();
      expect(seen(again.container)).toEqual(state);
      expect(again.links.at(-1)).toBe(before.links.at(-1));
      expect(screen.getByText(/You predicted: The perceptron's line\./)).toBeInTheDocument();
    });

    it('a link with the runs under way opens past the question', async () => {
      mount('logistic-regression', '?epoch=120');
      await worked();
      expect(screen.getByText('Epoch 120 of 500.')).toBeInTheDocument();
      expect(screen.getByText(/No prediction made\./)).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Next epoch' })).toBeEnabled();
    });

    it.each([
      ['epoch', '501'],
      ['speed', '7'],
      ['prediction', 'maybe'],
      ['further', 'both'],
      ['seed', '-4']
    ])('names a malformed %s and keeps the rest', async (key, bad) => {
      const good = { epoch: '40', speed: '500', prediction: 'locked', further: 'same', seed: '5' };
      const { links } = mount('logistic-regression', `?${new URLSearchParams({ ...good, [key]: bad })}`);
      await worked();
      expect(screen.getByRole('alert')).toHaveTextContent(new RegExp(`^The link had an unreadable value for '${key}'; using .+\\.`));
      const written = new URLSearchParams(links.at(-1));
      for (const [k, v] of Object.entries(good)) if (k !== key) expect(written.get(k), k).toBe(v);
    });
  });
});
