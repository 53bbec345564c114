/**
 * Every step of chapter 3 keeps what the learner changes in its link: change it by
 * keyboard or pointer, read the link the panel wrote, open that link in a fresh panel
 * and find the same state; a value the link cannot give gets the usual notice, and the
 * rest of the link still holds.
 */
import { cleanup, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { steps } from '../../chapters/03-xor-and-the-winter/steps';
import type { Step } from '../../src/lib/chapters/types';
import { handLineLink, lineOnLinkGrid } from '../../src/lib/sim/links/chapter3Links';
import { readLink } from '../../src/lib/sim/urlState';
import HandLinePanel from '../../src/lib/ui/panels/HandLinePanel.svelte';
import PerceptronThrashPanel from '../../src/lib/ui/panels/PerceptronThrashPanel.svelte';
import TwoLayersPanel from '../../src/lib/ui/panels/TwoLayersPanel.svelte';
import WinterTimelinePanel from '../../src/lib/ui/panels/WinterTimelinePanel.svelte';
import XorNeverPanel from '../../src/lib/ui/panels/XorNeverPanel.svelte';
import { described, linkPlace } from './stepLinks';

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

const alert = () => screen.getByRole('alert');
const text = (selector: string) => document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

afterEach(() => cleanup());

describe('xor-never', { timeout: 30_000 }, () => {
  const state = async () => ({
    pictures: await described(2),
    status: text('.status'),
    loop: text('.loop'),
    speed: (screen.getByRole('combobox', { name: 'Speed' }) as HTMLSelectElement).value,
    running: screen.getByRole('button', { name: 'Next row' }).hasAttribute('disabled')
  });

  it('opens the start, the place in the run and the speed a link names', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(XorNeverPanel, { props: { step: step('xor-never'), ...first.place } });
    expect(first.last()).toBe('?start=0');
    await user.click(screen.getByRole('radio', { name: /No, it will go on making mistakes/ }));
    await user.click(screen.getByRole('button', { name: 'Lock in my prediction' }));
    await user.click(screen.getByRole('button', { name: 'Try another start' }));
    screen.getByRole('button', { name: 'Next row' }).focus();
    await user.keyboard('{Enter}{Enter}');
    await user.click(screen.getByRole('button', { name: 'End of epoch: finish this epoch' }));
    await user.click(screen.getByRole('button', { name: 'End of epoch: finish this epoch' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '25');
    expect(first.last()).toBe('?start=1&at=8&speed=25');
    const before = await state();
    expect(before.status).toMatch(/^Epoch 2, row \(1, 1\)/);
    cleanup();

    render(XorNeverPanel, { props: { step: step('xor-never'), ...linkPlace(first.last()).place } });
    // a link with the rule under way does not wait for a prediction
    expect(await state()).toEqual(before);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names an unreadable start and speed, and keeps the place in the run', () => {
    render(XorNeverPanel, { props: { step: step('xor-never'), ...linkPlace('?start=first&at=5&speed=3').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'start'; using 0.");
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'speed'; using 5.");
    expect(text('.status')).toMatch(/^Epoch 2, row \(0, 0\)/);
    expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveValue('5');
  });
});

describe('no-line', { timeout: 30_000 }, () => {
  const state = async () => ({
    pictures: await described(1),
    angle: (screen.getByRole('slider', { name: /turn the line/i }) as HTMLInputElement).value,
    offset: (screen.getByRole('slider', { name: /shift the line/i }) as HTMLInputElement).value,
    flipped: screen.getByRole('button', { name: /flip the side that fires/i }).getAttribute('aria-pressed'),
    judged: text('.hand-line')
  });

  it('opens the line a link names, turned, shifted and flipped', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(HandLinePanel, { props: { step: step('no-line'), ...first.place } });
    await user.click(screen.getByRole('slider', { name: /turn the line/i }));
    await user.keyboard('{PageUp}{ArrowUp}');
    await user.tab();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    await user.tab();
    await user.keyboard('{Enter}');
    expect(first.last()).toBe('?angle=106&offset=0.06&flip=1');
    const before = await state();
    cleanup();

    render(HandLinePanel, { props: { step: step('no-line'), ...linkPlace(first.last()).place } });
    expect(await state()).toEqual(before);
  });

  it('writes a dragged line on the steps the link reads back exactly', () => {
    for (const guess of [
      { angle: 37.123456, offset: -0.2345678 },
      { angle: 179.97, offset: 0.00004 },
      { angle: 0.04, offset: -0.0004 }
    ]) {
      const line = lineOnLinkGrid(guess);
      const read = readLink(handLineLink, `?angle=${line.angle}&offset=${line.offset}`);
      expect(read.problems).toEqual([]);
      expect({ angle: read.values.angle, offset: read.values.offset }).toEqual(line);
    }
    expect(lineOnLinkGrid({ angle: 179.97, offset: 0.00004 })).toEqual({ angle: 0, offset: 0 });
  });

  it('names an unreadable angle and flip, and keeps the shift', () => {
    render(HandLinePanel, { props: { step: step('no-line'), ...linkPlace('?angle=200&offset=-0.25&flip=maybe').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'angle'; using 90.");
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'flip'; using 0.");
    expect(screen.getByRole('slider', { name: /shift the line/i })).toHaveValue('-0.25');
    expect(screen.getByRole('slider', { name: /turn the line/i })).toHaveValue('90');
  });
});

describe('thrash', { timeout: 30_000 }, () => {
  const state = async () => ({ pictures: await described(2), numbers: text('.numbers'), speed: (screen.getByRole('combobox', { name: 'Speed' }) as HTMLSelectElement).value });

  it('opens the place in the run and the speed a link names', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(PerceptronThrashPanel, { props: { step: step('thrash'), ...first.place } });
    expect(first.last()).toBe('?at=0');
    await user.click(screen.getByRole('button', { name: 'End of epoch: finish this epoch' }));
    await user.click(screen.getByRole('button', { name: 'End of epoch: finish this epoch' }));
    screen.getByRole('button', { name: 'Next flower' }).focus();
    await user.keyboard('{Enter}{Enter}{Enter}');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '500');
    expect(first.last()).toBe('?at=203&speed=500');
    const before = await state();
    expect(before.numbers).toContain('Epoch 3 of at most 60');
    cleanup();

    render(PerceptronThrashPanel, { props: { step: step('thrash'), ...linkPlace(first.last()).place } });
    expect(await state()).toEqual(before);
  });

  it('names an unreadable place in the run, and keeps the speed', () => {
    render(PerceptronThrashPanel, { props: { step: step('thrash'), ...linkPlace('?at=-4&speed=2500').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'at'; using 0.");
    expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveValue('2500');
    expect(text('.numbers')).toContain('Epoch 0 of at most 60');
  });
});

describe('winter', { timeout: 30_000 }, () => {
  const state = () => ({
    shown: screen.getByRole('tab', { selected: true }).textContent,
    seen: screen.getAllByRole('tab').map((tab) => tab.classList.contains('seen')),
    progress: text('.progress'),
    event: screen.getByRole('tabpanel').textContent
  });

  it('opens on the event a link names, with the events it had opened', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(WinterTimelinePanel, { props: { step: step('winter'), ...first.place } });
    expect(first.last()).toBe('?event=0');
    await user.click(screen.getByRole('tab', { name: /^1969/ }));
    await user.click(screen.getByRole('tab', { name: /^1957/ }));
    expect(first.last()).toBe('?event=2&seen=0_4');
    const before = state();
    expect(before.progress).toBe('Opened 3 of 9 events.');
    cleanup();

    render(WinterTimelinePanel, { props: { step: step('winter'), ...linkPlace(first.last()).place } });
    expect(state()).toEqual(before);
  });

  it('names an unreadable event, and keeps the events opened', () => {
    render(WinterTimelinePanel, { props: { step: step('winter'), ...linkPlace('?event=9&seen=1_8').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'event'; using 0.");
    expect(screen.getByRole('tab', { selected: true })).toHaveTextContent('1943');
    expect(text('.progress')).toBe('Opened 3 of 9 events.');
  });
});

describe('the-fix', { timeout: 30_000 }, () => {
  it('opens on the row a link names', async () => {
    const user = userEvent.setup();
    const first = linkPlace();
    render(TwoLayersPanel, { props: { step: step('the-fix'), ...first.place } });
    expect(first.last()).toBe('?row=1');
    screen.getByRole('button', { name: '(1, 1)' }).focus();
    await user.keyboard('{Enter}');
    expect(first.last()).toBe('?row=3');
    const before = await described(2);
    cleanup();

    render(TwoLayersPanel, { props: { step: step('the-fix'), ...linkPlace(first.last()).place } });
    expect(screen.getByRole('button', { name: '(1, 1)' })).toHaveAttribute('aria-pressed', 'true');
    expect(await described(2)).toEqual(before);
  });

  it('names an unreadable row and shows the step’s own', () => {
    render(TwoLayersPanel, { props: { step: step('the-fix'), ...linkPlace('?row=4').place } });
    expect(alert()).toHaveTextContent("The link had an unreadable value for 'row'; using 1.");
    expect(within(screen.getByRole('table')).getByRole('button', { name: '(0, 1)' })).toHaveAttribute('aria-pressed', 'true');
  });
});

