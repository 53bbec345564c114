/**
 * The one theme of the project: colours and sizes for pages and Pixi scenes alike.
 * The palette is Okabe & Ito's, chosen to stay distinct under the common forms of
 * colour blindness; meaning is never carried by colour alone (shape, label or
 * position carries it too). A leaf module: it imports nothing.
 */
export const palette = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7'
} as const;

/** Roles the scenes and components draw with. */
export const colors = {
  background: '#FFFFFF',
  surface: '#F4F5F7',
  ink: '#1B1F24',
  muted: '#5B6370',
  grid: '#D6DAE0',
  /** a positive weight / an excitatory connection / class 1 */
  positive: palette.blue,
  /** a negative weight / an inhibitory connection / class 0 */
  negative: palette.vermillion,
  /** a unit that fires, a pulse travelling */
  active: palette.orange,
  inactive: '#C9CED6',
  correct: palette.bluishGreen,
  wrong: palette.vermillion,
  /** secondary marks: axis ticks, disabled text on a tint */
  faint: '#8A929C',
  /** green and orange dark enough for small text on white (contrast >= 4.5:1) */
  textGreen: '#006B4E',
  textOrange: '#A84700',
  /** pale backgrounds behind a highlighted row, notice or region */
  tintBlue: '#E8F1F8',
  tintOrange: '#FDF1E6',
  tintGreen: '#E6F4EE',
  focus: palette.blue,
  /** classes, in order */
  classes: [palette.blue, palette.orange, palette.bluishGreen, palette.reddishPurple, palette.skyBlue, palette.vermillion, palette.yellow, palette.black]
} as const;

export const sizes = {
  /** smallest touch target, in CSS pixels (WCAG 2.5.5) */
  target: 44,
  /** touch target in kiosk mode */
  kioskTarget: 64,
  radius: 8,
  gap: 16,
  fontBody: 17,
  fontSmall: 14
} as const;

/** hex '#RRGGBB' to a number, as Pixi takes colours */
export function hexToNumber(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}
