import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/03-xor-and-the-winter/steps';
import type { Step } from '../../src/lib/chapters/types';
import Timeline from '../../src/lib/ui/Timeline.svelte';
import WinterTimelinePanel from '../../src/lib/ui/panels/WinterTimelinePanel.svelte';
import { linkPlace } from './stepLinks';
import { readTimelineStart } from '../../src/lib/sim/timeline';
import { moveSelection } from '../../src/lib/ui/timeline';

const spec = steps.find((s) => s.id === 'winter')!;
const start = readTimelineStart(spec.start)!;

afterEach(() => cleanup());

describe('Timeline', () => {
  it('reads the chapter’s events in year order, from 1943 to 1997', () => {
    expect(start.events.map((e) => e.year)).toEqual([1943, 1956, 1957, 1966, 1969, 1970, 1973, 1981, 1997]);
    expect(readTimelineStart({ events: [] })).toBeUndefined();
  });

  it('moves with arrows, stops at the ends, and jumps with Home and End', () => {
    expect(moveSelection('ArrowRight', 0, 9)).toBe(1);
    expect(moveSelection('ArrowRight', 8, 9)).toBe(8);
    expect(moveSelection('ArrowLeft', 0, 9)).toBe(0);
    expect(moveSelection('End', 2, 9)).toBe(8);
    expect(moveSelection('Home', 5, 9)).toBe(0);
    expect(moveSelection('a', 5, 9)).toBeNull();
  });

  it('is one tab stop; arrow keys move focus and selection, and the panel shows the quote exactly', async () => {
    const user = userEvent.setup();
    const onselect = vi.fn();
    render(Timeline, { props: { events: start.events, eras: start.eras, label: 'History', onselect } });
    const tablist = screen.getByRole('tablist', { name: 'History' });
    const tabs = within(tablist).getAllByRole('tab');
    expect(tabs).toHaveLength(9);
    expect(tabs.filter((t) => t.tabIndex === 0)).toHaveLength(1);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');

    await user.tab();
    expect(tabs[0]).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(tabs[1]).toHaveFocus();
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
    expect(tabs[0]).toHaveAttribute('aria-selected', 'false');
    expect(onselect).toHaveBeenLastCalledWith(1);
    const panel = screen.getByRole('tabpanel');
    expect(panel).toHaveAccessibleName(/1956/);
    expect(within(panel).getByText(/Every aspect of learning or other feature of intelligence can in principle be so precisely described that a machine can be made to simulate it/)).toBeInTheDocument();

    await user.keyboard('{End}');
    expect(tabs[8]).toHaveFocus();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Deep Blue');
    await user.keyboard('{ArrowRight}');
    expect(tabs[8]).toHaveFocus();
    await user.keyboard('{Home}');
    expect(tabs[0]).toHaveFocus();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('1943');

    // Tab leaves the list for the panel: one stop for the whole timeline
    await user.tab();
    expect(screen.getByRole('tabpanel')).toHaveFocus();
  });

  it('says which era an event falls in to a screen reader', () => {
    render(Timeline, { props: { events: start.events, eras: start.eras } });
    expect(screen.getByRole('tab', { name: /1973.*Lighthill.*1970s: the AI winter/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /1957.*Rosenblatt/ })).not.toHaveAccessibleName(/winter/);
  });
});

describe('WinterTimelinePanel', () => {
  it('meets its goal once every event has been opened from the keyboard, and marks the approach of the event', async () => {
    const user = userEvent.setup();
    const onsolved = vi.fn();
    const step: Step = { ...spec, index: steps.indexOf(spec), title: 'winter', html: '' };
    render(WinterTimelinePanel, { props: { step, onsolved, ...linkPlace().place } });
    expect(onsolved).toHaveBeenLastCalledWith(false);
    expect(screen.getByRole('region', { name: 'Bottom up' })).toHaveTextContent('this event');
    await user.tab();
    for (let i = 1; i < 9; i++) {
      await user.keyboard('{ArrowRight}');
      if (i < 8) expect(onsolved).toHaveBeenLastCalledWith(false);
    }
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(screen.getByText('You have opened all 9 events.')).toBeInTheDocument();
    // Deep Blue: rules and search written by people
    expect(screen.getByRole('region', { name: 'Top down' })).toHaveTextContent('this event');
    expect(screen.getByRole('region', { name: 'Top down' })).toHaveTextContent('Brittle & expensive');
  });
});
