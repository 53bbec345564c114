/**
 * The functions a learner may type in an activation, each with its plain-JS form, its
 * keras.ops form and its derivative rule: one table, so whatever can be typed can be
 * differentiated. Looked up with Object.hasOwn only: a name such as "toString" or
 * "constructor" is a property of every object, and must read as unknown.
 *
 * Corners and jumps take a slope by convention, as the chapter says software does:
 * |u|' = sign(u)·u' (0 at 0); sign and comparisons have slope 0; max and min follow the
 * argument that wins, and at a tie take the slope from the left (max the smaller slope,
 * min the larger), so ReLU, max(0, x), has slope 0 at 0 whichever way it is written.
 */
import { add, call, compare, div, mul, neg, num, numberOf, piecewise, pow, sameNode, sub, type MathNode } from './expressionNodes';

type Unary = (a: number) => number;

export interface AllowedFunction {
  readonly arity: number;
  readonly js: (...args: number[]) => number;
  readonly python: (...args: string[]) => string;
  /** the derivative of name(args) in x, given the arguments and their derivatives */
  readonly derivative: (args: MathNode[], slopes: MathNode[]) => MathNode;
}

function unary(js: Unary, python: string, rule: (u: MathNode, du: MathNode) => MathNode): AllowedFunction {
  return { arity: 1, js, python: (a) => `${python}(${a})`, derivative: ([u], [du]) => rule(u, du) };
}

/** max(a, b)' or min(a, b)': the winner's slope; at a tie the slope from the left. */
function extremum(isMax: boolean): AllowedFunction['derivative'] {
  return ([a, b], [da, db]) => {
    if (sameNode(da, db)) return da;
    const [x, y] = [numberOf(da), numberOf(db)];
    const tie = x !== undefined && y !== undefined ? num(isMax ? Math.min(x, y) : Math.max(x, y)) : call(isMax ? 'min' : 'max', da, db);
    const aWins = compare(isMax ? 'larger' : 'smaller', a, b);
    if (sameNode(tie, db)) return piecewise(aWins, da, db);
    if (sameNode(tie, da)) return piecewise(compare(isMax ? 'largerEq' : 'smallerEq', a, b), da, db);
    return piecewise(aWins, da, piecewise(compare(isMax ? 'smaller' : 'larger', a, b), db, tie));
  };
}

const one = () => num(1);
const sqrtOf = (u: MathNode) => call('sqrt', u);

export const allowedFunctions: Readonly<Record<string, AllowedFunction>> = {
  exp: unary(Math.exp, 'keras.ops.exp', (u, du) => mul(call('exp', u), du)),
  log: unary(Math.log, 'keras.ops.log', (u, du) => div(du, u)),
  sqrt: unary(Math.sqrt, 'keras.ops.sqrt', (u, du) => div(du, mul(num(2), sqrtOf(u)))),
  cbrt: unary(Math.cbrt, 'keras.ops.cbrt', (u, du) => div(du, mul(num(3), pow(call('cbrt', u), num(2))))),
  sin: unary(Math.sin, 'keras.ops.sin', (u, du) => mul(call('cos', u), du)),
  cos: unary(Math.cos, 'keras.ops.cos', (u, du) => neg(mul(call('sin', u), du))),
  tan: unary(Math.tan, 'keras.ops.tan', (u, du) => div(du, pow(call('cos', u), num(2)))),
  sinh: unary(Math.sinh, 'keras.ops.sinh', (u, du) => mul(call('cosh', u), du)),
  cosh: unary(Math.cosh, 'keras.ops.cosh', (u, du) => mul(call('sinh', u), du)),
  tanh: unary(Math.tanh, 'keras.ops.tanh', (u, du) => mul(sub(one(), pow(call('tanh', u), num(2))), du)),
  asin: unary(Math.asin, 'keras.ops.arcsin', (u, du) => div(du, sqrtOf(sub(one(), pow(u, num(2)))))),
  acos: unary(Math.acos, 'keras.ops.arccos', (u, du) => neg(div(du, sqrtOf(sub(one(), pow(u, num(2))))))),
  atan: unary(Math.atan, 'keras.ops.arctan', (u, du) => div(du, add(one(), pow(u, num(2))))),
  asinh: unary(Math.asinh, 'keras.ops.arcsinh', (u, du) => div(du, sqrtOf(add(pow(u, num(2)), one())))),
  acosh: unary(Math.acosh, 'keras.ops.arccosh', (u, du) => div(du, sqrtOf(sub(pow(u, num(2)), one())))),
  atanh: unary(Math.atanh, 'keras.ops.arctanh', (u, du) => div(du, sub(one(), pow(u, num(2))))),
  abs: unary(Math.abs, 'keras.ops.abs', (u, du) => mul(call('sign', u), du)),
  sign: unary(Math.sign, 'keras.ops.sign', () => num(0)),
  max: { arity: 2, js: Math.max, python: (a, b) => `keras.ops.maximum(${a}, ${b})`, derivative: extremum(true) },
  min: { arity: 2, js: Math.min, python: (a, b) => `keras.ops.minimum(${a}, ${b})`, derivative: extremum(false) }
};

export function isAllowedFunction(name: string): boolean {
  return Object.hasOwn(allowedFunctions, name);
}

/** Functions with jumps everywhere, or periodic ones, and why each one cannot be used. */
export const refusedFunctions: Readonly<Record<string, string>> = {
  floor: 'floor(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  ceil: 'ceil(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  round: 'round(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  fix: 'fix(x) is a staircase: its derivative is 0 on every step and undefined at every jump, so there is no gradient to learn from',
  mod: 'mod(…) jumps back to 0 periodically, and has no derivative at those jumps'
};

export function isRefusedFunction(name: string): boolean {
  return Object.hasOwn(refusedFunctions, name);
}

export const constants: Readonly<Record<string, { value: number; python: string }>> = {
  e: { value: Math.E, python: String(Math.E) },
  pi: { value: Math.PI, python: String(Math.PI) }
};

export function isConstant(name: string): boolean {
  return Object.hasOwn(constants, name);
}
