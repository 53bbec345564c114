import { describe, expect, it } from 'vitest';
import { classifyRendererFailure, rendererFailureMessage } from '../../src/lib/ui/rendererFailure';

describe('why a picture could not be drawn', () => {
  it('tells a security policy that forbids evaluation from a browser without a canvas', () => {
    const denied = new EvalError(
      "Evaluating a string as JavaScript violates the following Content Security Policy directive because 'unsafe-eval' is not an allowed source of script"
    );
    expect(classifyRendererFailure(denied)).toBe('policy');
    expect(classifyRendererFailure(new Error('Current environment does not allow unsafe-eval, please use pixi.js/unsafe-eval module to enable support.'))).toBe(
      'policy'
    );
    expect(classifyRendererFailure(new Error('No available renderer for the current environment'))).toBe('no-canvas');
    expect(classifyRendererFailure(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/_app/x.js'))).toBe('not-loaded');
    expect(classifyRendererFailure(new Error('Cannot read properties of undefined'))).toBe('error');
    expect(classifyRendererFailure('a thrown string')).toBe('error');
  });

  it('says only "neither WebGL nor a 2D canvas" when that is what happened', () => {
    expect(rendererFailureMessage('no-canvas')).toBe('it offers neither WebGL nor a 2D canvas');
    for (const kind of ['policy', 'not-loaded', 'error'] as const) expect(rendererFailureMessage(kind)).not.toMatch(/WebGL|canvas/);
    expect(rendererFailureMessage('policy')).toMatch(/security policy/);
  });
});
