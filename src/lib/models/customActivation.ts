/**
 * A learner's own activation, typed as an expression in x: parsed and differentiated
 * symbolically by mathjs, shown as LaTeX, compiled to plain closures for the training
 * loop and printed as a keras.ops expression for toKerasCode. Only what mathjs can
 * differentiate, and what stays finite on the range a hidden unit usually sees, gets
 * through; everything else is refused with a sentence that says where and why.
 */
import { create, derivativeDependencies, parseDependencies, type MathNode } from 'mathjs';
import type { CustomActivation } from './activations';

const math = create({ parseDependencies, derivativeDependencies });

/** The range on which f and its derivative must be finite: where a hidden unit's input mostly lies. */
export const CHECK_RANGE = [-6, 6] as const;
/** Samples per unit of x when checking the range; integers keep x = 0 exactly on the grid. */
const SAMPLES_PER_UNIT = 100;

type Unary = (a: number) => number;

/** Functions a learner may type, each with its plain-JS and keras.ops forms. */
const functions: Record<string, { js: Unary; python: (a: string) => string }> = {
  exp: { js: Math.exp, python: (a) => `keras.ops.exp(${a})` },
  log: { js: Math.log, python: (a) => `keras.ops.log(${a})` },
  sqrt: { js: Math.sqrt, python: (a) => `keras.ops.sqrt(${a})` },
  cbrt: { js: Math.cbrt, python: (a) => `keras.ops.cbrt(${a})` },
  sin: { js: Math.sin, python: (a) => `keras.ops.sin(${a})` },
  cos: { js: Math.cos, python: (a) => `keras.ops.cos(${a})` },
  tan: { js: Math.tan, python: (a) => `keras.ops.tan(${a})` },
  sinh: { js: Math.sinh, python: (a) => `keras.ops.sinh(${a})` },
  cosh: { js: Math.cosh, python: (a) => `keras.ops.cosh(${a})` },
  tanh: { js: Math.tanh, python: (a) => `keras.ops.tanh(${a})` },
  asin: { js: Math.asin, python: (a) => `keras.ops.arcsin(${a})` },
  acos: { js: Math.acos, python: (a) => `keras.ops.arccos(${a})` },
  atan: { js: Math.atan, python: (a) => `keras.ops.arctan(${a})` },
  asinh: { js: Math.asinh, python: (a) => `keras.ops.arcsinh(${a})` },
  acosh: { js: Math.acosh, python: (a) => `keras.ops.arccosh(${a})` },
  atanh: { js: Math.atanh, python: (a) => `keras.ops.arctanh(${a})` }
};

/** Functions that only ever appear in derivatives mathjs writes (d tan = sec², d tanh = sech²). */
const derivativeOnly: Record<string, { js: Unary; python: (a: string) => string }> = {
  sec: { js: (a) => 1 / Math.cos(a), python: (a) => `(1 / keras.ops.cos(${a}))` },
  sech: { js: (a) => 1 / Math.cosh(a), python: (a) => `(1 / keras.ops.cosh(${a}))` },
  csc: { js: (a) => 1 / Math.sin(a), python: (a) => `(1 / keras.ops.sin(${a}))` },
  csch: { js: (a) => 1 / Math.sinh(a), python: (a) => `(1 / keras.ops.sinh(${a}))` },
  cot: { js: (a) => 1 / Math.tan(a), python: (a) => `(1 / keras.ops.tan(${a}))` },
  coth: { js: (a) => 1 / Math.tanh(a), python: (a) => `(1 / keras.ops.tanh(${a}))` }
};

/** Functions with corners or jumps, and why each one cannot be used. */
const nonDifferentiable: Record<string, string> = {
  abs: 'abs(x) has a corner at x = 0, where it has no derivative. A smooth stand-in such as sqrt(x^2 + 0.01) works',
  sign: 'sign(x) is a step: its derivative is 0 everywhere except the jump at 0, where it has none, so there is no gradient to learn from',
  max: 'max(…) has a corner where its arguments cross, and mathjs cannot differentiate it. For a smooth ReLU, try log(1 + exp(x))',
  min: 'min(…) has a corner where its arguments cross, and mathjs cannot differentiate it',
  floor: 'floor(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  ceil: 'ceil(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  round: 'round(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  fix: 'fix(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  mod: 'mod(…) jumps back to 0 periodically, and has no derivative at those jumps'
};

const constants: Record<string, { value: number; python: string }> = {
  e: { value: Math.E, python: String(Math.E) },
  pi: { value: Math.PI, python: String(Math.PI) }
};

/** What the learner may type, for messages and help text. */
export const allowedNames = { variable: 'x', constants: Object.keys(constants), functions: Object.keys(functions) } as const;
const allowedSentence = `Use x for the input, the constants ${allowedNames.constants.join(' and ')}, and the functions ${allowedNames.functions.join(', ')}.`;

export type ActivationErrorKind = 'empty' | 'syntax' | 'unknown-name' | 'not-allowed' | 'non-differentiable' | 'not-finite';

/** Why an expression cannot be an activation: `column` (1-based) says where in the text, when a place is known. */
export class ActivationExpressionError extends Error {
  constructor(
    readonly kind: ActivationErrorKind,
    message: string,
    readonly column?: number
  ) {
    super(message);
    this.name = 'ActivationExpressionError';
  }
}

export interface ParsedActivation {
  /** the text as typed, trimmed */
  readonly expression: string;
  /** f as LaTeX, and its derivative */
  readonly tex: string;
  readonly derivativeTex: string;
  /** the derivative as mathjs writes it in plain text */
  readonly derivative: string;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** f as an expression in x over keras.ops */
  readonly python: string;
  /** things worth knowing that do not stop training: a linear f, a derivative that is 0 everywhere */
  readonly notes: readonly string[];
}

type Compiled = { js: (x: number) => number; python: string; precedence: number; usesX: boolean };

/** Python (and mathjs) precedence: + - < * / < unary - < ** < atoms and calls. */
const ATOM = 5;

function column(source: string, name: string): number | undefined {
  const match = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).exec(source);
  return match ? match.index + 1 : undefined;
}

function unwrap(node: MathNode): MathNode {
  // "f(x) = …" and "y = …" are kind ways of writing the expression itself
  const n = node as MathNode & { params?: string[]; expr?: MathNode; object?: MathNode; value?: MathNode };
  if (n.type === 'FunctionAssignmentNode' && n.params?.length === 1 && n.params[0] === 'x' && n.expr) return n.expr;
  if (n.type === 'AssignmentNode' && n.object?.type === 'SymbolNode' && n.value) return n.value;
  return node;
}

/** Checks a node against what may be typed and compiles it; `derivative` lets mathjs's own helpers (sec, sech…) through. */
function compile(node: MathNode, source: string, derivative: boolean): Compiled {
  const n = node as MathNode & { name?: string; value?: unknown; op?: string; fn?: string | MathNode; args?: MathNode[]; content?: MathNode };
  switch (n.type) {
    case 'ConstantNode': {
      const value = n.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ActivationExpressionError('not-allowed', `Only numbers may appear as constants, not ${JSON.stringify(value)}.`);
      }
      return { js: () => value, python: String(value), precedence: ATOM, usesX: false };
    }
    case 'SymbolNode': {
      const name = n.name as string;
      if (name === 'x') return { js: (x) => x, python: 'x', precedence: ATOM, usesX: true };
      const constant = constants[name];
      if (constant) return { js: () => constant.value, python: constant.python, precedence: ATOM, usesX: false };
      if (Object.hasOwn(functions, name) || Object.hasOwn(nonDifferentiable, name)) {
        throw new ActivationExpressionError('syntax', `${name} is a function: write ${name}(x).`, column(source, name));
      }
      throw new ActivationExpressionError('unknown-name', `Unknown name "${name}". ${allowedSentence}`, column(source, name));
    }
    case 'ParenthesisNode':
      return compile(n.content as MathNode, source, derivative);
    case 'OperatorNode':
      return compileOperator(n.op as string, n.fn as string, n.args ?? [], source, derivative);
    case 'FunctionNode': {
      const name = (n.fn as MathNode & { name?: string }).name ?? '';
      const args = n.args ?? [];
      if (Object.hasOwn(nonDifferentiable, name)) {
        throw new ActivationExpressionError('non-differentiable', `${nonDifferentiable[name]}.`, column(source, name));
      }
      const known = functions[name] ?? (derivative ? derivativeOnly[name] : undefined);
      if (!known) {
        throw new ActivationExpressionError('unknown-name', `Unknown function "${name}". ${allowedSentence}`, column(source, name));
      }
      if (args.length !== 1) {
        throw new ActivationExpressionError('not-allowed', `${name} takes one argument here, as in ${name}(x); it was given ${args.length}.`, column(source, name));
      }
      const inner = compile(args[0], source, derivative);
      const g = known.js;
      const a = inner.js;
      return { js: (x) => g(a(x)), python: known.python(inner.python), precedence: ATOM, usesX: inner.usesX };
    }
    default:
      throw new ActivationExpressionError('not-allowed', `Only arithmetic (+ - * / ^) and functions of x can make an activation; "${node.toString()}" is not one.`);
  }
}

function compileOperator(op: string, fn: string, args: MathNode[], source: string, derivative: boolean): Compiled {
  const [a, b] = args.map((arg) => compile(arg, source, derivative));
  const usesX = a.usesX || (b?.usesX ?? false);
  const wrap = (c: Compiled, needed: boolean) => (needed ? `(${c.python})` : c.python);
  switch (fn) {
    case 'unaryMinus':
      return { js: (x) => -a.js(x), python: `-${wrap(a, a.precedence < 3)}`, precedence: 3, usesX };
    case 'unaryPlus':
      return a;
    case 'add':
      return { js: (x) => a.js(x) + b.js(x), python: `${wrap(a, a.precedence < 1)} + ${wrap(b, b.precedence <= 1)}`, precedence: 1, usesX };
    case 'subtract':
      return { js: (x) => a.js(x) - b.js(x), python: `${wrap(a, a.precedence < 1)} - ${wrap(b, b.precedence <= 1)}`, precedence: 1, usesX };
    case 'multiply':
      return { js: (x) => a.js(x) * b.js(x), python: `${wrap(a, a.precedence < 2)} * ${wrap(b, b.precedence <= 2)}`, precedence: 2, usesX };
    case 'divide':
      return { js: (x) => a.js(x) / b.js(x), python: `${wrap(a, a.precedence < 2)} / ${wrap(b, b.precedence <= 2)}`, precedence: 2, usesX };
    case 'pow':
      // ** binds right to left and tighter than unary minus: (-x) ** 2, x ** (-1)
      return { js: (x) => Math.pow(a.js(x), b.js(x)), python: `${wrap(a, a.precedence <= 4)} ** ${wrap(b, b.precedence < 4)}`, precedence: 4, usesX };
    default: {
      const at = source.indexOf(op);
      throw new ActivationExpressionError(
        'not-allowed',
        `The operator "${op}" cannot be used in an activation: only + - * / and ^ can.`,
        at >= 0 ? at + 1 : undefined
      );
    }
  }
}

function describeValue(v: number): string {
  return Number.isNaN(v) ? 'undefined' : v > 0 ? 'infinite (+∞) in 32-bit floats' : 'infinite (−∞) in 32-bit floats';
}

function formatX(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** The largest magnitude a Float32Array holds: the engine's tensors overflow to ±∞ beyond it. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The first x on the checked range where g is not finite in 32-bit floats, or undefined. */
function firstNonFinite(g: (x: number) => number): { x: number; value: number } | undefined {
  const [lo, hi] = CHECK_RANGE;
  for (let i = lo * SAMPLES_PER_UNIT; i <= hi * SAMPLES_PER_UNIT; i++) {
    const x = i / SAMPLES_PER_UNIT;
    const value = g(x);
    if (Number.isNaN(value)) return { x, value };
    if (!(Math.abs(value) <= FLOAT32_MAX)) return { x, value: value > 0 ? Infinity : -Infinity };
  }
  return undefined;
}

function notesAbout(df: (x: number) => number): string[] {
  const [lo, hi] = CHECK_RANGE;
  let min = Infinity;
  let max = -Infinity;
  for (let i = lo * 10; i <= hi * 10; i++) {
    const d = df(i / 10);
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  if (max === 0 && min === 0) {
    return ['Its derivative is 0 everywhere: no gradient flows back through it, so the layers below it cannot learn.'];
  }
  if (Math.abs(max - min) <= 1e-9 * Math.max(1, Math.abs(max))) {
    return ['It is a straight line, so a network of such units is one linear function however many layers it has: it cannot separate XOR.'];
  }
  return [];
}

/**
 * Parses, checks, differentiates and compiles a learner's activation.
 * Throws an ActivationExpressionError that says what is wrong and, where it can, where.
 */
export function parseActivation(expression: string): ParsedActivation {
  const source = expression.trim();
  if (!source) throw new ActivationExpressionError('empty', 'Type an expression in x, for example 1 / (1 + exp(-x)).');
  let node: MathNode;
  try {
    node = unwrap(math.parse(source));
  } catch (error) {
    const char = (error as { char?: number }).char;
    // mathjs counts from 1, over the trimmed text; the learner sees the text as typed
    const offset = expression.indexOf(source);
    const at = typeof char === 'number' ? char + offset : undefined;
    const reason = (error as Error).message.replace(/\s*\(char \d+\)\s*$/, '');
    throw new ActivationExpressionError('syntax', at ? `${reason} at column ${at}.` : `${reason}.`, at);
  }
  const f = compile(node, expression, false);
  let derivativeNode: MathNode;
  try {
    derivativeNode = math.derivative(node, 'x');
  } catch {
    throw new ActivationExpressionError('non-differentiable', 'mathjs cannot differentiate this expression, so there is no gradient to learn from.');
  }
  const df = compile(derivativeNode, expression, true);

  const badF = firstNonFinite(f.js);
  if (badF) {
    throw new ActivationExpressionError(
      'not-finite',
      `f(x) is ${describeValue(badF.value)} at x = ${formatX(badF.x)}; an activation must be defined for every x from ${CHECK_RANGE[0]} to ${CHECK_RANGE[1]}.`
    );
  }
  const badDf = firstNonFinite(df.js);
  if (badDf) {
    throw new ActivationExpressionError(
      'not-finite',
      `Its derivative is ${describeValue(badDf.value)} at x = ${formatX(badDf.x)}, so a gradient step there would be meaningless; the derivative must be finite for every x from ${CHECK_RANGE[0]} to ${CHECK_RANGE[1]}.`
    );
  }
    return {
    expression: source,
    tex: node.toTex({ implicit: 'show', parenthesis: 'auto' }),
    derivativeTex: derivativeNode.toTex({ implicit: 'show', parenthesis: 'auto' }),
    derivative: derivativeNode.toString(),
    f: f.js,
    df: df.js,
    python: f.usesX ? f.python : `keras.ops.full_like(x, ${f.python})`,
    notes: notesAbout(df.js)
  };
}

export type ActivationParse = { ok: true; activation: ParsedActivation } | { ok: false; error: ActivationExpressionError };

/** parseActivation without throwing, for inputs that re-check on every keystroke. */
export function tryParseActivation(expression: string): ActivationParse {
  try {
    return { ok: true, activation: parseActivation(expression) };
  } catch (error) {
    if (error instanceof ActivationExpressionError) return { ok: false, error };
    throw error;
  }
}

/** A learner's activation as a layer takes it: f, df and the Keras form. */
export function customActivation(expression: string, name = 'my_activation'): CustomActivation {
  const parsed = parseActivation(expression);
  return { name, f: parsed.f, df: parsed.df, python: parsed.python };
}
