import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/01-threshold-logic/steps';
import type { Step } from '../../src/lib/chapters/types';
import ThresholdCircuitPanel from '../../src/lib/ui/panels/ThresholdCircuitPanel.svelte';

afterEach(() => cleanup());

function mount() {
  const spec = steps.find((s) => s.id === 'xor-circuit')!;
  const onsolved = vi.fn();
  const onstate = vi.fn();
  // the link stays with the test, not in the shared page's address
  render(ThresholdCircuitPanel, { props: { step: { ...spec, index: 5, title: 'XOR', html: '' } satisfies Step, onsolved, onstate, search: '', onlink: () => {} } });
  return { onsolved, onstate };
}

function unit(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

async function setKind(region: HTMLElement, group: string, kind: 'excitatory' | 'inhibitory'): Promise<void> {
  await userEvent.click(within(within(region).getByRole('group', { name: group })).getByRole('radio', { name: new RegExp(kind) }));
}

describe('ThresholdCircuitPanel', { timeout: 30_000 }, () => {
  it('shows that no single unit computes XOR, from the exhaustive search', () => {
    mount();
    const search = screen.getByRole('region', { name: 'Could one unit do it?' });
    expect(search).toHaveTextContent('16 units in all');
    expect(search).toHaveTextContent('None computes XOR');
    expect(search).toHaveTextContent('The best still get 1 row wrong');
    expect(within(search).getAllByRole('row')).toHaveLength(17);
  });

  it('starts as OR: wrong on A = 1, B = 1 once the learner gets there', async () => {
    const { onsolved } = mount();
    await userEvent.click(screen.getByRole('button', { name: 'Input A' }));
    await userEvent.click(screen.getByRole('button', { name: 'Input B' }));
    expect(screen.getByRole('status')).toHaveTextContent('Row A = 1, B = 1 is wrong: your circuit gives C = 1, but XOR needs 0.');
    expect(onsolved).toHaveBeenLastCalledWith(false);
    const table = screen.getByRole('table', { name: /truth table of your circuit/i });
    const current = within(table).getAllByRole('row').find((r) => r.getAttribute('aria-current') === 'true')!;
    // A, B, h1, h2, C: both hidden units fire on 11
    expect(within(current).getAllByRole('cell').slice(0, 5).map((c) => c.textContent?.trim())).toEqual(['1', '1', '1', '1', '1']);
  });

  it('is solved by hidden units for "A and not B" and "B and not A"', async () => {
    const { onsolved } = mount();
    const h1 = unit('Hidden unit h1');
    const h2 = unit('Hidden unit h2');
    await setKind(h1, 'B to h1', 'inhibitory');
    await setKind(h2, 'A to h2', 'inhibitory');
    await userEvent.click(within(h2).getByRole('button', { name: 'Lower Threshold of h2' }));
    expect(within(h2).getByRole('slider', { name: 'Threshold of h2' })).toHaveValue('1');
    // the wiring is right; the learner still sees it on every row: 10, 11, 01
    expect(onsolved).toHaveBeenLastCalledWith(false);
    for (const input of ['A', 'B', 'A']) await userEvent.click(screen.getByRole('button', { name: `Input ${input}` }));
    expect(screen.getByRole('status')).toHaveTextContent('Solved: your circuit computes XOR on all 4 rows.');
    expect(onsolved).toHaveBeenLastCalledWith(true);
  });

  it('is solved too by OR held back by AND, through the output unit', async () => {
    const { onsolved, onstate } = mount();
    await setKind(unit('Output unit'), 'h2 to out', 'inhibitory');
    for (const input of ['A', 'B', 'A']) await userEvent.click(screen.getByRole('button', { name: `Input ${input}` }));
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(onstate).toHaveBeenLastCalledWith(
      expect.objectContaining({ output: { kinds: ['excitatory', 'inhibitory'], threshold: 1 } })
    );
  });
});
