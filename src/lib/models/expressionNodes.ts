/**
 * Building expression trees for a learner's activation and its derivative: mathjs's
 * parser and node classes, and constructors that fold what they can as they build
 * (0 + u = u, 1 · u = u, 2 · 3 = 6, −(−u) = u). That local folding is the only
 * simplification a derivative gets: it costs one step per node, where mathjs's own
 * simplify searches rewritings and takes seconds on a product of a dozen x's.
 *
 * Every node knows its size counted as a tree (a subtree used twice counts twice), so a
 * derivative that would grow past a bound is stopped while it is built, before anything
 * walks it.
 */
import { create, parseDependencies, type MathNode } from 'mathjs';

export const math = create({ parseDependencies });
const { ConstantNode, OperatorNode, FunctionNode, SymbolNode, ConditionalNode } = math;

export type { MathNode };

/** The most nodes a derivative may have, counted as a tree: past it, evaluating it on every sample would hold the worker. */
export const MAX_TREE_SIZE = 20_000;

/** Thrown by a constructor whose result would be larger than MAX_TREE_SIZE. */
export class TreeTooLarge extends Error {
  constructor(readonly size: number) {
    super(`an expression of ${size} nodes`);
    this.name = 'TreeTooLarge';
  }
}

const sizes = new WeakMap<MathNode, number>();

/** Nodes in the tree under `node`, each use of a shared subtree counted; remembered, so asking again is free. */
export function treeSize(node: MathNode): number {
  let size = sizes.get(node);
  if (size === undefined) {
    let total = 1;
    node.forEach((child) => (total += treeSize(child)));
    size = total;
    sizes.set(node, size);
  }
  return size;
}

function checked<T extends MathNode>(node: T): T {
  const size = treeSize(node);
  if (size > MAX_TREE_SIZE) throw new TreeTooLarge(size);
  return node;
}

type Loose = MathNode & { value?: unknown; name?: string; fn?: string | MathNode; op?: string; args?: MathNode[]; content?: MathNode };

/** The node without the parentheses the learner typed around it. */
export function bare(node: MathNode): Loose {
  let n = node as Loose;
  while (n.type === 'ParenthesisNode' && n.content) n = n.content as Loose;
  return n;
}

/** The number a node is, if it is a plain number. */
export function numberOf(node: MathNode): number | undefined {
  const n = bare(node);
  if (n.type === 'ConstantNode' && typeof n.value === 'number') return n.value;
  if (n.type === 'OperatorNode' && n.fn === 'unaryMinus') {
    const inner = numberOf((n.args as MathNode[])[0]);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

const isNumber = (node: MathNode, value: number) => numberOf(node) === value;
const isNegation = (node: MathNode) => bare(node).type === 'OperatorNode' && bare(node).fn === 'unaryMinus';
const negated = (node: MathNode) => (bare(node).args as MathNode[])[0];

/** Trees compared node by node only up to this size, so that each constructor call stays cheap. */
const COMPARED_SIZE = 64;

/** Two nodes that are certainly equal: the same object, the same number, or the same small tree. */
export function sameNode(a: MathNode, b: MathNode): boolean {
  if (a === b) return true;
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x !== undefined || y !== undefined) return x === y;
  const [p, q] = [bare(a), bare(b)];
  const size = treeSize(p);
  return size <= COMPARED_SIZE && size === treeSize(q) && p.equals(q);
}

/** k · u as [k, u]: a number times the rest, 1 when there is none. */
function coefficient(node: MathNode): [number, MathNode] {
  const n = bare(node);
  if (n.type === 'OperatorNode' && n.fn === 'multiply') {
    const [k, rest] = n.args as MathNode[];
    const value = numberOf(k);
    if (value !== undefined) return [value, rest];
  }
  return [1, node];
}

/** u ^ n as [u, n] for a number n, 1 when there is none. */
function power(node: MathNode): [MathNode, number] {
  const n = bare(node);
  if (n.type === 'OperatorNode' && n.fn === 'pow') {
    const [base, exponent] = n.args as MathNode[];
    const value = numberOf(exponent);
    if (value !== undefined) return [base, value];
  }
  return [node, 1];
}

export function num(value: number): MathNode {
  // −0 would print as "-0"
  return new ConstantNode(value === 0 ? 0 : value);
}

export function symbol(name: string): MathNode {
  return new SymbolNode(name);
}

const operator = (op: string, fn: string, args: MathNode[]) => checked(new OperatorNode(op as '+', fn as 'add', args));

export function neg(a: MathNode): MathNode {
  const value = numberOf(a);
  if (value !== undefined) return num(-value);
  if (isNegation(a)) return negated(a);
  return operator('-', 'unaryMinus', [a]);
}

export function add(a: MathNode, b: MathNode): MathNode {
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x !== undefined && y !== undefined) return num(x + y);
  if (x === 0) return b;
  if (y === 0) return a;
  if (isNegation(b)) return sub(a, negated(b));
  if (y !== undefined && y < 0) return sub(a, num(-y));
  if (isNegation(a) && x === undefined) return sub(b, negated(a));
  const [[j, u], [k, v]] = [coefficient(a), coefficient(b)];
  if (sameNode(u, v)) return mul(num(j + k), u);
  return operator('+', 'add', [a, b]);
}

export function sub(a: MathNode, b: MathNode): MathNode {
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x !== undefined && y !== undefined) return num(x - y);
  if (y === 0) return a;
  if (x === 0) return neg(b);
  if (isNegation(b)) return add(a, negated(b));
  if (y !== undefined && y < 0) return add(a, num(-y));
  const [[j, u], [k, v]] = [coefficient(a), coefficient(b)];
  if (sameNode(u, v)) return mul(num(j - k), u);
  return operator('-', 'subtract', [a, b]);
}

export function mul(a: MathNode, b: MathNode): MathNode {
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x !== undefined && y !== undefined) return num(x * y);
  if (x === 0 || y === 0) return num(0);
  if (x === 1) return b;
  if (y === 1) return a;
  if (x === -1) return neg(b);
  if (y === -1) return neg(a);
  // the number first, as one writes 3·x², and one number per product
  if (y !== undefined) return mul(b, a);
  if (isNegation(a)) return neg(mul(negated(a), b));
  if (isNegation(b)) return neg(mul(a, negated(b)));
  // k·u · v = k·(u·v), j · k·u = (j·k)·u, u^m · u^n = u^(m+n)
  const [[j, u], [k, v]] = [coefficient(a), coefficient(b)];
  if (j !== 1 || k !== 1) return x !== undefined ? mul(num(x * k), v) : mul(num(j * k), mul(u, v));
  const [[p, m], [q, n]] = [power(a), power(b)];
  if (sameNode(p, q)) return pow(p, num(m + n));
  return operator('*', 'multiply', [a, b]);
}

export function div(a: MathNode, b: MathNode): MathNode {
  const [x, y] = [numberOf(a), numberOf(b)];
  if (x === 0 && y !== 0) return num(0);
  if (y === 1) return a;
  if (x !== undefined && y !== undefined && y !== 0) return num(x / y);
  if (isNegation(a)) return neg(div(negated(a), b));
  return operator('/', 'divide', [a, b]);
}

export function pow(a: MathNode, b: MathNode): MathNode {
  const y = numberOf(b);
  if (y === 1) return a;
  if (y === 0) return num(1);
  return operator('^', 'pow', [a, b]);
}

export function call(name: string, ...args: MathNode[]): MathNode {
  return checked(new FunctionNode(new SymbolNode(name), args));
}

/** mathjs's names of the comparisons, and each one with its sides swapped. */
export const comparisons = { larger: 'smaller', smaller: 'larger', largerEq: 'smallerEq', smallerEq: 'largerEq', equal: 'equal', unequal: 'unequal' } as const;
export type Comparison = keyof typeof comparisons;
const comparisonOps: Record<Comparison, string> = { larger: '>', smaller: '<', largerEq: '>=', smallerEq: '<=', equal: '==', unequal: '!=' };

export function isComparison(fn: unknown): fn is Comparison {
  return typeof fn === 'string' && Object.hasOwn(comparisons, fn);
}

/** a (fn) b, written with the number on the right: x ≤ 0 rather than 0 ≥ x. */
export function compare(fn: Comparison, a: MathNode, b: MathNode): MathNode {
  if (numberOf(a) !== undefined && numberOf(b) === undefined) return compare(comparisons[fn], b, a);
  return operator(comparisonOps[fn], fn, [a, b]);
}

/** `a` where `condition` holds, else `b`: a piece of a piecewise function. */
export function piecewise(condition: MathNode, a: MathNode, b: MathNode): MathNode {
  if (sameNode(a, b)) return a;
  return checked(new ConditionalNode(condition, a, b));
}
