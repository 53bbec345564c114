import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/03-xor-and-the-winter/steps';
import type { Step } from '../../src/lib/chapters/types';
import HandLinePanel from '../../src/lib/ui/panels/HandLinePanel.svelte';
import { linkPlace } from './stepLinks';

const spec = steps.find((s) => s.id === 'no-line')!;
const step: Step = { ...spec, index: steps.indexOf(spec), title: 'no-line', html: '' };

afterEach(() => cleanup());

function wrongRows(): string[] {
  const table = screen.getByRole('table', { name: /each point against your line/i });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .filter((r) => r.textContent?.includes('wrong'))
    .map((r) => within(r).getByRole('rowheader').textContent ?? '');
}

describe('HandLinePanel', { timeout: 30_000 }, () => {
  it('lists the wrong points of the starting line, the vertical x₁ = 0.3 firing on its left', () => {
    render(HandLinePanel, { props: { step, ...linkPlace().place } });
    expect(wrongRows()).toEqual(['(0, 0)', '(1, 0)']);
    expect(screen.getByText(/2 points are on the wrong side: \(0, 0\) should give 0; \(1, 0\) should give 1\./)).toBeInTheDocument();
  });

  it('turns, shifts and flips the line from the keyboard alone, relisting the wrong points every time', async () => {
    const user = userEvent.setup();
    const onsolved = vi.fn();
    const onstate = vi.fn();
    render(HandLinePanel, { props: { step, onsolved, onstate, ...linkPlace().place } });
    expect(onsolved).toHaveBeenLastCalledWith(false);
    const angle = screen.getByRole('slider', { name: /turn the line/i });
    const offset = screen.getByRole('slider', { name: /shift the line/i });

    await user.click(angle);
    await user.keyboard('{PageUp}{PageUp}{PageUp}');
    expect(angle).toHaveValue('135');
    // the anti-diagonal x₁ + x₂ ≈ 0.72, firing towards (0, 0): only (1, 1) is right
    expect(wrongRows()).toEqual(['(0, 0)', '(0, 1)', '(1, 0)']);

    await user.tab();
    expect(offset).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowDown}');
    expect(offset).toHaveValue('0.1');
    await user.tab();
    const flip = screen.getByRole('button', { name: /flip the side that fires/i });
    expect(flip).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(flip).toHaveAttribute('aria-pressed', 'true');
    expect(wrongRows()).toEqual(['(1, 1)']);
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(screen.getByText(/Fewest wrong so far: 1\./)).toBeInTheDocument();
    expect(onstate).toHaveBeenLastCalledWith({ angle: 135, offset: 0.1, flipped: true });
  });

  it('wraps the angle (a line turned half round is the same line) and clamps the shift', async () => {
    const user = userEvent.setup();
    render(HandLinePanel, { props: { step, ...linkPlace().place } });
    const angle = screen.getByRole('slider', { name: /turn the line/i });
    const offset = screen.getByRole('slider', { name: /shift the line/i });
    await user.click(angle);
    await user.keyboard('{Home}');
    expect(angle).toHaveValue('0');
    await user.keyboard('{ArrowLeft}');
    expect(angle).toHaveValue('179');
    await user.click(offset);
    await user.keyboard('{End}{PageUp}');
    expect(offset).toHaveValue('0.7');
  });

  it('shows the two sums XOR cannot separate, equal for the line on show', () => {
    render(HandLinePanel, { props: { step, ...linkPlace().place } });
    const sums = screen.getByText(/The two 1s: z\(0, 1\) \+ z\(1, 0\) =/);
    const values = within(sums).getAllByRole('strong').map((s) => s.textContent);
    expect(values).toHaveLength(2);
    expect(values[0]).toBe(values[1]);
  });
});
