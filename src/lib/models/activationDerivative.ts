/**
 * d/dx of a checked activation, rule by rule (sum, product, quotient, power, chain, and
 * each allowed function's own rule), folding constants as it builds. One pass over the
 * tree: the work grows with the size of the result, which expressionNodes bounds.
 */
import { allowedFunctions } from './activationFunctions';
import { add, bare, call, div, isComparison, mul, neg, num, numberOf, piecewise, pow, sub, type MathNode } from './expressionNodes';

type Loose = MathNode & { name?: string; fn?: string | { name?: string }; args?: MathNode[]; condition?: MathNode; trueExpr?: MathNode; falseExpr?: MathNode };

/** The derivative in x of a node that compile() has accepted. */
export function derivative(node: MathNode): MathNode {
  const n = bare(node) as Loose;
  switch (n.type) {
    case 'ConstantNode':
      return num(0);
    case 'SymbolNode':
      return num(n.name === 'x' ? 1 : 0);
    case 'ConditionalNode':
      return piecewise(n.condition as MathNode, derivative(n.trueExpr as MathNode), derivative(n.falseExpr as MathNode));
    case 'FunctionNode': {
      const name = (n.fn as { name?: string }).name ?? '';
      const args = n.args ?? [];
      return allowedFunctions[name].derivative(args, args.map(derivative));
    }
    case 'OperatorNode':
      return operatorDerivative(n, n.fn as string, n.args ?? []);
  }
  throw new Error(`no derivative rule for a ${n.type}`);
}

function operatorDerivative(node: MathNode, fn: string, [a, b]: MathNode[]): MathNode {
  // a comparison is a step: flat on both sides of its jump, and taken as flat at it
  if (isComparison(fn)) return num(0);
  const da = derivative(a);
  if (fn === 'unaryPlus') return da;
  if (fn === 'unaryMinus') return neg(da);
  const db = derivative(b);
  switch (fn) {
    case 'add':
      return add(da, db);
    case 'subtract':
      return sub(da, db);
    case 'multiply':
      return add(mul(da, b), mul(a, db));
    case 'divide':
      if (numberOf(db) === 0) return div(da, b);
      return div(sub(mul(da, b), mul(a, db)), pow(b, num(2)));
    case 'pow':
      return powerDerivative(node, a, b, da, db);
  }
  throw new Error(`no derivative rule for the operator ${fn}`);
}

/** (a^b)': n·a^(n−1)·a' for a constant power, a^b·ln a·b' for a constant base, both terms otherwise. */
function powerDerivative(node: MathNode, a: MathNode, b: MathNode, da: MathNode, db: MathNode): MathNode {
  if (numberOf(db) === 0) {
    const n = numberOf(b);
    const lower = n === undefined ? sub(b, num(1)) : num(n - 1);
    return mul(mul(b, pow(a, lower)), da);
  }
  const base = bare(a) as Loose;
  const lnA = base.type === 'SymbolNode' && base.name === 'e' ? num(1) : call('log', a);
  if (numberOf(da) === 0) return mul(mul(node, lnA), db);
  return mul(node, add(mul(db, lnA), div(mul(b, da), a)));
}
