import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseHidden, parsePlaygroundLink, playgroundSearch, type PlaygroundConfig } from '../../../src/lib/sim/playground/config';

const shared: PlaygroundConfig = {
  dataset: 'spirals',
  noise: 0.15,
  trainRatio: 0.7,
  features: ['x1', 'x2', 'x1x2', 'sin1'],
  hidden: [
    { units: 8, activation: 'relu' },
    { units: 3, activation: 'sigmoid' },
    { units: 1, activation: 'linear' }
  ],
  learningRate: 0.003,
  batchSize: 25,
  l2: 0.001
};

describe('playground link', () => {
  it('round-trips every property through the query string', () => {
    const search = playgroundSearch(shared, '?seed=7');
    expect(search).toContain('seed=7');
    expect(search).toContain('layers=8r%2C3s%2C1l');
    const back = parsePlaygroundLink(search);
    expect(back.problems).toEqual([]);
    expect(back.config).toEqual(shared);
  });

  it('leaves defaults out, so the default view has a bare link', () => {
    expect(playgroundSearch(DEFAULT_CONFIG)).toBe('');
    expect(playgroundSearch({ ...DEFAULT_CONFIG, l2: 0.01 })).toBe('?l2=0.01');
    expect(parsePlaygroundLink('').config).toEqual(DEFAULT_CONFIG);
  });

  it('keeps a network with no hidden layer as layers=0', () => {
    const search = playgroundSearch({ ...DEFAULT_CONFIG, hidden: [] });
    expect(search).toBe('?layers=0');
    expect(parsePlaygroundLink(search).config.hidden).toEqual([]);
  });

  it('drops each malformed value with a sentence and keeps the readable ones', () => {
    const parsed = parsePlaygroundLink('data=galaxy&noise=0.07&train=1.5&inputs=x1,banana&layers=9t&lr=0.05&batch=0&l2=-1&seed=3');
    expect(parsed.config).toEqual(DEFAULT_CONFIG);
    expect(parsed.problems).toHaveLength(8);
    expect(parsed.problems[0]).toBe("The link had an unreadable value for 'data'; using spirals.");
    expect(parsed.problems).toContain("The link had an unreadable value for 'layers'; using 4t,2t.");
    const some = parsePlaygroundLink('data=MOONS&lr=1e-5&layers=2r,2r&inputs=x2,x1sq&batch=abc');
    expect(some.config.dataset).toBe('moons');
    expect(some.config.learningRate).toBe(0.00001);
    expect(some.config.features).toEqual(['x2', 'x1sq']);
    expect(some.problems).toHaveLength(1);
  });

  it('refuses layer strings beyond the limits, never throwing', () => {
    expect(parseHidden('1t,1t,1t,1t,1t,1t')).toHaveLength(6);
    expect(parseHidden('1t,1t,1t,1t,1t,1t,1t')).toBeUndefined();
    expect(parseHidden('0t')).toBeUndefined();
    expect(parseHidden('4x')).toBeUndefined();
    expect(parseHidden('4t,,2t')).toBeUndefined();
    expect(parsePlaygroundLink('inputs=').problems).toHaveLength(1);
    expect(parsePlaygroundLink('inputs=x1,x1').problems).toHaveLength(1);
    expect(() => parsePlaygroundLink('%E0%A4%A=1&layers=%ZZ')).not.toThrow();
  });

  it('uses the first of a value given twice, and says so', () => {
    const parsed = parsePlaygroundLink('lr=0.03&lr=10');
    expect(parsed.config.learningRate).toBe(0.03);
    expect(parsed.problems).toEqual(["The link had more than one value for 'lr'; using the first, 0.03."]);
  });
});
