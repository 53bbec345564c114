import { describe, expect, it } from 'vitest';
import { KERNEL_PRESETS } from '../../../src/lib/sim/convolution/kernels';
import { channelsLink, filterLink, paddingLink, poolingLink, readCarry } from '../../../src/lib/sim/convolution/links';
import { linkSearch as writeAll, openingValues, readLink, type LinkValues, type UrlTable } from '../../../src/lib/sim/urlState';

/** As the steps write their links: the first field always, so the link names the view. */
const linkSearch = <T extends UrlTable>(table: T, values: Partial<LinkValues<T>>, base = '') => writeAll(table, values, base, { namesView: true });

describe('the convolution steps’ links', () => {
  it('round-trip a view: digit, kernel (preset or own weights), position, padding and stride', () => {
    const own = [0.5, -1, 0, 2, 1.25, 0, -0.75, 0, 1];
    const view = { digit: 42, kernel: own, padding: 'valid' as const, stride: 2 as const, at: 17, pick: 3, speed: 16 };
    const search = linkSearch(paddingLink, view, '?seed=7');
    expect(search).toBe('?seed=7&digit=42&kernel=0.5_-1_0_2_1.25_0_-0.75_0_1&padding=valid&stride=2&at=17&pick=3&speed=16');
    const read = readLink(paddingLink, search);
    expect(read.problems).toEqual([]);
    expect(read.values).toEqual(view);
    expect(linkSearch(filterLink, { ...read.values, kernel: KERNEL_PRESETS['sobel-x'].values })).toContain('kernel=sobel-x');
  });

  it('leaves defaults out, but always names the digit, so the link is known to describe the view', () => {
    expect(linkSearch(filterLink, readLink(filterLink, '').values)).toBe('?digit=7010');
    const link = readLink(filterLink, '?digit=7010');
    // a link that names the step keeps its defaults; one that names nothing lets the previous step's end through
    expect(openingValues(link, { kernel: KERNEL_PRESETS.blur.values }).kernel).toEqual(KERNEL_PRESETS.vertical.values);
    expect(openingValues(readLink(filterLink, '?seed=3'), { kernel: KERNEL_PRESETS.blur.values }).kernel).toEqual(KERNEL_PRESETS.blur.values);
  });

  it('names every malformed value in a sentence and uses its default', () => {
    const read = readLink(paddingLink, '?digit=abc&kernel=1_2_3&padding=full&stride=3&at=-1&speed=5');
    expect(read.given.size).toBe(0);
    expect(read.problems).toHaveLength(6);
    expect(read.problems[0]).toBe("The link had an unreadable value for 'digit'; using 7010.");
    expect(read.problems[1]).toBe("The link had an unreadable value for 'kernel'; using vertical.");
    expect(read.values.padding).toBe('same');
    expect(readLink(filterLink, '?kernel=0_0_0_0_12_0_0_0_0').problems).toHaveLength(1);
  });

  it('reads the channels and pooling steps’ own keys', () => {
    const channels = readLink(channelsLink, '?filters=blur_sharpen_sobel-y&maps=3&pick=2');
    expect(channels.values).toMatchObject({ filters: ['blur', 'sharpen', 'sobel-y'], maps: 3, pick: 2 });
    expect(readLink(channelsLink, '?filters=blur_emboss&maps=9&pick=4').problems).toHaveLength(3);
    const pooling = readLink(poolingLink, '?shift=2&dir=up&kernel=blur');
    expect(pooling.values).toMatchObject({ shift: 2, dir: 'up', kernel: KERNEL_PRESETS.blur.values });
    expect(readLink(poolingLink, '?shift=4&dir=sideways').problems).toHaveLength(2);
  });

  it('carries the digit, the kernel (by name or weights) and the filters from one step to the next', () => {
    expect(readCarry({ digit: 12, kernel: 'blur', other: 1 })).toEqual({ digit: 12, kernel: KERNEL_PRESETS.blur.values });
    expect(readCarry({ kernel: [1, 0, 0, 0, 0, 0, 0, 0, 0], filters: ['vertical'] })).toEqual({ kernel: [1, 0, 0, 0, 0, 0, 0, 0, 0], filters: ['vertical'] });
    expect(readCarry({ digit: -4, kernel: 'nonsense', filters: ['x'] })).toEqual({});
    expect(readCarry(null)).toEqual({});
  });
});
