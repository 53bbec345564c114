import { describe, expect, it } from 'vitest';
import { backendNames, backendSpellings } from '../../src/lib/engine/backendNames';
import {
  defaultValues,
  integer,
  linkSearch,
  numberIn,
  oneOf,
  orNone,
  parseUrlState,
  readLink,
  real,
  siteLink,
  stepped,
  travellingSearch,
  writeLink,
  type SiteValues
} from '../../src/lib/sim/urlState';

describe('the site’s link', () => {
  it('fills defaults when the link says nothing', () => {
    const parsed = parseUrlState('');
    expect(parsed.values).toEqual({ seed: 42, backend: 'auto', renderer: 'auto', kiosk: false, idle: 3 });
    expect(parsed.given.size).toBe(0);
    expect(parsed.problems).toEqual([]);
  });

  it('reads every field and remembers which ones the link gave', () => {
    const parsed = parseUrlState('?seed=7&backend=gpu:webasm&renderer=canvas&kiosk=1&idle=0.05&chapter=ignored');
    expect(parsed.values).toEqual({ seed: 7, backend: 'gpu:webasm', renderer: 'canvas', kiosk: true, idle: 0.05 });
    expect([...parsed.given].sort()).toEqual(['backend', 'idle', 'kiosk', 'renderer', 'seed']);
    expect(parsed.problems).toEqual([]);
  });

  it('reads kiosk flags in their usual spellings', () => {
    expect(parseUrlState('kiosk').values.kiosk).toBe(true);
    expect(parseUrlState('kiosk=on').values.kiosk).toBe(true);
    expect(parseUrlState('kiosk=0').values.kiosk).toBe(false);
    expect(parseUrlState('kiosk=0').given.has('kiosk')).toBe(true);
    expect(parseUrlState('kiosk=off').values.kiosk).toBe(false);
  });

  it('drops a malformed value with a sentence saying what is used instead, and keeps the rest', () => {
    const parsed = parseUrlState('seed=banana&idle=2');
    expect(parsed.values.seed).toBe(42);
    expect(parsed.values.idle).toBe(2);
    expect(parsed.given.has('seed')).toBe(false);
    expect(parsed.problems).toEqual(["The link had an unreadable value for 'seed'; using 42."]);
  });

  it.each([
    ['seed=-1', 'seed'],
    ['seed=1.5', 'seed'],
    ['seed=4294967296', 'seed'],
    ['seed=', 'seed'],
    ['seed=1e3', 'seed'],
    ['backend=cuda', 'backend'],
    ['idle=0', 'idle'],
    ['idle=-2', 'idle'],
    ['idle=NaN', 'idle'],
    ['idle=Infinity', 'idle'],
    ['kiosk=maybe', 'kiosk']
  ])('never throws on %s and reports it', (search, key) => {
    const parsed = parseUrlState(search);
    expect(parsed.problems).toEqual([expect.stringContaining(`'${key}'`)]);
    expect(parsed.values).toEqual(defaultValues(siteLink));
  });

  it('names the default in the message for every kind of field', () => {
    expect(parseUrlState('seed=x&kiosk=x&idle=x').problems).toEqual([
      "The link had an unreadable value for 'seed'; using 42.",
      "The link had an unreadable value for 'kiosk'; using 0.",
      "The link had an unreadable value for 'idle'; using 3."
    ]);
  });

  it('says so when a field is given twice, and uses the first', () => {
    const parsed = parseUrlState('seed=7&seed=9&kiosk=1');
    expect(parsed.values.seed).toBe(7);
    expect(parsed.values.kiosk).toBe(true);
    expect(parsed.problems).toEqual(["The link had more than one value for 'seed'; using the first, 7."]);
  });

  it('survives percent-encoding garbage in the query string', () => {
    expect(() => parseUrlState('?seed=%E0%A4%A&%%%')).not.toThrow();
    expect(parseUrlState('?seed=%E0%A4%A').values.seed).toBe(42);
  });

  it('reads every backend name and alias of the engine’s one list, canonically', () => {
    expect(parseUrlState('backend=webgl2').values.backend).toBe('gpu:webgl2');
    expect(parseUrlState('backend=WebGPU').values.backend).toBe('gpu:webgpu');
    expect(parseUrlState('backend=wasm').values.backend).toBe('wasm');
    expect(parseUrlState('backend=js').values.backend).toBe('reference');
    expect(parseUrlState('backend=webasm').values.backend).toBe('gpu:webasm');
    expect(parseUrlState('backend=auto').values.backend).toBe('auto');
    for (const name of backendNames) expect(parseUrlState(`backend=${encodeURIComponent(name)}`).values.backend).toBe(name);
  });

  it('answers an unknown backend with the names it knows', () => {
    const { problems, values } = parseUrlState('backend=cuda');
    expect(values.backend).toBe('auto');
    expect(problems).toEqual([
      `The link had an unknown value for 'backend', 'cuda'; using auto (the fastest, measured). Known: auto, ${backendSpellings.join(', ')}.`
    ]);
    expect(problems[0]).toContain('wasm');
    expect(problems[0]).toContain('webgl2');
  });

  it('round-trips the site’s fields through the query string', () => {
    const values: SiteValues = { seed: 123456789, backend: 'reference', renderer: 'canvas', kiosk: true, idle: 0.5 };
    expect(parseUrlState(writeLink(siteLink, values)).values).toEqual(values);
    expect(writeLink(siteLink, values).toString()).toBe('seed=123456789&backend=reference&renderer=canvas&kiosk=1&idle=0.5');
  });

  it('leaves defaults out and keeps parameters outside the table', () => {
    const params = writeLink(siteLink, { seed: 42, kiosk: false, backend: 'gpu:webgl2' }, '?seed=9&kiosk=1&lang=fr');
    expect(params.toString()).toBe('lang=fr&backend=gpu%3Awebgl2');
    expect(linkSearch(siteLink, { seed: 42 })).toBe('');
    expect(linkSearch(siteLink, { seed: 7 })).toBe('?seed=7');
  });

  it('keeps the seed and backend for the next link, not kiosk flags, defaults or unreadable values', () => {
    expect(travellingSearch('?seed=7&kiosk=1&idle=2&backend=reference&renderer=webgl&x=1')).toBe('?seed=7&backend=reference&renderer=webgl');
    expect(travellingSearch('?seed=banana&backend=gpu:webasm')).toBe('?backend=gpu%3Awebasm');
    expect(travellingSearch('?backend=webgl2')).toBe('?backend=gpu%3Awebgl2');
    expect(travellingSearch('?seed=42')).toBe('');
    expect(travellingSearch('')).toBe('');
  });
});

describe('a step’s own table', () => {
  const slide = {
    digit: integer('the digit, 0 to 9999', 0, 0, 9999),
    speed: oneOf('positions per second', [1, 4, 16], 4),
    lr: numberIn('the learning rate', [0.001, 0.01, 0.1], 0.01),
    noise: stepped('jitter, 0 to 0.5 by 0.05', 0, 0, 0.5, 0.05),
    pick: orNone(integer('the picked pixel', 0, 0, 99))
  };

  it('reads every field it declares, each in its own type and range', () => {
    const read = readLink(slide, '?digit=12&speed=16&lr=1e-3&noise=0.15&pick=3&other=x');
    expect(read.values).toEqual({ digit: 12, speed: 16, lr: 0.001, noise: 0.15, pick: 3 });
    expect(read.problems).toEqual([]);
    expect(readLink(slide, '').values).toEqual({ digit: 0, speed: 4, lr: 0.01, noise: 0, pick: null });
  });

  it('keeps the readable fields and names each bad one, duplicates included', () => {
    const read = readLink(slide, '?digit=10000&speed=5&lr=0.03&lr=10&noise=0.07&pick=3&pick=4');
    expect(read.values).toEqual({ digit: 0, speed: 4, lr: 0.01, noise: 0, pick: 3 });
    expect(read.problems).toEqual([
      "The link had an unreadable value for 'digit'; using 0.",
      "The link had an unreadable value for 'speed'; using 4.",
      "The link had an unreadable value for 'lr'; using 0.01.",
      "The link had an unreadable value for 'noise'; using 0.",
      "The link had more than one value for 'pick'; using the first, 3."
    ]);
  });

  it('reads a grid that crosses zero, below it too, and nothing off the grid or outside it', () => {
    const probe = stepped('the input, −6 to 6 by 0.1', 1, -6, 6, 0.1);
    expect(['-6', '-0.3', '-0', '0', '5.9', '6'].map((raw) => probe.parse(raw))).toEqual([-6, -0.3, 0, 0, 5.9, 6]);
    expect(Object.is(probe.parse('-0'), 0)).toBe(true);
    for (const bad of ['-6.1', '6.1', '0.25', '--1', '- 1', '1-']) expect(probe.parse(bad), bad).toBeUndefined();
    expect(slide.noise.parse('-0.05')).toBeUndefined();
  });

  it('writes values back over the page’s query string, defaults and absent fields left out', () => {
    expect(linkSearch(slide, { digit: 12, speed: 4, pick: null }, '?seed=7')).toBe('?seed=7&digit=12');
    expect(linkSearch(slide, { digit: 0 }, '?digit=5', { namesView: true })).toBe('?digit=0');
  });

  it('reads a real number of either sign back to the same number, and refuses one out of range', () => {
    const weight = { w: real('a weight, −4 to 4', 1, -4, 4) };
    for (const w of [-0.7071067811865476, 3.9999999999999996, -4, 1e-7, 0.1 + 0.2]) {
      expect(readLink(weight, linkSearch(weight, { w })).values.w).toBe(w);
    }
    for (const raw of ['-4.01', '5', '1-', '--1', '0x10', 'Infinity', 'NaN', '', '1e+2']) {
      expect(readLink(weight, `?w=${encodeURIComponent(raw)}`).problems).toEqual(["The link had an unreadable value for 'w'; using 1."]);
    }
  });
});
