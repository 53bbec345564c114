/**
 * The parts of a DecisionScene view that panels share: the plane the data decide
 * (points, box, axes, class names), and the marks a perceptron run's current step puts
 * on it, apart from the units each panel draws.
 */
import type { DecisionView } from '$lib/scenes/decisionView';
import { XOR_BOX } from '$lib/sim/chapter3Data';
import type { PerceptronRun } from '$lib/sim/PerceptronRun.svelte';
import type { PlanarData } from '$lib/sim/planarData';

export type DecisionPlane = Pick<DecisionView, 'box' | 'xLabel' | 'yLabel' | 'classNames' | 'noun' | 'points'>;

/** A planar data set as the plane its picture draws. */
export function planeOf(data: PlanarData): DecisionPlane {
  const { box, xLabel, yLabel, classNames, noun, points } = data;
  return { box, xLabel, yLabel, classNames, noun, points };
}

/** The four rows of XOR, placed by two values each: the inputs (x₁, x₂) unless named otherwise. */
export function xorPlane(points: DecisionPlane['points'], axes: readonly [string, string] = ['x₁', 'x₂']): DecisionPlane {
  return { box: XOR_BOX, xLabel: axes[0], yLabel: axes[1], classNames: ['XOR = 0', 'XOR = 1'], noun: 'row', points };
}

/**
 * What a run's current step marks on the plane: the sample it is on (a mistake or not),
 * every point the weights get wrong, and, after a mistake by the first unit, the line
 * it moved from.
 */
export function runMarks(run: Pick<PerceptronRun, 'current' | 'wrong'>): Pick<DecisionView, 'highlight' | 'wrong' | 'update'> {
  const current = run.current;
  const before = current?.before;
  return {
    highlight: current ? { index: current.index, mistake: current.mistake } : null,
    wrong: run.wrong,
    update: current?.mistake && before ? { unit: 0, weights: [before.weights[0][0], before.weights[0][1]], bias: before.biases[0] } : null
  };
}
