/**
 * The diverging palette of every heatmap over the input plane: 0 is class 0's blue,
 * 1 is class 1's orange, 0.5 (undecided) is white. Blue and orange stay apart under
 * the common colour blindnesses and in greyscale they differ in lightness, and the
 * points drawn on top also differ by shape. Pure: no Pixi.
 */
import { colors, hexToNumber } from '$lib/theme';

const low = hexToNumber(colors.classes[0]);
const high = hexToNumber(colors.classes[1]);
const white = 0xffffff;

function mix(a: number, b: number, t: number): number {
  const ch = (c: number, shift: number) => (c >> shift) & 0xff;
  const one = (shift: number) => Math.round(ch(a, shift) + (ch(b, shift) - ch(a, shift)) * t);
  return (one(16) << 16) | (one(8) << 8) | one(0);
}

/**
 * The colour of value v in [0, 1] (clamped; NaN reads as undecided). `strength` < 1
 * keeps the strongest tint pale, so points and lines drawn on top stay legible.
 */
export function divergingColor(v: number, strength = 0.7): number {
  const t = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5;
  return t < 0.5 ? mix(white, low, (0.5 - t) * 2 * strength) : mix(white, high, (t - 0.5) * 2 * strength);
}
