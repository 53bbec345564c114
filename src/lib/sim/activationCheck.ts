/**
 * What the page shows about a typed activation, as plain data that crosses to and from
 * a worker: f and f′ as LaTeX, notes and the plotted curve, or why and where it is
 * refused. Never throws: whatever happens while checking becomes a sentence.
 */
import { CHECK_RANGE, tryParseActivation, type ActivationErrorKind } from '$lib/models/customActivation';
import { customCurve, sampleInputs, type Curve } from './activationCurves';

export interface AcceptedActivation {
  readonly ok: true;
  /** the text as typed, trimmed */
  readonly expression: string;
  readonly tex: string;
  /** undefined when the derivative is too large to typeset */
  readonly derivativeTex: string | undefined;
  /** the derivative's size in nodes, to say how large an untypeset one is */
  readonly derivativeSize: number;
  readonly notes: readonly string[];
  readonly curve: Curve;
}

export interface RefusedActivation {
  readonly ok: false;
  /** the parser's kinds, 'timed-out' when the check ran past its time, 'failed' when it could not run */
  readonly kind: ActivationErrorKind | 'timed-out' | 'failed';
  readonly message: string;
  /** 1-based place in the text as typed, when one is known */
  readonly column?: number;
}

export type ActivationCheck = AcceptedActivation | RefusedActivation;

/** Where f and f′ are plotted: the range every hidden unit's input is checked on, 20 samples a unit. */
const PLOTTED = sampleInputs(CHECK_RANGE[0], CHECK_RANGE[1], 20);

export function checkActivationText(expression: string): ActivationCheck {
  try {
    const parsed = tryParseActivation(expression);
    if (!parsed.ok) return { ok: false, kind: parsed.error.kind, message: parsed.error.message, column: parsed.error.column };
    const a = parsed.activation;
    return {
      ok: true,
      expression: a.expression,
      tex: a.tex,
      derivativeTex: a.derivativeTex,
      derivativeSize: a.derivativeSize,
      notes: a.notes,
      curve: customCurve(a, PLOTTED)
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: 'failed', message: `This expression could not be worked out (${detail}). Try writing it another way.` };
  }
}
