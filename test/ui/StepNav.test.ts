import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import StepNav from '../../src/lib/ui/StepNav.svelte';

const steps = ['intro', 'and', 'or', 'not', 'xor'].map((id) => ({ id, title: `The ${id.toUpperCase()} step`, href: `/chapter/gates/${id}/` }));

function setup(current: number, extra: Record<string, unknown> = {}) {
  const onnavigate = vi.fn();
  const at = (i: number) => (i >= 0 && i < steps.length ? { title: steps[i].title, href: steps[i].href } : undefined);
  const result = render(StepNav, { props: { steps, current, prev: at(current - 1), next: at(current + 1), onnavigate, ...extra } });
  return { onnavigate, ...result };
}

afterEach(cleanup);

describe('StepNav', () => {
  it('says where the learner is, in words and as a progress bar', () => {
    setup(2);
    expect(screen.getByText('Step 3 of 5')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Step 3 of 5' });
    expect(bar).toHaveAttribute('aria-valuenow', '3');
    expect(bar).toHaveAttribute('aria-valuemin', '1');
    expect(bar).toHaveAttribute('aria-valuemax', '5');
  });

  it('moves to the previous and next step with its buttons', async () => {
    const user = userEvent.setup();
    const { onnavigate } = setup(2);
    await user.click(screen.getByRole('link', { name: /^next/i }));
    expect(onnavigate).toHaveBeenLastCalledWith('/chapter/gates/not/');
    await user.click(screen.getByRole('link', { name: /previous/i }));
    expect(onnavigate).toHaveBeenLastCalledWith('/chapter/gates/and/');
    expect(screen.getByRole('link', { name: /^next/i })).toHaveTextContent('The NOT step');
  });

  it('moves with the arrow keys', async () => {
    const user = userEvent.setup();
    const { onnavigate } = setup(1);
    await user.keyboard('{ArrowRight}');
    expect(onnavigate).toHaveBeenLastCalledWith('/chapter/gates/or/');
    await user.keyboard('{ArrowLeft}');
    expect(onnavigate).toHaveBeenLastCalledWith('/chapter/gates/intro/');
    expect(onnavigate).toHaveBeenCalledTimes(2);
  });

  it('leaves the arrow keys to a focused slider or text field, and to modified keys', async () => {
    const user = userEvent.setup();
    const { onnavigate } = setup(1);
    const slider = document.createElement('input');
    slider.type = 'range';
    const field = document.createElement('input');
    const widget = document.createElement('div');
    widget.setAttribute('role', 'slider');
    widget.tabIndex = 0;
    document.body.append(slider, field, widget);
    for (const element of [slider, field, widget]) {
      element.focus();
      await user.keyboard('{ArrowRight}{ArrowLeft}');
    }
    document.body.focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}{Alt>}{ArrowLeft}{/Alt}');
    expect(onnavigate).not.toHaveBeenCalled();
    slider.remove();
    field.remove();
    widget.remove();
  });

  it('has no Previous on the first step, and the arrow key then does nothing', async () => {
    const user = userEvent.setup();
    const { onnavigate } = setup(0);
    expect(screen.queryByRole('link', { name: /previous/i })).toBeNull();
    await user.keyboard('{ArrowLeft}');
    expect(onnavigate).not.toHaveBeenCalled();
  });

  it('is reachable by keyboard in reading order: Previous, Next, then each step', async () => {
    const user = userEvent.setup();
    setup(2);
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await user.tab();
      order.push(document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    }
    expect(order[0]).toMatch(/^← Previous/);
    expect(order[1]).toMatch(/^Next →/);
    expect(order.slice(2)).toEqual(steps.map((s, i) => `${i + 1} Step ${i + 1}: ${s.title}`));
  });

  it('marks the current step and the solved ones', () => {
    setup(1, { solved: [true, false, true, false, false] });
    const links = within(screen.getByRole('list')).getAllByRole('link');
    expect(links).toHaveLength(5);
    expect(links[1]).toHaveAttribute('aria-current', 'step');
    expect(links[0]).toHaveAccessibleName('Step 1: The INTRO step (solved)');
    expect(links[1]).toHaveAccessibleName('Step 2: The AND step');
    expect(links[2]).toHaveTextContent('✓');
  });

  it('reports the goal status, and lets the learner go on either way', () => {
    const unmet = setup(1, { goal: 'unmet' });
    expect(screen.getByRole('status')).toHaveTextContent('Goal not met yet. You may still move on.');
    expect(screen.getByRole('link', { name: /^next/i })).toHaveAttribute('href');
    unmet.unmount();
    const met = setup(1, { goal: 'met', solved: [false, true] });
    expect(screen.getByRole('status')).toHaveTextContent('Goal met.');
    met.unmount();
    setup(1, { goal: 'unmet', solved: [false, true] });
    expect(screen.getByRole('status')).toHaveTextContent('You solved this step earlier');
  });

  it('follows a step link through onnavigate', async () => {
    const user = userEvent.setup();
    const { onnavigate } = setup(0);
    await user.click(screen.getByRole('link', { name: /Step 4/ }));
    expect(onnavigate).toHaveBeenCalledWith('/chapter/gates/not/');
  });
});
