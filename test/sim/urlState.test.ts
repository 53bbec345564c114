import { describe, expect, it } from 'vitest';
import { backendNames, backendSpellings } from '../../src/lib/engine/backendNames';
import { defaultUrlState, parseUrlState, serializeUrlState, travellingSearch, urlSearch, type UrlState } from '../../src/lib/sim/urlState';

describe('parseUrlState', () => {
  it('fills defaults when the link says nothing', () => {
    const parsed = parseUrlState('');
    expect(parsed.state).toEqual({ seed: 42, backend: 'auto', kiosk: false, idle: 3 });
    expect(parsed.given.size).toBe(0);
    expect(parsed.problems).toEqual([]);
  });

  it('reads every property and remembers which ones the link gave', () => {
    const parsed = parseUrlState('?seed=7&backend=gpu:webasm&kiosk=1&idle=0.05&chapter=ignored');
    expect(parsed.state).toEqual({ seed: 7, backend: 'gpu:webasm', kiosk: true, idle: 0.05 });
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

  it('reads every backend name and alias of the engine’s one list, canonically', () => {
    expect(parseUrlState('backend=webgl2').state.backend).toBe('gpu:webgl2');
    expect(parseUrlState('backend=WebGPU').state.backend).toBe('gpu:webgpu');
    expect(parseUrlState('backend=wasm').state.backend).toBe('wasm');
    expect(parseUrlState('backend=js').state.backend).toBe('reference');
    expect(parseUrlState('backend=webasm').state.backend).toBe('gpu:webasm');
    expect(parseUrlState('backend=auto').state.backend).toBe('auto');
    for (const name of backendNames) expect(parseUrlState(`backend=${encodeURIComponent(name)}`).state.backend).toBe(name);
  });

  it('answers an unknown backend with the names it knows', () => {
    const { problems, state } = parseUrlState('backend=cuda');
    expect(state.backend).toBe('auto');
    expect(problems[0].message).toBe(
      `The link names a backend this simulator does not know, 'cuda'; using auto (the fastest, measured). Known: auto, ${backendSpellings.join(', ')}.`
    );
    expect(problems[0].message).toContain('wasm');
    expect(problems[0].message).toContain('webgl2');
  });

  it('names the default in the message for every kind of property', () => {
    const { problems } = parseUrlState('seed=x&kiosk=x&idle=x');
    expect(problems.map((p) => p.message)).toEqual([
      "The link had an unreadable value for 'seed'; using 42.",
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
    const state: UrlState = { seed: 123456789, backend: 'reference', kiosk: true, idle: 0.5 };
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
    expect(travellingSearch('?backend=webgl2')).toBe('?backend=gpu%3Awebgl2');
    expect(travellingSearch('?seed=42')).toBe('');
    expect(travellingSearch('')).toBe('');
  });
});
