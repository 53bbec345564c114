/**
 * A learner's own activation, typed as an expression in x: parsed by mathjs, checked
 * against an allow-list, differentiated rule by rule (activationDerivative), shown as
 * LaTeX, compiled to plain closures for the training loop and printed as a keras.ops
 * expression for toKerasCode. Only what is differentiable almost everywhere, and what
 * stays finite on the range a hidden unit usually sees, gets through; everything else,
 * however long, deep or odd, is refused with a sentence that says where and why.
 */
import { derivative as differentiate } from './activationDerivative';
import { allowedFunctions, constants, isAllowedFunction, isConstant, isRefusedFunction, refusedFunctions } from './activationFunctions';
import { toTex } from './activationTex';
import { activationTextProblem } from './activationText';
import type { CustomActivation } from './activations';
import { isComparison, math, MAX_TREE_SIZE, TreeTooLarge, treeSize, type MathNode } from './expressionNodes';

export { MAX_ACTIVATION_LENGTH } from './activationText';

/** The range on which f and its derivative must be finite: where a hidden unit's input mostly lies. */
export const CHECK_RANGE = [-6, 6] as const;
/** Samples per unit of x when checking the range; integers keep x = 0 exactly on the grid. */
const SAMPLES_PER_UNIT = 100;
/** The largest derivative (in nodes) still typeset: past it a formula is a wall of symbols, and slow to lay out. */
export const MAX_TEX_SIZE = 400;

/** What the learner may type, for messages and help text. */
export const allowedNames = { variable: 'x', constants: Object.keys(constants), functions: Object.keys(allowedFunctions) } as const;
const allowedSentence = `Use x for the input, the constants ${allowedNames.constants.join(' and ')}, and the functions ${allowedNames.functions.join(', ')}.`;

export type ActivationErrorKind = 'empty' | 'syntax' | 'unknown-name' | 'not-allowed' | 'non-differentiable' | 'not-finite' | 'too-large';

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
  /** f as LaTeX, and its derivative (undefined when it is too large to typeset: see derivativeSize) */
  readonly tex: string;
  readonly derivativeTex: string | undefined;
  /** the derivative as plain text, and its size in nodes */
  readonly derivative: string;
  readonly derivativeSize: number;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /** f as an expression in x over keras.ops */
  readonly python: string;
  /** things worth knowing that do not stop training: a linear f, a derivative that is 0 everywhere */
  readonly notes: readonly string[];
}

/** `test` is a comparison's Python as a boolean, for keras.ops.where. */
type Compiled = { js: (x: number) => number; python: string; precedence: number; usesX: boolean; test?: string };

/** Python (and mathjs) precedence: + - < * / < unary - < ** < atoms and calls. */
const ATOM = 5;

function column(source: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![A-Za-z0-9_$])${escaped}(?![A-Za-z0-9_$])`).exec(source);
  return match ? match.index + 1 : undefined;
}

function unwrap(node: MathNode): MathNode {
  // "f(x) = …" and "y = …" are kind ways of writing the expression itself
  const n = node as MathNode & { params?: string[]; expr?: MathNode; object?: MathNode; value?: MathNode };
  if (n.type === 'FunctionAssignmentNode' && n.params?.length === 1 && n.params[0] === 'x' && n.expr) return n.expr;
  if (n.type === 'AssignmentNode' && n.object?.type === 'SymbolNode' && n.value) return n.value;
  return node;
}

type Loose = MathNode & { name?: string; value?: unknown; op?: string; fn?: string | MathNode; args?: MathNode[]; content?: MathNode; condition?: MathNode; trueExpr?: MathNode; falseExpr?: MathNode };

const atom = (js: Compiled['js'], python: string, usesX: boolean): Compiled => ({ js, python, precedence: ATOM, usesX });

/** Checks a node against what may be typed and compiles it: anything not allowed is refused, by name. */
function compile(node: MathNode, source: string): Compiled {
  const n = node as Loose;
  switch (n.type) {
    case 'ConstantNode': {
      const value = n.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ActivationExpressionError('not-allowed', `Only numbers may appear as constants, not ${JSON.stringify(value)}.`);
      }
      // a negative number (folded into a derivative) needs parentheses where a minus sign would
      return { js: () => value, python: String(value), precedence: value < 0 ? 3 : ATOM, usesX: false };
    }
    case 'SymbolNode': {
      const name = n.name as string;
      if (name === 'x') return atom((x) => x, 'x', true);
      if (isConstant(name)) {
        const { value, python } = constants[name];
        return atom(() => value, python, false);
      }
      if (isAllowedFunction(name) || isRefusedFunction(name)) {
        throw new ActivationExpressionError('syntax', `${name} is a function: write ${name}(x).`, column(source, name));
      }
      throw new ActivationExpressionError('unknown-name', `Unknown name "${name}". ${allowedSentence}`, column(source, name));
    }
    case 'ParenthesisNode':
      return compile(n.content as MathNode, source);
    case 'OperatorNode':
      return compileOperator(n.op as string, n.fn as string, n.args ?? [], source);
    case 'ConditionalNode': {
      const [test, a, b] = [n.condition, n.trueExpr, n.falseExpr].map((part) => compile(part as MathNode, source));
      const t = test.js;
      return atom(
        (x) => (t(x) !== 0 ? a.js(x) : b.js(x)),
        `keras.ops.where(${test.test ?? `${test.python} != 0`}, ${a.python}, ${b.python})`,
        test.usesX || a.usesX || b.usesX
      );
    }
    case 'FunctionNode': {
      const name = (n.fn as Loose).name ?? '';
      const args = n.args ?? [];
      if (isRefusedFunction(name)) {
        throw new ActivationExpressionError('non-differentiable', `${refusedFunctions[name]}.`, column(source, name));
      }
      if (!isAllowedFunction(name)) {
        throw new ActivationExpressionError('unknown-name', `Unknown function "${name}". ${allowedSentence}`, column(source, name));
      }
      const known = allowedFunctions[name];
      if (args.length !== known.arity) {
        const example = known.arity === 1 ? `${name}(x)` : `${name}(0, x)`;
        const count = known.arity === 1 ? 'one argument' : `${known.arity} arguments`;
        throw new ActivationExpressionError('not-allowed', `${name} takes ${count} here, as in ${example}; it was given ${args.length}.`, column(source, name));
      }
      const inner = args.map((arg) => compile(arg, source));
      const g = known.js;
      const usesX = inner.some((c) => c.usesX);
      const python = known.python(...inner.map((c) => c.python));
      if (inner.length === 1) {
        const a = inner[0].js;
        return atom((x) => g(a(x)), python, usesX);
      }
      const [a, b] = inner.map((c) => c.js);
      return atom((x) => g(a(x), b(x)), python, usesX);
    }
    default:
      throw new ActivationExpressionError(
        'not-allowed',
        `Only arithmetic (+ - * / ^), comparisons and functions of x can make an activation; "${node.toString()}" is not one.`
      );
  }
}

const comparisonJs: Record<string, (a: number, b: number) => boolean> = {
  larger: (a, b) => a > b,
  smaller: (a, b) => a < b,
  largerEq: (a, b) => a >= b,
  smallerEq: (a, b) => a <= b,
  equal: (a, b) => a === b,
  unequal: (a, b) => a !== b
};

const arithmetic = ['unaryMinus', 'unaryPlus', 'add', 'subtract', 'multiply', 'divide', 'pow'];

function compileOperator(op: string, fn: string, args: MathNode[], source: string): Compiled {
  if (!arithmetic.includes(fn) && !isComparison(fn)) {
    const at = source.indexOf(op);
    throw new ActivationExpressionError(
      'not-allowed',
      `The operator "${op}" cannot be used in an activation: only + - * / ^ and the comparisons < <= > >= == != can.`,
      at >= 0 ? at + 1 : undefined
    );
  }
  const [a, b] = args.map((arg) => compile(arg, source));
  const usesX = a.usesX || (b?.usesX ?? false);
  const wrap = (c: Compiled, needed: boolean) => (needed ? `(${c.python})` : c.python);
  if (isComparison(fn)) {
    // 1 where it holds, 0 elsewhere: a step, which the derivative takes as flat
    const holds = comparisonJs[fn];
    const test = `${a.python} ${op} ${b.python}`;
    return { js: (x) => (holds(a.js(x), b.js(x)) ? 1 : 0), python: `keras.ops.cast(${test}, x.dtype)`, precedence: ATOM, usesX, test };
  }
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
    default:
      // pow: ** binds right to left and tighter than unary minus: (-x) ** 2, x ** (-1)
      return { js: (x) => Math.pow(a.js(x), b.js(x)), python: `${wrap(a, a.precedence <= 4)} ** ${wrap(b, b.precedence < 4)}`, precedence: 4, usesX };
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
  const problem = activationTextProblem(expression);
  if (problem) throw new ActivationExpressionError(problem.kind, problem.message);
  try {
    return analyse(expression);
  } catch (error) {
    if (error instanceof ActivationExpressionError) throw error;
    if (error instanceof TreeTooLarge) {
      throw new ActivationExpressionError(
        'too-large',
        `Its derivative grows past ${MAX_TREE_SIZE.toLocaleString('en-US')} terms, too many to work with. Write a simpler activation: fewer nested max, min or powers of powers.`
      );
    }
    // a stack overflow (RangeError, or Firefox's InternalError) on something nested deeper than the length cap lets through
    if (error instanceof RangeError || (error as Error)?.name === 'InternalError') {
      throw new ActivationExpressionError('too-large', 'This expression is nested too deeply to work with. Write it with fewer parentheses or fewer repeated pieces.');
    }
    throw error;
  }
}

function analyse(expression: string): ParsedActivation {
  const source = expression.trim();
  let node: MathNode;
  try {
    node = unwrap(math.parse(source));
  } catch (error) {
    if (error instanceof RangeError) throw error;
    const char = (error as { char?: number }).char;
    // mathjs counts from 1, over the trimmed text; the learner sees the text as typed
    const offset = expression.indexOf(source);
    const at = typeof char === 'number' ? char + offset : undefined;
    const reason = (error as Error).message.replace(/\s*\(char \d+\)\s*$/, '');
    throw new ActivationExpressionError('syntax', at ? `${reason} at column ${at}.` : `${reason}.`, at);
  }
  const f = compile(node, expression);
  const derivativeNode = differentiate(node);
  const df = compile(derivativeNode, expression);

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
  const derivativeSize = treeSize(derivativeNode);
  return {
    expression: source,
    tex: toTex(node),
    derivativeTex: derivativeSize <= MAX_TEX_SIZE ? toTex(derivativeNode) : undefined,
    derivative: derivativeNode.toString(),
    derivativeSize,
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
