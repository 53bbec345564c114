import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../src/lib/chapters/types';
import { parseUrlState } from '../../src/lib/sim/urlState';
import PlaygroundPanel from '../../src/lib/ui/panels/PlaygroundPanel.svelte';
import { inProcessWorker } from '../sim/training/inProcessWorker';

const step: Step = { id: 'playground', scene: 'playground', index: 4, title: 'Playground', html: '' };

function mount(search = '', backend?: string) {
  const links: string[] = [];
  render(PlaygroundPanel, { props: { step, seed: 42, search, backend, workerFactory: inProcessWorker, onlink: (s: string) => links.push(s) } });
  return { links };
}

afterEach(() => cleanup());

describe('PlaygroundPanel', { timeout: 60_000 }, () => {
  it('shapes the network from the keyboard: layers, units and each layer’s activation, all into the link', async () => {
    const user = userEvent.setup();
    const { links } = mount('?seed=7');
    const shape = screen.getByRole('group', { name: 'Network shape' });
    expect(within(shape).getByText('2')).toBeInTheDocument();
    within(shape).getByRole('button', { name: 'Add a hidden layer' }).focus();
    await user.keyboard('{Enter}');
    expect(within(shape).getByText('Layer 3')).toBeInTheDocument();
    within(shape).getByRole('button', { name: 'More units in layer 3' }).focus();
    await user.keyboard(' ');
    expect(within(shape).getByText('3 units')).toBeInTheDocument();
    await user.selectOptions(within(shape).getByLabelText('Activation of layer 3'), 'relu');
    expect(links.at(-1)).toBe('?seed=7&layers=4t%2C2t%2C3r');
    within(shape).getByRole('button', { name: 'Remove a hidden layer' }).focus();
    await user.keyboard('{Enter}{Enter}{Enter}');
    expect(within(shape).getByText('0')).toBeInTheDocument();
    expect(within(shape).getByRole('button', { name: 'Remove a hidden layer' })).toBeDisabled();
    expect(links.at(-1)).toBe('?seed=7&layers=0');
  });

  it('reads a shared link, and says which of its values it could not read', () => {
    mount('?data=moons&layers=9z&lr=0.3&inputs=x1,x1sq');
    expect(screen.getByRole('radio', { name: 'Two moons' })).toBeChecked();
    expect(screen.getByLabelText('Learning rate')).toHaveValue('0.3');
    expect(screen.getByRole('checkbox', { name: 'x₁²' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'x₂' })).not.toBeChecked();
    expect(screen.getByRole('alert')).toHaveTextContent("The link had an unreadable value for 'layers'; using 4t,2t.");
  });

  it('trains one epoch at a time from the keyboard and draws both loss curves', async () => {
    const user = userEvent.setup();
    mount('?data=xor&lr=0.3');
    screen.getByRole('button', { name: 'Train one epoch' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByText('1', { selector: '[data-testid="epoch"]' }, { timeout: 20_000 });
    await user.keyboard('{Enter}');
    await screen.findByText('2', { selector: '[data-testid="epoch"]' }, { timeout: 20_000 });
    expect(screen.getByRole('img', { name: /Loss after 2 epochs: training \d\.\d{3}, test \d\.\d{3}/ })).toBeInTheDocument();
    // the worker's own choice and its reason, not a backend the panel pretends the link asked for
    expect(screen.getByText('training on: plain JavaScript, op by op — the only backend that works here')).toBeInTheDocument();
  });

  it('at rate 10 training stops after its epoch, with one sentence saying what happened and the rate to try', async () => {
    const user = userEvent.setup();
    mount('?data=circles&lr=10');
    await user.click(screen.getByRole('button', { name: 'Train' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 20_000 });
    expect(alert).toHaveTextContent(/^Training stopped\. After epoch 1 the network answers “(inner disc|outer ring)” for .* test points .* lower the learning rate from 10 to 1\.$/);
    expect(alert.querySelectorAll('p')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Train' })).toBeEnabled();
  });

  it('trains on the backend a link names, and says why op by op', async () => {
    const user = userEvent.setup();
    mount('?data=xor', parseUrlState('?backend=wasm').values.backend);
    await user.click(screen.getByRole('button', { name: 'Train one epoch' }));
    await screen.findByText('1', { selector: '[data-testid="epoch"]' }, { timeout: 20_000 });
    expect(
      screen.getByText(/^training on: WebAssembly SIMD \(our kernels\), op by op: the loss binaryCrossentropy runs op by op .* — chosen by \?backend=wasm$/)
    ).toBeInTheDocument();
  });

  it('edits a weight picked from the list, with Enter, and refuses what is not a number', async () => {
    const user = userEvent.setup();
    mount('?layers=2t');
    await screen.findByRole('option', { name: 'x₂ → h₁' });
    await user.selectOptions(screen.getByLabelText('Weight'), '0:1:0');
    const field = screen.getByLabelText('x₂ → h₁');
    await user.clear(field);
    await user.type(field, 'abc{Enter}');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Type a number between −100 and 100.');
    await user.clear(field);
    await user.type(field, '2.5{Enter}');
    await user.tab();
    expect(field).toHaveValue('2.500');
    expect(await screen.findByRole('img', { name: /x₂→h₁ \+2\.50/ })).toBeInTheDocument();
  });

  it('asks for a prediction, sets the question up, and compares after the run', async () => {
    const user = userEvent.setup();
    mount();
    await user.click(screen.getByRole('radio', { name: 'No' }));
    await user.click(screen.getByRole('button', { name: 'Lock in and set it up' }));
    expect(screen.getByText(/You said/)).toHaveTextContent('You said no.');
    expect(screen.getByText(/0/, { selector: '.head strong' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Train' }));
    await screen.findByText(/So the answer is/, {}, { timeout: 50_000 });
    expect(screen.getByText(/So the answer is/)).toHaveTextContent(/After 100 epochs it classifies \d+% of the test points correctly.*answer is no, as you predicted/);
  });
});
