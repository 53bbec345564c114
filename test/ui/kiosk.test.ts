import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyKioskParams,
  disarmOutboundLinks,
  IdleTimer,
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
});

describe('kiosk settings', () => {
  it('turn on with kiosk=1, take an idle time, and stay for the visit', () => {
    const on = applyKioskParams(null, { kiosk: true, idle: 0.05 });
    expect(on).toEqual({ idleMinutes: 0.05 });
    writeKioskSettings(sessionStorage, on);
    expect(readKioskSettings(sessionStorage)).toEqual({ idleMinutes: 0.05 });
    expect(applyKioskParams(on, {})).toEqual({ idleMinutes: 0.05 });
    expect(applyKioskParams(on, { idle: 5 })).toEqual({ idleMinutes: 5 });
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
