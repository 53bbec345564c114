import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PixiStage from '../../src/lib/ui/PixiStage.svelte';

// Pixi as a page without 'unsafe-eval' in its policy sees it: starting a renderer evaluates a string.
const refusal = new EvalError(
  "Evaluating a string as JavaScript violates the following Content Security Policy directive because 'unsafe-eval' is not an allowed source of script"
);
vi.mock('pixi.js', () => ({
  Application: class {
    async init(): Promise<void> {
      throw refusal;
    }
  }
}));
vi.mock('pixi.js/unsafe-eval', () => ({}));

afterEach(() => cleanup());

describe('PixiStage when a security policy refuses the renderer', () => {
  it('says the policy stopped it, not that the browser lacks a canvas, and still describes the picture', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const scene = vi.fn();
    render(PixiStage, { props: { scene, view: {}, callbacks: {}, description: 'Unit with inputs A on, B off: fires.' } });
    const fallback = await screen.findByRole('img', { name: 'Unit with inputs A on, B off: fires.' });
    expect(fallback).toHaveTextContent("The picture cannot be drawn in this browser (this page's security policy stopped the drawing code");
    expect(fallback).not.toHaveTextContent(/WebGL|2D canvas/);
    expect(fallback).toHaveTextContent('Unit with inputs A on, B off: fires.');
    expect(scene).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("'unsafe-eval'"));
  });
});
