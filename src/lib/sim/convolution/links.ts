/**
 * What each step of the convolution chapter keeps in the page's address: one table of
 * fields per step, read and written by urlState, so a teacher's link opens the same
 * digit, kernel, padding, stride and position.
 *
 * A link that names any of a step's keys describes the whole view (a key left out
 * means its default; the first key is always written, see urlState's openingValues);
 * a link that names none leaves the step to start where the previous one ended.
 */
import type { Padding } from '$lib/engine/backend';
import { integer, oneOf, orNone, type UrlField } from '$lib/sim/urlState';
import { DEFAULT_DIGIT } from './digits';
import { MAX_SHIFT, SHIFT_DIRECTIONS, type ShiftDirection } from './shift';
import { formatKernel, KERNEL_NAMES, KERNEL_PRESETS, parseKernel, WEIGHT_LIMIT, type KernelName } from './kernels';
import { DEFAULT_SLIDE_SPEED, SLIDE_SPEEDS } from './SlidePlayer.svelte';

const digit = integer("the digit's place among the site's 10,000 MNIST digits, 0 to 9999", DEFAULT_DIGIT, 0, 9999);
const kernel: UrlField<readonly number[]> = {
  default: KERNEL_PRESETS.vertical.values,
  describe: `a kernel: ${KERNEL_NAMES.join(', ')}, or nine weights from −${WEIGHT_LIMIT} to ${WEIGHT_LIMIT}, row by row, joined by _`,
  travels: false,
  parse: parseKernel,
  format: formatKernel
};
const at = integer('how many positions the window has visited, from 0', 0, 0, 100_000);
const pick = orNone(integer('the output pixel inspected, counted row by row from 0', 0, 0, 100_000));
const speed = oneOf(`positions per second: ${SLIDE_SPEEDS.join(', ')}`, SLIDE_SPEEDS, DEFAULT_SLIDE_SPEED);

/** Step "what a filter sees": the digit, the kernel and where the window is. */
export const filterLink = { digit, kernel, at, pick, speed };

/** Step "padding and stride": as the filter step, with the padding and the stride. */
export const paddingLink = {
  digit,
  kernel,
  padding: oneOf<Padding>("'valid' (no padding) or 'same' (zeros around the picture)", ['valid', 'same'], 'same'),
  stride: oneOf('the step between positions: 1 or 2', [1, 2], 1),
  at,
  pick,
  speed
};

/** How many filters each of the two layers in the channels step may have. */
export const MAX_FIRST_FILTERS = 6;
export const MAX_SECOND_FILTERS = 4;
export const DEFAULT_FIRST_FILTERS: readonly KernelName[] = ['vertical', 'horizontal', 'blur'];

/** Step "channels and many filters": the first layer's filters, the second layer's count and the map looked at. */
export const channelsLink = {
  digit,
  filters: {
    default: DEFAULT_FIRST_FILTERS,
    describe: `the first layer's filters, 1 to ${MAX_FIRST_FILTERS} of ${KERNEL_NAMES.join(', ')}, joined by _`,
    parse(raw: string) {
      const names = raw.trim().toLowerCase().split(/[_,]/);
      if (names.length < 1 || names.length > MAX_FIRST_FILTERS) return undefined;
      return names.every((n) => (KERNEL_NAMES as readonly string[]).includes(n)) ? (names as KernelName[]) : undefined;
    },
    format: (v: readonly KernelName[]) => v.join('_')
  } satisfies UrlField<readonly KernelName[]>,
  maps: integer(`the second layer's filter count, 1 to ${MAX_SECOND_FILTERS}`, 2, 1, MAX_SECOND_FILTERS),
  pick: orNone(integer("the second layer's map looked at, from 0", 0, 0, MAX_SECOND_FILTERS - 1))
};

/** Step "pooling and shifting": the digit, the kernel before pooling, the pooling window's position and the shift. */
export const poolingLink = {
  digit,
  kernel,
  at,
  speed,
  shift: integer(`pixels the digit is moved, 0 to ${MAX_SHIFT}`, 0, 0, MAX_SHIFT),
  dir: oneOf<ShiftDirection>(`where the digit is moved: ${SHIFT_DIRECTIONS.join(', ')}`, SHIFT_DIRECTIONS, 'right')
};

/** Where a step of chapters/05-convolution/steps.ts may start: a digit's place and a preset kernel by name. */
export interface ConvolutionStart {
  readonly digit?: number;
  readonly kernel?: KernelName;
}

/** What a step hands the next (its view) and what the next takes from it: the digit, the kernel, the filters. */
export interface ConvolutionCarry {
  readonly digit?: number;
  readonly kernel?: readonly number[];
  readonly filters?: readonly KernelName[];
}

/**
 * The parts of a previous step's end state (or of a step's `start`) this chapter can
 * use; anything else is ignored. A kernel may be given by a preset's name.
 */
export function readCarry(carried: unknown): ConvolutionCarry {
  if (typeof carried !== 'object' || carried === null) return {};
  const c = carried as Record<string, unknown>;
  const out: { digit?: number; kernel?: readonly number[]; filters?: readonly KernelName[] } = {};
  if (typeof c.digit === 'number' && digit.parse(String(c.digit)) !== undefined) out.digit = c.digit;
  const kernelText = typeof c.kernel === 'string' ? c.kernel : Array.isArray(c.kernel) ? c.kernel.join('_') : null;
  const parsed = kernelText === null ? undefined : kernel.parse(kernelText);
  if (parsed) out.kernel = parsed;
  const filters = Array.isArray(c.filters) ? channelsLink.filters.parse(c.filters.join('_')) : undefined;
  if (filters) out.filters = filters;
  return out;
}
