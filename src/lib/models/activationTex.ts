/**
 * An activation or its derivative as LaTeX: mathjs's own typesetting, except for the
 * pieces a derivative of max, min or a comparison brings, which read as one brace of
 * cases ("1 if x > 0, 0 otherwise") instead of mathjs's nested ones.
 */
import { bare, isComparison, type MathNode } from './expressionNodes';

type Loose = MathNode & { fn?: string; args?: MathNode[]; condition?: MathNode; trueExpr?: MathNode; falseExpr?: MathNode };
type TexOptions = { parenthesis: 'auto'; implicit: 'show'; handler: (node: MathNode, options: TexOptions) => string | undefined };

const comparisonTex: Record<string, string> = { larger: '>', smaller: '<', largerEq: '\\geq', smallerEq: '\\leq', equal: '=', unequal: '\\neq' };

function cases(rows: [string, string][], wrap: boolean): string {
  const body = rows.map(([value, when]) => `${value} & ${when}`).join(' \\\\ ');
  const tex = `\\begin{cases} ${body} \\end{cases}`;
  return wrap ? `\\left(${tex}\\right)` : tex;
}

function condition(node: MathNode, options: TexOptions): string {
  const n = bare(node) as Loose;
  if (n.type === 'OperatorNode' && isComparison(n.fn)) {
    const [a, b] = n.args as MathNode[];
    return `${a.toTex(options)} ${comparisonTex[n.fn]} ${b.toTex(options)}`;
  }
  return `${node.toTex(options)} \\neq 0`;
}

/** LaTeX for an expression tree; the caller bounds its size (a shared subtree is written out every time it is used). */
export function toTex(root: MathNode): string {
  // a brace of cases inside a product or a power needs parentheses to show where it ends
  // (mathjs already puts them around a comparison there, but not around a conditional)
  const operands = new Set<MathNode>();
  root.traverse((node) => {
    const n = node as Loose;
    if (n.type === 'OperatorNode' && !isComparison(n.fn)) for (const arg of n.args ?? []) if (bare(arg).type === 'ConditionalNode') operands.add(bare(arg));
  });
  const options: TexOptions = {
    parenthesis: 'auto',
    implicit: 'show',
    handler(node, options) {
      const n = node as Loose;
      if (n.type === 'ConditionalNode') {
        const rows: [string, string][] = [];
        let rest: Loose = n;
        while (rest.type === 'ConditionalNode') {
          rows.push([(rest.trueExpr as MathNode).toTex(options), `\\text{if } ${condition(rest.condition as MathNode, options)}`]);
          rest = bare(rest.falseExpr as MathNode) as Loose;
        }
        rows.push([rest.toTex(options), '\\text{otherwise}']);
        return cases(rows, operands.has(n));
      }
      if (n.type === 'OperatorNode' && isComparison(n.fn)) {
        return cases(
          [
            ['1', `\\text{if } ${condition(n, options)}`],
            ['0', '\\text{otherwise}']
          ],
          false
        );
      }
      return undefined;
    }
  };
  return root.toTex(options);
}
