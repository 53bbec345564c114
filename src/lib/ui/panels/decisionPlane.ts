/**
 * The part of a DecisionScene view that the data decide (points, box, axes, class
 * names), apart from the units and highlights a panel draws on it.
 */
import type { DecisionView } from '$lib/scenes/decisionView';
import { XOR_BOX } from '$lib/sim/chapter3Data';
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
