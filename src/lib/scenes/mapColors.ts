/**
 * Colours of pictures made of pixels: a digit as ink on paper, and a feature map whose
 * values have a sign, positive in the theme's positive blue and negative in its
 * vermillion, white at zero. The sign is never told by colour alone: every scene and
 * component that uses these also says it in words or numbers. Pure: no Pixi.
 */
import { colors, hexToNumber } from '$lib/theme';
import { ink, negative, positive } from './sceneStyle';

export type MapPalette = 'ink' | 'signed';

const white = 0xffffff;

function mix(a: number, b: number, t: number): number {
  const ch = (c: number, shift: number) => (c >> shift) & 0xff;
  const one = (shift: number) => Math.round(ch(a, shift) + (ch(b, shift) - ch(a, shift)) * t);
  return (one(16) << 16) | (one(8) << 8) | one(0);
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** Paper (0) to ink (1). */
export function inkColor(v: number): number {
  return mix(white, ink, clamp01(v));
}

/** White at 0, full blue at +scale and beyond, full vermillion at -scale and beyond. */
export function signedColor(v: number, scale: number): number {
  const s = scale > 0 ? scale : 1;
  const t = Number.isFinite(v) ? Math.max(-1, Math.min(1, v / s)) : 0;
  return t >= 0 ? mix(white, positive, t) : mix(white, negative, -t);
}

/** The colour of value v in a palette; `scale` is the signed palette's full strength. */
export function mapColor(palette: MapPalette, v: number, scale: number): number {
  return palette === 'ink' ? inkColor(v) : signedColor(v, scale);
}

/** WCAG's relative luminance of an sRGB colour. */
function luminance(color: number): number {
  const channel = (shift: number) => {
    const c = ((color >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

/** WCAG's contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour of text drawn over a map colour: white or black, whichever contrasts more.
 * Black rather than the theme's ink: over the full vermillion, ink reaches only 4.3:1.
 */
export function textOver(color: number): number {
  return contrastRatio(color, white) > contrastRatio(color, 0x000000) ? white : 0x000000;
}

/** The largest |value|, at least `floor`: the signed palette's scale for a whole map, so colours do not shift while it fills. */
export function maxAbs(values: ArrayLike<number>, floor = 1e-6): number {
  let m = floor;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > m) m = Math.abs(values[i]);
  return m;
}

/** RGBA bytes of a map (rows × cols), for a canvas; cells from `revealed` on are drawn as `blank`. */
export function mapPixels(values: ArrayLike<number>, palette: MapPalette, scale: number, revealed = values.length, blank = hexToNumber(colors.grid)): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const c = i < revealed ? mapColor(palette, values[i], scale) : blank;
    out[4 * i] = (c >> 16) & 0xff;
    out[4 * i + 1] = (c >> 8) & 0xff;
    out[4 * i + 2] = c & 0xff;
    out[4 * i + 3] = 255;
  }
  return out;
}
