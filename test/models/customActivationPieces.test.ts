import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECK_RANGE, MAX_ACTIVATION_LENGTH, MAX_TEX_SIZE, parseActivation, tryParseActivation } from '../../src/lib/models/customActivation';
import { math, MAX_TREE_SIZE } from '../../src/lib/models/expressionNodes';

function refused(expression: string) {
  const result = tryParseActivation(expression);
  if (result.ok) throw new Error(`"${expression.slice(0, 40)}" was accepted`);
  return result.error;
}

const points = Array.from({ length: 241 }, (_, i) => CHECK_RANGE[0] + 0.0123 + i * 0.05).filter((x) => x <= CHECK_RANGE[1]);

afterEach(() => vi.restoreAllMocks());

describe('activations with corners and steps', () => {
  it('ReLU, written either way round, has slope 0 at its corner and 1 past it', () => {
    for (const relu of ['max(0, x)', 'max(x, 0)']) {
      const { f, df } = parseActivation(relu);
      expect([f(-2), f(0), f(3)]).toEqual([0, 0, 3]);
      expect([df(-2), df(0), df(3)], relu).toEqual([0, 0, 1]);
    }
    expect(parseActivation('max(0, x)').derivativeTex).toBe('\\begin{cases} 0 & \\text{if }  x \\leq 0 \\\\ 1 & \\text{otherwise} \\end{cases}');
    expect(parseActivation('max(x, 0)').derivativeTex).toBe('\\begin{cases} 1 & \\text{if }  x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}');
    expect(parseActivation('max(0, x)').tex).toBe('\\max\\left(0, x\\right)');
  });

  it('max and min take the slope from the left at a tie; abs takes 0 at its corner', () => {
    expect(parseActivation('min(x, 0)').df(0)).toBe(1);
    expect(parseActivation('max(x, 2 * x)').df(0)).toBe(1);
    expect(parseActivation('min(x, 2 * x)').df(0)).toBe(2);
    const abs = parseActivation('abs(x)');
    expect([abs.df(-3), abs.df(0), abs.df(3)]).toEqual([-1, 0, 1]);
    expect(abs.derivative).toBe('sign(x)');
    expect(abs.tex).toBe('\\left| x\\right|');
  });

  it('a tie between two curves keeps all three pieces, typeset as one brace', () => {
    const parsed = parseActivation('max(sin(x), cos(x))');
    expect(parsed.derivative).toBe('(sin(x) > cos(x)) ? cos(x) : ((sin(x) < cos(x)) ? (-sin(x)) : min(cos(x), -sin(x)))');
    expect(parsed.derivativeTex).toMatch(/^\\begin\{cases\} .* & \\text\{if \} .* \\\\ .* & \\text\{if \} .* \\\\ .* & \\text\{otherwise\} \\end\{cases\}$/);
    expect(parsed.df(Math.PI / 4)).toBeCloseTo(-Math.SQRT1_2, 12);
  });

  it('comparisons are steps: 1 where they hold, slope 0; a conditional follows its pieces', () => {
    const relu = parseActivation('(x > 0) * x');
    expect([relu.f(-1), relu.f(2), relu.df(-1), relu.df(0), relu.df(2)]).toEqual([-0, 2, 0, 0, 1]);
    expect(relu.derivativeTex).toBe('\\begin{cases} 1 & \\text{if }  x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}');
    const leaky = parseActivation('x > 0 ? x : 0.1 * x');
    expect([leaky.f(-2), leaky.f(2), leaky.df(-2), leaky.df(2)]).toEqual([-0.2, 2, 0.1, 1]);
    expect(leaky.python).toBe('keras.ops.where(x > 0, x, 0.1 * x)');
    for (const op of ['<', '<=', '>=', '==', '!=']) expect(parseActivation(`x ${op} 1`).f(1)).toBe(['<=', '>=', '=='].includes(op) ? 1 : 0);
  });

  it('a step or a sign is accepted, with the note that no gradient flows through it', () => {
    for (const step of ['x >= 0', 'sign(x)']) {
      const parsed = parseActivation(step);
      expect(parsed.derivativeTex).toBe('0');
      expect(parsed.notes[0]).toMatch(/derivative is 0 everywhere/);
    }
  });

  it.each(['max(0, x)', 'min(x, 1) + max(-1, x)', 'abs(x) * x', 'max(sin(x), cos(x))', 'x > 0 ? x^2 : sin(x)', '(x < 1) * exp(x)', 'abs(sin(x)) + sign(x) * x'])(
    'df matches finite differences of f away from its corners and jumps: %s',
    (expression) => {
      const { f, df } = parseActivation(expression);
      const h = 1e-5;
      let checked = 0;
      for (const x of points) {
        const [left, right] = [(f(x) - f(x - h)) / h, (f(x + h) - f(x)) / h];
        // a corner or a jump within h: the one-sided slopes disagree
        if (Math.abs(left - right) > 1e-3 * Math.max(1, Math.abs(right))) continue;
        const numeric = (f(x + h) - f(x - h)) / (2 * h);
        expect(Math.abs(df(x) - numeric) / Math.max(1, Math.abs(numeric)), `at x = ${x}`).toBeLessThan(1e-6);
        checked++;
      }
      expect(checked).toBeGreaterThan(points.length - 10);
    }
  );

  it('writes the pieces as keras.ops', () => {
    expect(parseActivation('max(0, x)').python).toBe('keras.ops.maximum(0, x)');
    expect(parseActivation('min(x, 1) - abs(x)').python).toBe('keras.ops.minimum(x, 1) - keras.ops.abs(x)');
    expect(parseActivation('(x > 0) * x').python).toBe('keras.ops.cast(x > 0, x.dtype) * x');
    expect(parseActivation('sign(x)').python).toBe('keras.ops.sign(x)');
  });
});

describe('names every JavaScript object has are unknown names, not functions', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'])('%s', (name) => {
    expect(refused(`${name}(x)`)).toMatchObject({ kind: 'unknown-name', column: 1 });
    expect(refused(`${name}(x)`).message).toMatch(new RegExp(`^Unknown function "${name}"\\. Use x for the input`));
    expect(refused(`2 * ${name}`)).toMatchObject({ kind: 'unknown-name', column: 5 });
    expect(refused(`2 * ${name}`).message).toMatch(new RegExp(`^Unknown name "${name}"\\.`));
  });
});

describe('no input is too big to answer: each ends in an activation or a sentence', () => {
  const repeat = (n: number, part: string, join: string) => Array.from({ length: n }, () => part).join(join);

  it('products and sums that froze the page when simplified are differentiated as they are', () => {
    for (const n of [12, 14]) {
      const parsed = parseActivation(repeat(n, 'x', '*'));
      expect(parsed.df(1)).toBeCloseTo(n, 9);
      expect(parsed.df(0.5)).toBeCloseTo(n * 0.5 ** (n - 1), 12);
    }
    const sum = parseActivation(repeat(26, 'x', '+'));
    expect(sum.derivative).toBe('26');
    expect(parseActivation(repeat(100, 'x', '+')).df(2)).toBe(100);
  });

  it('a text past the length cap is refused before it is parsed, with its length', () => {
    const parse = vi.spyOn(math, 'parse');
    for (const text of [repeat(5000, 'x', '+'), repeat(3000, 'x', '*'), `${'('.repeat(10_000)}x${')'.repeat(10_000)}`]) {
      const error = refused(text);
      expect(error.kind).toBe('too-large');
      expect(error.message).toBe(
        `That is ${text.length.toLocaleString('en-US')} characters long; an activation here may have at most ${MAX_ACTIVATION_LENGTH}. Write a shorter one: x^12 rather than x*x*…*x, for example.`
      );
    }
    expect(parse).not.toHaveBeenCalled();
    expect(parseActivation(`${'('.repeat(99)}x${')'.repeat(99)}`).f(2)).toBe(2);
  });

  it('a derivative that would grow past the bound is stopped while it is built, with a sentence', () => {
    let text = 'sin(x)';
    for (let i = 0; i < 12; i++) text = `max(${text},${i % 2 ? 'sin' : 'cos'}(${i + 2}x))`;
    expect(text.length).toBeLessThanOrEqual(MAX_ACTIVATION_LENGTH);
    const error = refused(text);
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`Its derivative grows past ${MAX_TREE_SIZE.toLocaleString('en-US')} terms, too many to work with. Write a simpler activation: fewer nested max, min or powers of powers.`);
  });

  it('a derivative too large to typeset is still checked and used, without its formula', () => {
    let text = 'sin(x)';
    for (let i = 0; i < 7; i++) text = `max(${text},${i % 2 ? 'sin' : 'cos'}(${i + 2}x))`;
    const parsed = parseActivation(text);
    expect(parsed.derivativeSize).toBeGreaterThan(MAX_TEX_SIZE);
    expect(parsed.derivativeTex).toBeUndefined();
    const h = 1e-6;
    expect(parsed.df(0.3)).toBeCloseTo((parsed.f(0.3 + h) - parsed.f(0.3 - h)) / (2 * h), 5);
  });

  it('a stack overflow anywhere in the work becomes a sentence', () => {
    vi.spyOn(math, 'parse').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    expect(refused('x + 1')).toMatchObject({
      kind: 'too-large',
      message: 'This expression is nested too deeply to work with. Write it with fewer parentheses or fewer repeated pieces.'
    });
  });

  it('control characters and empty text are refused before parsing', () => {
    expect(refused('x +\n1')).toMatchObject({ kind: 'syntax', message: 'The expression has a control character (a tab or a line break, say) in it: write it on one line.' });
    expect(refused('')).toMatchObject({ kind: 'empty' });
  });
});
