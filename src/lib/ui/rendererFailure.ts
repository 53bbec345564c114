/**
 * Why a picture could not be drawn, said truly. A browser with neither WebGL nor a 2D
 * canvas, a page whose security policy withheld something the renderer asked for, and a
 * renderer whose code never arrived are different troubles with different remedies; a
 * learner (or the teacher helping them) should read which one happened.
 */

export type RendererFailure = 'policy' | 'no-canvas' | 'not-loaded' | 'error';

/** The kind of failure behind an error thrown while starting Pixi (its import included). */
export function classifyRendererFailure(error: unknown): RendererFailure {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  // A policy without 'unsafe-eval' makes `new Function` throw an EvalError; Pixi's own check says 'unsafe-eval'.
  if (name === 'EvalError' || /unsafe-eval|content security policy/i.test(message)) return 'policy';
  if (/no available renderer/i.test(message)) return 'no-canvas';
  if (/dynamically imported module|importing a module script failed|failed to fetch/i.test(message)) return 'not-loaded';
  return 'error';
}

/** The sentence that opens the stage's text alternative when no picture can be drawn. */
export function rendererFailureMessage(kind: RendererFailure): string {
  switch (kind) {
    case 'policy':
      return "this page's security policy stopped the drawing code (it asked for something the policy withholds)";
    case 'no-canvas':
      return 'it offers neither WebGL nor a 2D canvas';
    case 'not-loaded':
      return 'the drawing code could not be loaded; reloading the page may help';
    case 'error':
      return 'the drawing code failed to start';
  }
}
