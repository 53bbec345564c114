import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleHolds } from '../../src/lib/activity';
import {
  applyKioskParams,
  disarmOutboundLinks,
  IdleTimer,
  idleLimitNotice,
  minIdleMinutes,
  parseLessonParam,
  readKioskSettings,
  restoreOutboundLinks,
  writeKioskSettings
} from '../../src/lib/ui/kiosk';

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
  sessionStorage.clear();
});

describe('IdleTimer', () => {
  it('fires once after the idle time, and activity restarts the wait', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const timer = new IdleTimer(3 * 60_000, onIdle);
    timer.poke();
    vi.advanceTimersByTime(2 * 60_000);
    timer.poke();
    vi.advanceTimersByTime(2 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.running).toBe(false);
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stops', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle);
    timer.poke();
    timer.stop();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('waits while a fit holds the reset off, then gives the full idle time again', () => {
    vi.useFakeTimers();
    const holds = new IdleHolds();
    const onIdle = vi.fn();
    const timer = new IdleTimer(60_000, onIdle, undefined, holds);
    timer.poke();
    const release = holds.hold();
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(timer.running).toBe(true);
    release();
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts every open hold, and a release twice as once', () => {
    vi.useFakeTimers();
    const holds = new IdleHolds();
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle, undefined, holds);
    const first = holds.hold();
    const second = holds.hold();
    timer.poke();
    vi.advanceTimersByTime(5000);
    first();
    first();
    expect(holds.held).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    second();
    expect(holds.held).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('does not start again on a release once stopped', () => {
    vi.useFakeTimers();
    const holds = new IdleHolds();
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle, undefined, holds);
    const release = holds.hold();
    timer.poke();
    vi.advanceTimersByTime(2000);
    timer.stop();
    release();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(timer.running).toBe(false);
  });
});

describe('kiosk settings', () => {
  it('turn on with kiosk=1, take an idle time, and stay for the visit', () => {
    const on = applyKioskParams(null, { kiosk: true, idle: 0.75 });
    expect(on).toEqual({ idleMinutes: 0.75 });
    writeKioskSettings(sessionStorage, on);
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 0.75 });
    expect(applyKioskParams(on, {})).toEqual({ idleMinutes: 0.75 });
    expect(applyKioskParams(on, { idle: 5 })).toEqual({ idleMinutes: 5 });
  });

  it('wait at least half a minute, and say so when a link asks for less', () => {
    expect(minIdleMinutes).toBe(0.5);
    expect(applyKioskParams(null, { kiosk: true, idle: 0.0001 })).toEqual({ idleMinutes: 0.5 });
    expect(idleLimitNotice(0.0001)).toBe(
      'The link asked for 0.0001 idle minutes; a kiosk waits at least 0.5 minutes before returning to its start, so it uses 0.5.'
    );
    expect(idleLimitNotice(0.5)).toBeUndefined();
    expect(idleLimitNotice(3)).toBeUndefined();
    // a value put in storage by hand is held to the same limit
    sessionStorage.setItem('nn-ladder:kiosk', '{"idleMinutes":0.0001}');
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 0.5 });
  });

  it("keep the lesson's seed, backend and renderer of the link that turned them on, and nothing else of it", () => {
    const on = applyKioskParams(null, { kiosk: true, idle: 2, keep: '?seed=7&renderer=canvas' });
    expect(on).toEqual({ idleMinutes: 2, keep: '?seed=7&renderer=canvas' });
    // a visitor's later link (a step's seed) does not change what a return to the start keeps
    expect(applyKioskParams(on, { idle: 4, keep: '?seed=99' })).toEqual({ idleMinutes: 4, keep: '?seed=7&renderer=canvas' });
    // a new kiosk link starts again with its own
    expect(applyKioskParams(on, { kiosk: true, keep: '' })).toEqual({ idleMinutes: 2 });
    writeKioskSettings(sessionStorage, on);
    expect(readKioskSettings(sessionStorage)).toEqual(on);
    // put in storage by hand: only fields a link carries from page to page come back, as a link reads them
    sessionStorage.setItem('nn-ladder:kiosk', '{"idleMinutes":2,"keep":"?kiosk=0&seed=5&lr=9&renderer=nonsense"}');
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 2, keep: '?seed=5' });
  });

  it('lock a visit to a lesson, keep the lock, and lift it with an empty lesson', () => {
    const locked = applyKioskParams(null, { kiosk: true, idle: 2, lesson: 'perceptron' });
    expect(locked).toEqual({ idleMinutes: 2, lesson: 'perceptron' });
    expect(applyKioskParams(locked, { idle: 4 })).toEqual({ idleMinutes: 4, lesson: 'perceptron' });
    expect(applyKioskParams(locked, { kiosk: true })).toEqual({ idleMinutes: 2, lesson: 'perceptron' });
    expect(applyKioskParams(locked, { lesson: '' })).toEqual({ idleMinutes: 2 });
    expect(applyKioskParams(locked, { kiosk: false })).toBeNull();
    // a lesson alone does not turn kiosk mode on
    expect(applyKioskParams(null, { lesson: 'perceptron' })).toBeNull();
    writeKioskSettings(sessionStorage, locked);
    expect(readKioskSettings(sessionStorage)).toEqual(locked);
    sessionStorage.setItem('nn-ladder:kiosk', '{"idleMinutes":2,"lesson":"../../etc"}');
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 2 });
  });

  it('read the lesson of a kiosk link', () => {
    expect(parseLessonParam(new URLSearchParams('lesson=Perceptron%20'))).toBe('perceptron');
    expect(parseLessonParam(new URLSearchParams('lesson='))).toBe('');
    expect(parseLessonParam(new URLSearchParams('idle=3'))).toBeUndefined();
  });

  it('default to three idle minutes, ignore idle alone, and turn off with kiosk=0', () => {
    expect(applyKioskParams(null, { kiosk: true })).toEqual({ idleMinutes: 3 });
    expect(applyKioskParams(null, { idle: 1 })).toBeNull();
    expect(applyKioskParams({ idleMinutes: 1 }, { kiosk: false, idle: 2 })).toBeNull();
    writeKioskSettings(sessionStorage, { idleMinutes: 1 });
    writeKioskSettings(sessionStorage, null);
    expect(readKioskSettings(sessionStorage)).toBeNull();
  });

  it('survive unreadable storage', () => {
    sessionStorage.setItem('nn-ladder:kiosk', '{not json');
    expect(readKioskSettings(sessionStorage)).toBeNull();
    sessionStorage.setItem('nn-ladder:kiosk', '{"idleMinutes":-4}');
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 3 });
    expect(readKioskSettings(undefined)).toBeNull();
  });
});

describe('outbound links', () => {
  it('become plain text, and only those leaving the site', () => {
    document.body.innerHTML = `
      <a id="home" href="/">home</a>
      <a id="step" href="../and/">step</a>
      <a id="same" href="${location.origin}/kiosk/">same origin</a>
      <a id="paper" href="https://example.org/paper.pdf">paper</a>
      <a id="proto" href="//example.org/">protocol-relative</a>
      <a id="mail" href="mailto:teacher@example.org">mail</a>`;
    expect(disarmOutboundLinks(document.body, location.origin)).toBe(3);
    expect(document.querySelectorAll('a[href]')).toHaveLength(3);
    for (const id of ['paper', 'proto', 'mail']) {
      const anchor = document.getElementById(id)!;
      expect(anchor.hasAttribute('href')).toBe(false);
      expect(anchor.classList.contains('outbound-disarmed')).toBe(true);
    }
    expect(document.getElementById('step')).toHaveAttribute('href', '../and/');
    restoreOutboundLinks(document.body);
    expect(document.getElementById('paper')).toHaveAttribute('href', 'https://example.org/paper.pdf');
    expect(document.querySelectorAll('a[href]')).toHaveLength(6);
  });
});
