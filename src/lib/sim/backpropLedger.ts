/**
 * The ledger of one backward pass through the 2-2-1 sigmoid network: for one sample,
 * every δ and every weight's gradient written as its chain-rule product, with the
 * numbers the engine computed on the forward pass. Each product is multiplied out
 * here, independently of the engine's backward pass, and the tests hold every one to
 * the engine's gradient (Sequential.gradients): the ledger is the engine, spelt out.
 *
 * Notation follows the Keras kernel layout: w⁽¹⁾ᵢⱼ joins input xᵢ to hidden unit hⱼ,
 * w⁽²⁾ⱼ joins hⱼ to the output ŷ. The loss is binary cross-entropy, so at a sigmoid
 * output ∂L/∂ŷ · σ'(z) collapses to δ⁽²⁾ = ŷ − y.
 */

/** What the forward pass computed for one sample, and the weights it used. */
export interface ForwardNumbers {
  readonly x: readonly [number, number];
  /** the target, 0 or 1 */
  readonly y: number;
  /** hidden pre-activations and activations */
  readonly z1: readonly number[];
  readonly h: readonly number[];
  readonly z2: number;
  readonly yHat: number;
  /** kernel1[i][j]: xᵢ → hⱼ */
  readonly kernel1: readonly (readonly number[])[];
  readonly bias1: readonly number[];
  /** kernel2[j]: hⱼ → ŷ */
  readonly kernel2: readonly number[];
  readonly bias2: number;
}

export interface Factor {
  /** TeX of what the factor is, e.g. '\\hat y - y' */
  readonly tex: string;
  readonly value: number;
}

/** Which weight an entry is about, in getWeights' order: kernel1, bias1, kernel2, bias2. */
export type ParamRef =
  | { readonly param: 'kernel1'; readonly i: number; readonly j: number }
  | { readonly param: 'bias1'; readonly j: number }
  | { readonly param: 'kernel2'; readonly j: number }
  | { readonly param: 'bias2' };

export interface LedgerEntry {
  readonly ref: ParamRef;
  /** TeX of the weight, e.g. 'w^{(1)}_{12}' */
  readonly symbol: string;
  /** TeX of the product in δ form, e.g. '\\delta^{(1)}_2 \\, x_1' */
  readonly deltaForm: string;
  readonly factors: readonly Factor[];
  /** the product of the factors */
  readonly gradient: number;
  /** the weight's value now */
  readonly weight: number;
}

export interface Ledger {
  readonly numbers: ForwardNumbers;
  /** binary cross-entropy of this sample */
  readonly loss: number;
  /** δ⁽²⁾ = ŷ − y */
  readonly outputDelta: number;
  /** δ⁽¹⁾ⱼ = δ⁽²⁾ · w⁽²⁾ⱼ · hⱼ(1 − hⱼ) */
  readonly hiddenDeltas: readonly number[];
  /** the nine gradients, in getWeights' order (kernel1 row-major, bias1, kernel2, bias2) */
  readonly entries: readonly LedgerEntry[];
}

const product = (factors: readonly Factor[]) => factors.reduce((p, f) => p * f.value, 1);

/** Keras clips predictions to [1e-7, 1 − 1e-7] before taking logs. */
const EPSILON = 1e-7;

export function binaryCrossentropy(yHat: number, y: number): number {
  const p = Math.min(1 - EPSILON, Math.max(EPSILON, yHat));
  return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
}

/** Every δ and every gradient of one sample, by the chain rule, from the forward pass's numbers. */
export function ledgerOf(n: ForwardNumbers): Ledger {
  const outputDelta = n.yHat - n.y;
  const dOut: Factor = { tex: '\\hat y - y', value: outputDelta };
  const slope = (j: number): Factor => ({ tex: `h_${j + 1}(1 - h_${j + 1})`, value: n.h[j] * (1 - n.h[j]) });
  const w2 = (j: number): Factor => ({ tex: `w^{(2)}_{${j + 1}}`, value: n.kernel2[j] });
  const hiddenDeltas = n.h.map((_, j) => outputDelta * n.kernel2[j] * slope(j).value);
  const entries: LedgerEntry[] = [];
  const push = (ref: ParamRef, symbol: string, deltaForm: string, weight: number, factors: Factor[]) =>
    entries.push({ ref, symbol, deltaForm, factors, gradient: product(factors), weight });

  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      push({ param: 'kernel1', i, j }, `w^{(1)}_{${i + 1}${j + 1}}`, `\\delta^{(1)}_{${j + 1}}\\, x_${i + 1}`, n.kernel1[i][j], [
        dOut,
        w2(j),
        slope(j),
        { tex: `x_${i + 1}`, value: n.x[i] }
      ]);
    }
  }
  for (let j = 0; j < 2; j++) {
    push({ param: 'bias1', j }, `b^{(1)}_{${j + 1}}`, `\\delta^{(1)}_{${j + 1}} \\cdot 1`, n.bias1[j], [dOut, w2(j), slope(j)]);
  }
  for (let j = 0; j < 2; j++) {
    push({ param: 'kernel2', j }, `w^{(2)}_{${j + 1}}`, `\\delta^{(2)}\\, h_${j + 1}`, n.kernel2[j], [dOut, { tex: `h_${j + 1}`, value: n.h[j] }]);
  }
  push({ param: 'bias2' }, 'b^{(2)}', '\\delta^{(2)} \\cdot 1', n.bias2, [dOut]);
  return { numbers: n, loss: binaryCrossentropy(n.yHat, n.y), outputDelta, hiddenDeltas, entries };
}

/** A number for TeX: four significant decimals, a real minus, never −0. */
export function texNumber(v: number, digits = 4): string {
  const s = v.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

/**
 * `left = first = second = …` as TeX, one right-hand side a line, the = signs aligned:
 * a displayed formula cannot wrap, and a long one would be cut off or scroll on a phone.
 */
export function alignedLines(left: string, ...sides: string[]): string {
  return `\\begin{aligned} ${left} ${sides.map((side) => `&= ${side}`).join(' \\\\ ')} \\end{aligned}`;
}

/** ∂L/∂w = δ-form = (a)(b)(c) = result, as TeX. */
export function entryTex(e: LedgerEntry): string {
  const numbers = e.factors.map((f) => `(${texNumber(f.value)})`).join(' \\cdot ');
  return `\\frac{\\partial L}{\\partial ${e.symbol}} = ${e.deltaForm} = ${numbers} = ${texNumber(e.gradient)}`;
}

/** The factors in words of symbols: which term of the chain each number is. */
export function entryFactorsTex(e: LedgerEntry): string {
  return e.factors.map((f) => f.tex).join(' \\cdot ');
}

/** δ⁽²⁾ = ∂L/∂ŷ · σ'(z⁽²⁾) = ŷ − y, with the numbers. */
export function outputDeltaTex(l: Ledger): string {
  const { yHat, y } = l.numbers;
  return alignedLines('\\delta^{(2)}', "\\frac{\\partial L}{\\partial \\hat y}\\,\\sigma'(z^{(2)})", '\\frac{\\hat y - y}{\\hat y(1-\\hat y)}\\cdot \\hat y(1-\\hat y)', `\\hat y - y = ${texNumber(yHat)} - ${y} = ${texNumber(l.outputDelta)}`);
}

/** δ⁽¹⁾ⱼ = δ⁽²⁾ · w⁽²⁾ⱼ · hⱼ(1 − hⱼ), with the numbers. */
export function hiddenDeltaTex(l: Ledger, j: number): string {
  const { h, kernel2 } = l.numbers;
  const k = j + 1;
  return alignedLines(`\\delta^{(1)}_{${k}}`, `\\delta^{(2)}\\, w^{(2)}_{${k}}\\, h_${k}(1 - h_${k})`, `(${texNumber(l.outputDelta)}) \\cdot (${texNumber(kernel2[j])}) \\cdot (${texNumber(h[j] * (1 - h[j]))})`, texNumber(l.hiddenDeltas[j]));
}

/** The nine gradients flattened in getWeights' order, for comparing with Sequential.gradients. */
export function ledgerGradients(l: Ledger): number[] {
  return l.entries.map((e) => e.gradient);
}
