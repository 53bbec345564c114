import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/01-threshold-logic/steps';
import type { Step } from '../../src/lib/chapters/types';
import ThresholdUnitPanel from '../../src/lib/ui/panels/ThresholdUnitPanel.svelte';

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

function rowOf(table: HTMLElement, ...bits: number[]): HTMLElement {
  const rows = within(table).getAllByRole('row').slice(1);
  const row = rows.find((r) => within(r).getAllByRole('cell').slice(0, bits.length).map((c) => c.textContent?.trim()).join() === bits.join());
  if (!row) throw new Error(`no row ${bits.join('')}`);
  return row;
}

function mount(id: string) {
  const onsolved = vi.fn();
  const onstate = vi.fn();
  // the link stays with the test, not in the shared page's address
  render(ThresholdUnitPanel, { props: { step: step(id), onsolved, onstate, search: '', onlink: () => {} } });
  const table = screen.getByRole('table', { name: /truth table of your unit/i });
  return { onsolved, onstate, table };
}

afterEach(() => cleanup());

// the first mount pays for importing pixi.js, slow on a busy two-core machine
describe('ThresholdUnitPanel', { timeout: 30_000 }, () => {
  it('says in words what the picture shows when no renderer is available, instead of a blank panel', async () => {
    mount('and');
    const fallback = await screen.findByText(/cannot be drawn in this browser/i, {}, { timeout: 15_000 });
    expect(fallback).toBeVisible();
    expect(screen.getByRole('img', { name: /unit with inputs A off, B off; sum 0, threshold 1: does not fire/i })).toBeInTheDocument();
  });

  it('toggles an input with a click: output, text alternative and truth table follow', async () => {
    const { table } = mount('and');
    const a = screen.getByRole('button', { name: 'Input A' });
    expect(a).toHaveAttribute('aria-pressed', 'false');
    expect(within(rowOf(table, 1, 0)).getAllByRole('cell')[2]).toHaveTextContent('?');

    await userEvent.click(a);

    expect(a).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('C = 1')).toBeInTheDocument();
    const row = rowOf(table, 1, 0);
    expect(row).toHaveAttribute('aria-current', 'true');
    expect(within(row).getAllByRole('cell')[2]).toHaveTextContent('1');
    expect(rowOf(table, 0, 0)).not.toHaveAttribute('aria-current');
    expect(await screen.findByRole('img', { name: /A on, B off; sum 1, threshold 1: fires/i }, { timeout: 15_000 })).toBeInTheDocument();
  });

  it('toggles inputs from the keyboard with Space and Enter', async () => {
    const user = userEvent.setup();
    const { table } = mount('and');
    const a = screen.getByRole('button', { name: 'Input A' });
    const b = screen.getByRole('button', { name: 'Input B' });
    a.focus();
    await user.keyboard(' ');
    expect(a).toHaveAttribute('aria-pressed', 'true');
    b.focus();
    await user.keyboard('{Enter}');
    expect(b).toHaveAttribute('aria-pressed', 'true');
    expect(rowOf(table, 1, 1)).toHaveAttribute('aria-current', 'true');
    expect(within(rowOf(table, 1, 1)).getAllByRole('cell')[2]).toHaveTextContent('1');
    await user.keyboard('{Enter}');
    expect(b).toHaveAttribute('aria-pressed', 'false');
  });

  it('changes the threshold with the slider and the buttons, within 0 to inputs + 1', async () => {
    const { onstate } = mount('and');
    const slider = screen.getByRole('slider', { name: 'Threshold θ' });
    expect(slider).toHaveValue('1');
    expect(slider).toHaveAttribute('max', '3');
    await fireEvent.input(slider, { target: { value: '3' } });
    expect(onstate).toHaveBeenLastCalledWith(expect.objectContaining({ threshold: 3 }));
    expect(screen.getByRole('button', { name: 'Raise Threshold θ' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Lower Threshold θ' }));
    expect(slider).toHaveValue('2');
    expect(onstate).toHaveBeenLastCalledWith(expect.objectContaining({ threshold: 2 }));
  });

  it('names the wrong row, then reports the task solved', async () => {
    const { onsolved } = mount('and');
    expect(screen.getByText(/set the threshold so that this unit computes AND/i)).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(false);
    // θ = 1 is OR: on A alone it fires where AND stays silent
    await userEvent.click(screen.getByRole('button', { name: 'Input A' }));
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Row A = 1, B = 0 is wrong: your unit gives C = 1, but AND needs 0.');

    await userEvent.click(screen.getByRole('button', { name: 'Raise Threshold θ' }));
    // right on the rows tried, but two are still unseen
    expect(status).toHaveTextContent('The rows you have tried are right, and 2 rows are still untried.');
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await userEvent.click(screen.getByRole('button', { name: 'Input B' }));
    await userEvent.click(screen.getByRole('button', { name: 'Input A' }));
    expect(status).toHaveTextContent('Solved: your unit computes AND on all 4 rows.');
    expect(onsolved).toHaveBeenLastCalledWith(true);

    await userEvent.click(screen.getByRole('button', { name: 'Raise Threshold θ' }));
    expect(onsolved).toHaveBeenLastCalledWith(false);
  });

  it('says when the tried rows are right but others are untried, without telling whether they are, and checks every row on request', async () => {
    mount('and');
    // at A = 0, B = 0 the OR-like start is right; the wrong rows are untried
    expect(screen.getByRole('status')).toHaveTextContent('The rows you have tried are right, and 3 rows are still untried.');
    await userEvent.click(screen.getByRole('button', { name: 'Check every row' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Row A = 0, B = 1 is wrong'), { timeout: 5000 });
  });

  it('lets the learner make a connection inhibitory where the step allows it (NOT)', async () => {
    const { onsolved } = mount('not');
    const group = screen.getByRole('group', { name: 'Connection from A' });
    await userEvent.click(within(group).getByRole('radio', { name: /inhibitory/ }));
    expect(within(group).getByRole('radio', { name: /inhibitory/ })).toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Lower Threshold θ' }));
    expect(screen.getByRole('status')).toHaveTextContent('1 row is still untried');
    await userEvent.click(screen.getByRole('button', { name: 'Input A' }));
    expect(screen.getByRole('status')).toHaveTextContent('Solved: your unit computes NOT');
    expect(onsolved).toHaveBeenLastCalledWith(true);
  });

  it('offers no kind switch where the step fixes the wiring', () => {
    mount('and');
    expect(screen.queryByRole('radio')).toBeNull();
  });

  it('renders the firing rule with KaTeX, with the live numbers put in', async () => {
    mount('two-of-three');
    expect(document.querySelector('.katex-display')).not.toBeNull();
    expect(screen.getByRole('slider', { name: 'Threshold θ' })).toHaveAttribute('max', '4');
    expect(screen.getByRole('table', { name: /truth table/i }).querySelectorAll('tbody tr')).toHaveLength(8);
  });
});
