import { describe, expect, it } from 'vitest';
import { defaultUrlState, parseUrlState, serializeUrlState, travellingSearch, urlSearch, type UrlState } from '../../src/lib/sim/urlState';

describe('parseUrlState', () => {
  it('fills defaults when the link says nothing', () => {
    const parsed = parseUrlState('');
    expect(parsed.state).toEqual({ ...defaultUrlState(), seed: 42, backend: 'auto', kiosk: false, idle: 3 });
    // the MNIST lab's rows default to its step's own choices
    expect(parsed.state.layers).toBeNull();
    expect(parsed.given.size).toBe(0);
    expect(parsed.problems).toEqual([]);
  });

  it('reads every property and remembers which ones the link gave', () => {
    const parsed = parseUrlState('?seed=7&backend=gpu:webasm&kiosk=1&idle=0.05&chapter=ignored');
    expect(parsed.state).toEqual({ ...defaultUrlState(), seed: 7, backend: 'gpu:webasm', kiosk: true, idle: 0.05 });
    expect([...parsed.given].sort()).toEqual(['backend', 'idle', 'kiosk', 'seed']);
    expect(parsed.problems).toEqual([]);
  });

  it('reads kiosk flags in their usual spellings', () => {
    expect(parseUrlState('kiosk').state.kiosk).toBe(true);
    expect(parseUrlState('kiosk=on').state.kiosk).toBe(true);
    expect(parseUrlState('kiosk=0').state.kiosk).toBe(false);
    expect(parseUrlState('kiosk=0').given.has('kiosk')).toBe(true);
    expect(parseUrlState('kiosk=off').state.kiosk).toBe(false);
  });

  it('drops a malformed value with a sentence saying what is used instead, and keeps the rest', () => {
    const parsed = parseUrlState('seed=banana&idle=2');
    expect(parsed.state.seed).toBe(42);
    expect(parsed.state.idle).toBe(2);
    expect(parsed.given.has('seed')).toBe(false);
    expect(parsed.problems).toEqual([{ key: 'seed', raw: 'banana', message: "The link had an unreadable value for 'seed'; using 42." }]);
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
    expect(parsed.problems.map((p) => p.key)).toEqual([key]);
    expect(parsed.state).toEqual(defaultUrlState());
  });

  it('names the default in the message for every kind of property', () => {
    const { problems } = parseUrlState('backend=x&kiosk=x&idle=x');
    expect(problems.map((p) => p.message)).toEqual([
      "The link had an unreadable value for 'backend'; using auto.",
      "The link had an unreadable value for 'kiosk'; using 0.",
      "The link had an unreadable value for 'idle'; using 3."
    ]);
  });

  it('survives percent-encoding garbage in the query string', () => {
    expect(() => parseUrlState('?seed=%E0%A4%A&%%%')).not.toThrow();
    expect(parseUrlState('?seed=%E0%A4%A').state.seed).toBe(42);
  });
});

describe('serializeUrlState', () => {
  it('round-trips a state through the query string', () => {
    const state: UrlState = { ...defaultUrlState(), seed: 123456789, backend: 'reference', kiosk: true, idle: 0.5 };
    expect(parseUrlState(serializeUrlState(state)).state).toEqual(state);
    expect(serializeUrlState(state).toString()).toBe('seed=123456789&backend=reference&kiosk=1&idle=0.5');
  });

  it('leaves defaults out and keeps parameters outside the table', () => {
    const params = serializeUrlState({ seed: 42, kiosk: false, backend: 'gpu:webgl2' }, '?seed=9&kiosk=1&lang=fr');
    expect(params.toString()).toBe('lang=fr&backend=gpu%3Awebgl2');
    expect(parseUrlState(params).state.backend).toBe('gpu:webgl2');
    expect(urlSearch({ seed: 42 })).toBe('');
    expect(urlSearch({ seed: 7 })).toBe('?seed=7');
  });
});

describe('travellingSearch', () => {
  it('keeps the seed and backend for the next link, not kiosk flags, defaults or unreadable values', () => {
    expect(travellingSearch('?seed=7&kiosk=1&idle=2&backend=reference&x=1')).toBe('?seed=7&backend=reference');
    expect(travellingSearch('?seed=banana&backend=gpu:webasm')).toBe('?backend=gpu%3Awebasm');
    expect(travellingSearch('?seed=42')).toBe('');
    expect(travellingSearch('')).toBe('');
  });
});
