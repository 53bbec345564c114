import { describe, expect, it } from 'vitest';
import type { FrameScheduler } from '../../../src/lib/sim/PlayClock.svelte';
import { SlidePlayer } from '../../../src/lib/sim/convolution/SlidePlayer.svelte';

function manualFrames() {
  let pending: ((now: number) => void) | null = null;
  let now = 0;
  const frames: FrameScheduler = {
    request: (callback) => ((pending = callback), 1),
    cancel: () => (pending = null)
  };
  return {
    frames,
    advance(ms: number) {
      now += ms;
      const callback = pending;
      pending = null;
      callback?.(now);
    }
  };
}

describe('SlidePlayer', () => {
  it('plays at its speed, moving at once when pressed, and stops at the end', () => {
    const clock = manualFrames();
    const player = new SlidePlayer({ length: 10, speed: 4, frames: clock.frames });
    expect(player.shown).toBeNull();
    player.play();
    clock.advance(16);
    expect(player.cursor).toBe(1);
    expect(player.shown).toBe(0);
    clock.advance(250);
    expect(player.cursor).toBe(2);
    clock.advance(250);
    clock.advance(250);
    expect(player.cursor).toBe(4);
    player.setSpeed(100);
    for (let i = 0; i < 10; i++) clock.advance(100);
    expect(player.cursor).toBe(10);
    expect(player.finished).toBe(true);
    expect(player.playing).toBe(false);
    // play again from the end starts over
    player.play();
    expect(player.cursor).toBe(0);
  });

  it('steps, scrubs and inspects a position already done without undoing the rest', () => {
    const player = new SlidePlayer({ length: 9, cursor: 6 });
    player.inspect(2);
    expect(player.cursor).toBe(6);
    expect(player.shown).toBe(2);
    player.step(1);
    expect([player.cursor, player.shown]).toEqual([4, 3]);
    player.inspect(7);
    expect([player.cursor, player.shown, player.inspected]).toEqual([8, 7, null]);
    player.step(-1);
    expect(player.cursor).toBe(7);
    player.seek(99);
    expect(player.cursor).toBe(9);
    player.reset();
    expect(player.shown).toBeNull();
    player.inspect(-1);
    player.inspect(9);
    expect(player.cursor).toBe(0);
  });

  it('keeps the cursor where a new, smaller slide still has it', () => {
    const player = new SlidePlayer({ length: 676, cursor: 400, inspected: 10 });
    player.setLength(196);
    expect([player.cursor, player.inspected]).toEqual([196, 10]);
    expect(new SlidePlayer({ length: 5, cursor: 3, inspected: 4 }).inspected).toBeNull();
  });
});
