import { describe, expect, it } from 'vitest';
import { classicCurve, customCurve, sampleInputs } from '../../src/lib/sim/activationCurves';
import { parseActivation } from '../../src/lib/models/customActivation';

const xs = sampleInputs(-6, 6, 20);

describe('activation curves', () => {
  it('samples -6..6 at 0.05 with 0 exactly on the grid', () => {
    expect(xs.length).toBe(241);
    expect(xs[0]).toBe(-6);
    expect(xs[120]).toBe(0);
    expect(xs[240]).toBe(6);
  });

  it('the step is flat (slope 0) everywhere but the jump, where it has no slope', async () => {
    const step = await classicCurve('step', xs);
    expect(step.f[119]).toBe(0);
    expect(step.f[120]).toBe(1);
    expect(Number.isNaN(step.df[120])).toBe(true);
    expect([...step.df].filter((d) => d !== 0).length).toBe(1);
  });

  it('sigmoid, tanh and ReLU slopes from the engine agree with the learner-typed formulas', async () => {
    const typed = {
      sigmoid: parseActivation('1 / (1 + exp(-x))'),
      tanh: parseActivation('(exp(x) - exp(-x)) / (exp(x) + exp(-x))')
    };
    for (const id of ['sigmoid', 'tanh'] as const) {
      const engine = await classicCurve(id, xs);
      const learner = customCurve(typed[id], xs);
      for (let i = 0; i < xs.length; i++) {
        expect(engine.f[i]).toBeCloseTo(learner.f[i], 6);
        expect(engine.df[i]).toBeCloseTo(learner.df[i], 6);
      }
    }
    const relu = await classicCurve('relu', xs);
    expect(relu.df[120]).toBe(0);
    expect(relu.df[121]).toBe(1);
    expect(relu.f[240]).toBe(6);
    expect(Math.max(...(await classicCurve('sigmoid', xs)).df)).toBeCloseTo(0.25, 6);
  });
});
