import { describe, expect, it } from 'vitest';
import { Dense } from '../../src/lib/models/layers/dense';
import { ActivationExpressionError, CHECK_RANGE, customActivation, parseActivation, tryParseActivation } from '../../src/lib/models/customActivation';
import { buildModel } from '../../src/lib/models/modelSpec';

function refused(expression: string): ActivationExpressionError {
  const result = tryParseActivation(expression);
  if (result.ok) throw new Error(`"${expression}" was accepted`);
  return result.error;
}

/** Evenly spaced points on the checked range, off the integer grid the parser samples. */
const points = Array.from({ length: 241 }, (_, i) => CHECK_RANGE[0] + 0.0123 + i * 0.05).filter((x) => x <= CHECK_RANGE[1]);

describe('parseActivation', () => {
  it('parses the classic activations and evaluates them as plain numbers', () => {
    const sigmoid = parseActivation('1 / (1 + exp(-x))');
    expect(sigmoid.f(0)).toBe(0.5);
    expect(sigmoid.f(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(sigmoid.df(0)).toBeCloseTo(0.25, 12);
    const tanh = parseActivation('tanh(x)');
    expect(tanh.df(0.7)).toBeCloseTo(1 - Math.tanh(0.7) ** 2, 12);
    expect(parseActivation('2x').f(3)).toBe(6);
    expect(parseActivation('pi * x + e').f(1)).toBeCloseTo(Math.PI + Math.E, 12);
  });

  it('derives symbolically: softplus has the sigmoid as its derivative', () => {
    const softplus = parseActivation('log(1 + exp(x))');
    expect(softplus.derivative).toBe('exp(x) / (1 + exp(x))');
    for (const x of points) expect(softplus.df(x)).toBeCloseTo(1 / (1 + Math.exp(-x)), 12);
    expect(parseActivation('x^3').derivative).toBe('3 * x ^ 2');
  });

  it('shows f and its derivative as LaTeX', () => {
    const parsed = parseActivation('1 / (1 + exp(-x))');
    expect(parsed.tex).toBe('\\frac{1}{1+\\exp\\left(- x\\right)}');
    expect(parsed.derivativeTex).toContain('\\frac{\\exp\\left(- x\\right)}');
    expect(parseActivation('x^2').derivativeTex).toBe('2\\cdot x');
  });

  it.each([
    '1 / (1 + exp(-x))',
    'tanh(x)',
    'log(1 + exp(x))',
    'x^3 - 2 * x',
    'sin(x) * cos(2 * x)',
    'x / sqrt(1 + x^2)',
    'exp(-x^2 / 2)',
    'atan(x) + asinh(x)',
    'tan(x / 5)',
    'cosh(x / 3) - sinh(x / 4)',
    'x * tanh(log(1 + exp(x)))',
    '2^(-x) + x^2',
    'cbrt(x^2 + 1)',
    'acos(x / 7) + asin(x / 8) + atanh(x / 9) + acosh(x^2 + 2)'
  ])('df matches finite differences of f everywhere on [-6, 6]: %s', (expression) => {
    const { f, df } = parseActivation(expression);
    const h = 1e-5;
    for (const x of points) {
      const numeric = (f(x + h) - f(x - h)) / (2 * h);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs(df(x) - numeric) / scale, `at x = ${x}`).toBeLessThan(1e-6);
    }
  });

  it('accepts "f(x) = …" and "y = …" as the expression itself, and trims', () => {
    expect(parseActivation('f(x) = x^2').f(3)).toBe(9);
    expect(parseActivation('  y = 2 * x ').df(1)).toBe(2);
    expect(parseActivation('  y = 2 * x ').expression).toBe('y = 2 * x');
  });

  it('writes a keras.ops expression with Python precedence', () => {
    expect(parseActivation('1 / (1 + exp(-x))').python).toBe('1 / (1 + keras.ops.exp(-x))');
    expect(parseActivation('-x^2').python).toBe('-x ** 2');
    expect(parseActivation('(-x)^2').python).toBe('(-x) ** 2');
    expect(parseActivation('2^(-x)').python).toBe('2 ** (-x)');
    expect(parseActivation('(x^2)^3').python).toBe('(x ** 2) ** 3');
    expect(parseActivation('x - (x - 1)').python).toBe('x - (x - 1)');
    expect(parseActivation('atan(x) * e').python).toBe(`keras.ops.arctan(x) * ${Math.E}`);
    // a constant activation must still return a tensor shaped like x
    expect(parseActivation('exp(1)').python).toBe('keras.ops.full_like(x, keras.ops.exp(1))');
  });

  it('notes a derivative that is 0 everywhere, and a straight line', () => {
    expect(parseActivation('3').notes[0]).toMatch(/derivative is 0 everywhere/);
    expect(parseActivation('2 * x + 1').notes[0]).toMatch(/straight line.*cannot separate XOR/);
    expect(parseActivation('x^2').notes).toEqual([]);
  });
});

describe('what parseActivation refuses, and how it says so', () => {
  it('an empty input', () => {
    const error = refused('   ');
    expect(error.kind).toBe('empty');
    expect(error.message).toBe('Type an expression in x, for example 1 / (1 + exp(-x)).');
  });

  it('a syntax error, with the column where it fails (counted in the text as typed)', () => {
    const error = refused('x +* 2');
    expect(error).toMatchObject({ kind: 'syntax', column: 4, message: 'Value expected at column 4.' });
    expect(refused('  (x + 1')).toMatchObject({ kind: 'syntax', column: 9, message: 'Parenthesis ) expected at column 9.' });
    expect(refused('exp')).toMatchObject({ kind: 'syntax', column: 1, message: 'exp is a function: write exp(x).' });
  });

  it('an unknown name or function, named, with what is allowed', () => {
    const error = refused('x + y');
    expect(error).toMatchObject({ kind: 'unknown-name', column: 5 });
    expect(error.message).toBe(
      'Unknown name "y". Use x for the input, the constants e and pi, and the functions exp, log, sqrt, cbrt, sin, cos, tan, sinh, cosh, tanh, asin, acos, atan, asinh, acosh, atanh, abs, sign, max, min.'
    );
    expect(refused('2 * relu(x)')).toMatchObject({ kind: 'unknown-name', column: 5 });
    expect(refused('2 * relu(x)').message).toMatch(/^Unknown function "relu"\. Use x for the input/);
  });

  it('a staircase or a periodic jump, by name and place', () => {
    expect(refused('2 * floor(x)')).toMatchObject({ kind: 'non-differentiable', column: 5 });
    expect(refused('floor(x)').message).toBe('floor(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from.');
    expect(refused('round(x) + x').kind).toBe('non-differentiable');
    expect(refused('mod(x, 2)').message).toMatch(/^mod\(…\) jumps back to 0 periodically/);
  });

  it('f undefined or infinite somewhere on [-6, 6]', () => {
    expect(refused('log(x)')).toMatchObject({
      kind: 'not-finite',
      message: 'f(x) is undefined at x = -6; an activation must be defined for every x from -6 to 6.'
    });
    expect(refused('1 / x').message).toBe('f(x) is infinite (+∞) in 32-bit floats at x = 0; an activation must be defined for every x from -6 to 6.');
    // finite in double precision, but the engine's tensors are Float32Arrays
    expect(refused('-exp(x^3 / 2)').message).toBe('f(x) is infinite (−∞) in 32-bit floats at x = 5.62; an activation must be defined for every x from -6 to 6.');
  });

  it('a derivative that is not finite on [-6, 6], though f is', () => {
    const error = refused('cbrt(x)');
    expect(error.kind).toBe('not-finite');
    expect(error.message).toMatch(/^Its derivative is (infinite \(\+∞\) in 32-bit floats|undefined) at x = /);
    expect(refused('sqrt(x^2)').message).toBe(
      'Its derivative is undefined at x = 0, so a gradient step there would be meaningless; the derivative must be finite for every x from -6 to 6.'
    );
  });

  it('operators and forms that are not arithmetic', () => {
    expect(refused('x and 1')).toMatchObject({
      kind: 'not-allowed',
      column: 3,
      message: 'The operator "and" cannot be used in an activation: only + - * / ^ and the comparisons < <= > >= == != can.'
    });
    expect(refused('x % 2').kind).toBe('not-allowed');
    expect(refused('[x, 1]').message).toBe('Only arithmetic (+ - * / ^), comparisons and functions of x can make an activation; "[x, 1]" is not one.');
    expect(refused('sin(x, 2)').message).toBe('sin takes one argument here, as in sin(x); it was given 2.');
    expect(refused('max(x)').message).toBe('max takes 2 arguments here, as in max(0, x); it was given 1.');
  });

  it('throws the same errors from parseActivation', () => {
    expect(() => parseActivation('x +')).toThrow(ActivationExpressionError);
  });
});

describe('a custom activation in a model', () => {
  it('builds a Dense layer from {expression} and prints it as Keras code', () => {
    const model = buildModel({
      inputShape: [2],
      layers: [
        { type: 'dense', units: 3, activation: { expression: 'log(1 + exp(x))', name: 'softplus' } },
        { type: 'dense', units: 1, activation: 'sigmoid' }
      ],
      optimizer: 'sgd',
      loss: 'binaryCrossentropy',
      learningRate: 0.1,
      seed: 1
    });
    const dense = model.layers[0] as Dense;
    expect(typeof dense.activation).toBe('object');
    const code = model.toKerasCode();
    expect(code).toContain('def softplus(x):');
    expect(code).toContain('return keras.ops.log(1 + keras.ops.exp(x))');
    expect(code).toContain('activation=softplus');
  });

  it('refuses a bad expression when the model is built, with the same message', () => {
    expect(() => customActivation('floor(x)')).toThrow(/floor\(x\) is a staircase/);
  });
});
