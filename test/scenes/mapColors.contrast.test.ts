import { describe, expect, it } from 'vitest';
import { contrastRatio, inkColor, signedColor, textOver } from '../../src/lib/scenes/mapColors';

describe('text over a signed map colour', () => {
  it('reads at WCAG AA (4.5:1) over every shade a kernel cell or map pixel can take', () => {
    for (let v = -1; v <= 1.0001; v += 0.05) {
      for (const fill of [signedColor(v, 1), inkColor(Math.abs(v))]) {
        expect(contrastRatio(fill, textOver(fill)), `value ${v.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio(0x000000, 0xffffff)).toBeCloseTo(21, 5);
    expect(contrastRatio(0x777777, 0xffffff)).toBeCloseTo(4.48, 2);
  });
});
