/**
 * The theme as the scenes draw it: its colours as the numbers Pixi takes, and the font
 * of every label. One table, so every scene paints ink, grid and text alike.
 */
import { colors, hexToNumber } from '$lib/theme';

export const ink = hexToNumber(colors.ink);
export const muted = hexToNumber(colors.muted);
export const grid = hexToNumber(colors.grid);
export const white = hexToNumber(colors.background);
export const inactive = hexToNumber(colors.inactive);
export const active = hexToNumber(colors.active);
export const positive = hexToNumber(colors.positive);
export const negative = hexToNumber(colors.negative);
export const focus = hexToNumber(colors.focus);
export const correct = hexToNumber(colors.correct);

/** The colour of class `label`, as points, regions and lines of that class are drawn. */
export const classColour = (label: number): number => hexToNumber(colors.classes[label % colors.classes.length]);

export const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
