/**
 * The hand-set 3×3 kernels of the convolution chapter, and a kernel as the learner edits
 * it: nine numbers, row by row, with the name of the preset it still equals (or none).
 * Each preset is the classic image-processing filter of its name. The engine computes
 * a cross-correlation, as Keras's Conv2D does, so a kernel is laid over the pixels as
 * written here, not flipped.
 */

export const KERNEL_SIZE = 3;

export const KERNEL_NAMES = ['identity', 'blur', 'sharpen', 'vertical', 'horizontal', 'sobel-x', 'sobel-y'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

export interface KernelPreset {
  readonly name: KernelName;
  /** what the control lists */
  readonly title: string;
  /** what the filter finds, for the learner */
  readonly finds: string;
  /** nine weights, row-major, top row first */
  readonly values: readonly number[];
}

const ninth = 1 / 9;

export const KERNEL_PRESETS: Readonly<Record<KernelName, KernelPreset>> = {
  identity: { name: 'identity', title: 'Identity', finds: 'the picture unchanged: only the centre pixel counts', values: [0, 0, 0, 0, 1, 0, 0, 0, 0] },
  blur: { name: 'blur', title: 'Blur', finds: 'the average of each 3×3 patch: strokes grow soft and wide', values: new Array(9).fill(ninth) },
  sharpen: { name: 'sharpen', title: 'Sharpen', finds: 'each pixel against its four neighbours: stroke borders grow crisp', values: [0, -1, 0, -1, 5, -1, 0, -1, 0] },
  vertical: { name: 'vertical', title: 'Vertical edges', finds: 'left minus right: positive where ink meets paper on its right, negative on its left', values: [1, 0, -1, 1, 0, -1, 1, 0, -1] },
  horizontal: { name: 'horizontal', title: 'Horizontal edges', finds: 'top minus bottom: positive along the underside of a stroke, negative along its top', values: [1, 1, 1, 0, 0, 0, -1, -1, -1] },
  'sobel-x': { name: 'sobel-x', title: 'Sobel, vertical edges', finds: 'vertical edges, the middle row counting double, so it is less thrown by noise', values: [1, 0, -1, 2, 0, -2, 1, 0, -1] },
  'sobel-y': { name: 'sobel-y', title: 'Sobel, horizontal edges', finds: 'horizontal edges, the middle column counting double', values: [1, 2, 1, 0, 0, 0, -1, -2, -1] }
};

/** The largest weight a learner may type, either sign: beyond it the maps only saturate. */
export const WEIGHT_LIMIT = 9;

/** The preset whose weights these are (to float32 precision), or null for a kernel of one's own. */
export function presetOf(values: readonly number[]): KernelName | null {
  if (values.length !== KERNEL_SIZE * KERNEL_SIZE) return null;
  return KERNEL_NAMES.find((name) => KERNEL_PRESETS[name].values.every((v, i) => Math.fround(v) === Math.fround(values[i]))) ?? null;
}

/** A weight rounded to what the editor shows and links carry: two decimals, clamped to ±WEIGHT_LIMIT. */
export function roundWeight(v: number): number {
  const clamped = Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, v));
  return Math.round(clamped * 100) / 100 || 0;
}

/** A kernel's text in a link: its preset's name, or nine weights separated by '_'. */
export function formatKernel(values: readonly number[]): string {
  return presetOf(values) ?? values.map((v) => String(roundWeight(v))).join('_');
}

/** The weights a link's text names, or undefined when it names none. */
export function parseKernel(raw: string): number[] | undefined {
  const text = raw.trim().toLowerCase();
  const preset = KERNEL_NAMES.find((name) => name === text);
  if (preset) return [...KERNEL_PRESETS[preset].values];
  const parts = text.split(/[_,]/);
  if (parts.length !== KERNEL_SIZE * KERNEL_SIZE) return undefined;
  if (!parts.every((p) => /^-?(\d+\.?\d*|\.\d+)$/.test(p.trim()))) return undefined;
  const values = parts.map(Number);
  return values.every((v) => Math.abs(v) <= WEIGHT_LIMIT) ? values.map(roundWeight) : undefined;
}

/** A weight as the pictures print it: 1/9 as 0.11, a minus sign that is a real minus. */
export function formatWeight(v: number): string {
  const text = Number.isInteger(v) ? String(v) : v.toFixed(2);
  return text.replace('-', '−');
}
