import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkActivationText } from '../../src/lib/sim/activationCheck';

afterEach(() => {
  vi.doUnmock('../../src/lib/models/customActivation');
  vi.resetModules();
});

const repeat = (n: number, part: string, join: string) => Array.from({ length: n }, () => part).join(join);

describe('checkActivationText', () => {
  it('gives the page f, f′, notes and the plotted curve as plain data a worker can post', () => {
    const check = checkActivationText(' max(0, x) ');
    expect(structuredClone(check)).toEqual(check);
    expect(check).toMatchObject({ ok: true, expression: 'max(0, x)', tex: '\\max\\left(0, x\\right)', notes: [] });
    if (!check.ok) return;
    const at = (x: number) => check.curve.xs.indexOf(x);
    expect([check.curve.f[at(-1)], check.curve.f[at(0)], check.curve.f[at(2)]]).toEqual([0, 0, 2]);
    expect([check.curve.df[at(-1)], check.curve.df[at(0)], check.curve.df[at(2)]]).toEqual([0, 0, 1]);
  });

  it('gives a refusal its kind, sentence and place', () => {
    expect(checkActivationText('toString(x)')).toMatchObject({ ok: false, kind: 'unknown-name', column: 1, message: expect.stringMatching(/^Unknown function "toString"/) });
  });

  it.each([
    ['12 factors', repeat(12, 'x', '*')],
    ['14 factors', repeat(14, 'x', '*')],
    ['26 terms', repeat(26, 'x', '+')],
    ['5,000 terms', repeat(5000, 'x', '+')],
    ['3,000 factors', repeat(3000, 'x', '*')],
    ['10,000 nested parentheses', `${'('.repeat(10_000)}x${')'.repeat(10_000)}`],
    ['an object property as a function', '__proto__(x)']
  ])('%s ends in an activation or a sentence', (_, text) => {
    const check = checkActivationText(text);
    if (check.ok) expect(check.tex.length).toBeGreaterThan(0);
    else expect(check.message).toMatch(/^[A-Z].*\.$/);
    expect(JSON.stringify(check)).not.toMatch(/Maximum call stack|RangeError|TypeError/);
  });

  it('turns anything unexpected while checking into a sentence', async () => {
    vi.doMock('../../src/lib/models/customActivation', async (original) => ({
      ...(await original<object>()),
      tryParseActivation: () => {
        throw new TypeError('x.y is not a function');
      }
    }));
    const { checkActivationText: check } = await import('../../src/lib/sim/activationCheck');
    expect(check('x')).toEqual({ ok: false, kind: 'failed', message: 'This expression could not be worked out (x.y is not a function). Try writing it another way.' });
  });
});
