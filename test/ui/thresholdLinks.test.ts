import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/01-threshold-logic/steps';
import type { Step } from '../../src/lib/chapters/types';
import ThresholdCircuitPanel from '../../src/lib/ui/panels/ThresholdCircuitPanel.svelte';
import ThresholdUnitPanel from '../../src/lib/ui/panels/ThresholdUnitPanel.svelte';

/**
 * Every step of chapter 1 keeps what the learner changed in its link: change the state,
 * take the address the panel wrote, open it in a fresh panel, and the state is the
 * same; a value that cannot be read is named, and the rest of the link still holds.
 */
afterEach(() => cleanup());

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

function mount(id: string, search = '') {
  const links: string[] = [];
  const onsolved = vi.fn();
  const panel = step(id).scene === 'threshold-circuit' ? ThresholdCircuitPanel : ThresholdUnitPanel;
  render(panel, { props: { step: step(id), search, onlink: (s: string) => links.push(s), onsolved } });
  return { links, onsolved };
}

const table = () => screen.getByRole('table', { name: /truth table of your/i });

/** What the learner sees of a unit or circuit: thresholds, inputs, connection kinds, the table and the verdict. */
function seen() {
  return {
    thresholds: screen.getAllByRole('slider').map((s) => `${document.querySelector(`label[for="${s.id}"]`)?.textContent}:${(s as HTMLInputElement).value}`),
    inputs: screen.getAllByRole('button', { name: /^Input [A-D]$/ }).map((b) => b.getAttribute('aria-pressed')),
    kinds: screen.queryAllByRole('radio').map((r) => (r as HTMLInputElement).checked),
    rows: within(table()).getAllByRole('row').map((r) => `${r.getAttribute('aria-current') ?? ''} ${r.textContent?.replace(/\s+/g, ' ').trim()}`),
    verdict: screen.getAllByRole('status').map((s) => s.textContent?.trim())
  };
}

/** Opens `search` in a fresh panel and returns what it shows. */
function reopen(id: string, search: string) {
  cleanup();
  const opened = mount(id, search);
  return { ...opened, state: seen() };
}

describe('chapter 1 links', { timeout: 30_000 }, () => {
  it.each(['intro', 'and', 'or', 'two-of-three'])('the %s step writes θ, the inputs and the rows tried, and its link opens the same unit', async (id) => {
    const user = userEvent.setup();
    const { links } = mount(id);
    const raise = screen.getByRole('button', { name: 'Raise Threshold θ' });
    await user.click(raise.hasAttribute('disabled') ? screen.getByRole('button', { name: 'Lower Threshold θ' }) : raise);
    for (const input of screen.getAllByRole('button', { name: /^Input [A-D]$/ })) await user.click(input);
    const before = seen();
    const search = links.at(-1)!;
    expect(search).toMatch(/^\?theta=\d&inputs=1+&tried=[01_]+$/);
    const { state, links: again } = reopen(id, search);
    expect(state).toEqual(before);
    expect(screen.queryByRole('alert')).toBeNull();
    // opening writes the same link back: nothing was lost on the way
    expect(again.at(-1)).toBe(search);
  });

  it('the AND step: θ, inputs and rows tried, exactly', async () => {
    const user = userEvent.setup();
    const { links } = mount('and');
    expect(links.at(-1)).toBe('?theta=1');
    await user.click(screen.getByRole('button', { name: 'Raise Threshold θ' }));
    await user.click(screen.getByRole('button', { name: 'Input A' }));
    expect(links.at(-1)).toBe('?theta=2&inputs=10&tried=00_10');
  });

  it('the NOT step keeps the connection the learner made inhibitory', async () => {
    const user = userEvent.setup();
    const { links, onsolved } = mount('not');
    await user.click(within(screen.getByRole('group', { name: 'Connection from A' })).getByRole('radio', { name: /inhibitory/ }));
    await user.click(screen.getByRole('button', { name: 'Lower Threshold θ' }));
    await user.click(screen.getByRole('button', { name: 'Input A' }));
    expect(onsolved).toHaveBeenLastCalledWith(true);
    const before = seen();
    expect(links.at(-1)).toBe('?theta=0&inputs=1&kinds=i&tried=0_1');
    const { state, onsolved: solvedAgain } = reopen('not', links.at(-1)!);
    expect(state).toEqual(before);
    expect(solvedAgain).toHaveBeenLastCalledWith(true);
  });

  it('the XOR circuit step keeps every unit’s wiring, the inputs and the rows tried', async () => {
    const user = userEvent.setup();
    const { links } = mount('xor-circuit');
    expect(links.at(-1)).toBe('?h1=ee_1');
    const h1 = screen.getByRole('region', { name: 'Hidden unit h1' });
    await user.click(within(within(h1).getByRole('group', { name: 'B to h1' })).getByRole('radio', { name: /inhibitory/ }));
    await user.click(within(screen.getByRole('region', { name: 'Output unit' })).getByRole('button', { name: 'Raise Threshold of out' }));
    await user.click(screen.getByRole('button', { name: 'Input B' }));
    const before = seen();
    expect(links.at(-1)).toBe('?h1=ei_1&out=ee_2&inputs=01&tried=00_01');
    const { state } = reopen('xor-circuit', links.at(-1)!);
    expect(state).toEqual(before);
  });

  it.each([
    ['theta', '9', "The link had an unreadable value for 'theta'; using 1."],
    ['inputs', '1x', "The link had an unreadable value for 'inputs'; using 00."],
    ['kinds', 'ii', "The link had an unreadable value for 'kinds'; using ee."],
    ['tried', '00_2', "The link had an unreadable value for 'tried'; using 00."]
  ])('a malformed %s on the AND step is named, and the rest of the link kept', (key, bad, notice) => {
    const good = { theta: '2', inputs: '01', tried: '00_01_11' } as Record<string, string>;
    const search = new URLSearchParams({ ...good, [key]: bad });
    mount('and', `?${search}`);
    expect(screen.getByRole('alert')).toHaveTextContent(notice);
    const state = seen();
    if (key !== 'theta') expect(state.thresholds).toEqual(['Threshold θ:2']);
    if (key !== 'inputs') expect(state.inputs).toEqual(['false', 'true']);
    if (key !== 'tried') {
      // rows 00, 01 and 11 were tried: their outputs are shown, row 10 keeps its "?"
      const outputs = within(table()).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2].textContent?.trim());
      expect(outputs[0]).toBe('0');
      expect(outputs[2]).toMatch(/not tried/);
      expect(outputs[3]).not.toMatch(/not tried/);
    }
  });

  it.each([
    ['h1', 'ex_1', "The link had an unreadable value for 'h1'; using ee_1."],
    ['h2', 'ee_4', "The link had an unreadable value for 'h2'; using ee_2."],
    ['out', 'e_1', "The link had an unreadable value for 'out'; using ee_1."],
    ['inputs', '2', "The link had an unreadable value for 'inputs'; using 00."],
    ['tried', 'x', "The link had an unreadable value for 'tried'; using 00."]
  ])('a malformed %s on the XOR circuit step is named, and the rest of the link kept', (key, bad, notice) => {
    const good = { h1: 'ei_1', h2: 'ie_1', out: 'ei_1', inputs: '10', tried: '00_10' } as Record<string, string>;
    mount('xor-circuit', `?${new URLSearchParams({ ...good, [key]: bad })}`);
    expect(screen.getByRole('alert')).toHaveTextContent(notice);
    const value = (name: string) => (screen.getByRole('slider', { name }) as HTMLInputElement).value;
    if (key !== 'h1') expect(within(screen.getByRole('group', { name: 'B to h1' })).getByRole('radio', { name: /inhibitory/ })).toBeChecked();
    if (key !== 'h2') expect(value('Threshold of h2')).toBe('1');
    if (key !== 'inputs') expect(screen.getByRole('button', { name: 'Input A' })).toHaveAttribute('aria-pressed', 'true');
    if (key !== 'out') expect(within(screen.getByRole('group', { name: 'h2 to out' })).getByRole('radio', { name: /inhibitory/ })).toBeChecked();
  });

  it('a link that names none of the step’s keys opens the step’s start', () => {
    mount('and', '?seed=7');
    expect(screen.getByRole('slider', { name: 'Threshold θ' })).toHaveValue('1');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('a gate counts as solved only once every row is tried', { timeout: 30_000 }, () => {
  it('the right θ alone does not solve AND: each row has to be set, one by one', async () => {
    const user = userEvent.setup();
    const { onsolved } = mount('and');
    await user.click(screen.getByRole('button', { name: 'Raise Threshold θ' }));
    expect(onsolved).toHaveBeenLastCalledWith(false);
    expect(screen.getAllByText('not tried yet')).toHaveLength(3);
    expect(screen.getByRole('status')).toHaveTextContent('The rows you have tried are right, and 3 rows are still untried.');
    await user.click(screen.getByRole('button', { name: 'Input B' }));
    await user.click(screen.getByRole('button', { name: 'Input A' }));
    expect(onsolved).toHaveBeenLastCalledWith(false);
    expect(screen.getByRole('status')).toHaveTextContent('1 row is still untried');
    await user.click(screen.getByRole('button', { name: 'Input B' }));
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(screen.getByRole('status')).toHaveTextContent('Solved: your unit computes AND on all 4 rows.');
  });

  it('“Check every row” walks the inputs through the rows, and the step is solved when the walk has seen them all', async () => {
    const user = userEvent.setup();
    const { onsolved, links } = mount('or');
    await user.click(screen.getByRole('button', { name: 'Lower Threshold θ' }));
    await user.click(screen.getByRole('button', { name: 'Check every row' }));
    // the first row at once, the others half a second apart
    expect(screen.getByRole('button', { name: 'Checking every row…' })).toHaveAttribute('aria-disabled', 'true');
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Solved: your unit computes OR on all 4 rows.'), { timeout: 5000 });
    expect(onsolved).toHaveBeenLastCalledWith(true);
    // the inputs were walked to the last row, and the link holds every row
    expect(screen.getByRole('button', { name: 'Input A' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Input B' })).toHaveAttribute('aria-pressed', 'true');
    expect(links.at(-1)).toBe('?theta=1&inputs=11&tried=00_01_10_11');
    // every row written in the link passes through the address in turn
    expect(links.map((l) => new URLSearchParams(l).get('inputs'))).toEqual(expect.arrayContaining(['01', '10', '11']));
  });

  it('a circuit is solved the same way: the right wiring, then every row', async () => {
    const user = userEvent.setup();
    const { onsolved } = mount('xor-circuit');
    await user.click(within(screen.getByRole('group', { name: 'h2 to out' })).getByRole('radio', { name: /inhibitory/ }));
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await user.click(screen.getByRole('button', { name: 'Check every row' }));
    await waitFor(() => expect(onsolved).toHaveBeenLastCalledWith(true), { timeout: 5000 });
    expect(screen.getByRole('status')).toHaveTextContent('Solved: your circuit computes XOR on all 4 rows.');
  });
});
