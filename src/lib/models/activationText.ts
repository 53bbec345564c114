/**
 * What a learner's activation may be as text, before anything parses it: short enough
 * that parsing, differentiating and checking it stay quick, and without control
 * characters. Kept apart from the parser so that reading a link can check the text
 * without loading mathjs.
 */

/** The longest activation that may be typed: every activation in use fits in a line. */
export const MAX_ACTIVATION_LENGTH = 200;

export interface TextProblem {
  readonly kind: 'empty' | 'too-large' | 'syntax';
  readonly message: string;
}

/** Why a text cannot even be tried as an activation, or undefined when it can. */
export function activationTextProblem(text: string): TextProblem | undefined {
  const source = text.trim();
  if (!source) return { kind: 'empty', message: 'Type an expression in x, for example 1 / (1 + exp(-x)).' };
  if (source.length > MAX_ACTIVATION_LENGTH) {
    const message = `That is ${source.length.toLocaleString('en-US')} characters long; an activation here may have at most ${MAX_ACTIVATION_LENGTH}. Write a shorter one: x^12 rather than x*x*…*x, for example.`;
    return { kind: 'too-large', message };
  }
  if (/[\u0000-\u001f\u007f]/.test(source)) {
    return { kind: 'syntax', message: 'The expression has a control character (a tab or a line break, say) in it: write it on one line.' };
  }
  return undefined;
}
