/**
 * The backprop panels' pictures, derived from the sim: the network as NetworkScene
 * draws it and the output over the plane as DecisionHeatmapScene draws it. Kept apart
 * from the panels so both steps (and their tests) draw the same thing.
 */
import type { DecisionHeatmapView } from '$lib/scenes/decisionHeatmapView';
import type { NetworkPasses, NetworkTarget, NetworkView } from '$lib/scenes/networkView';
import type { ParamRef } from '$lib/sim/backpropLedger';
import { GRID_RESOLUTION, XOR_BOX, XOR_ROWS, type BackpropXorSim } from '$lib/sim/BackpropXorSim.svelte';

type SimState = Pick<BackpropXorSim, 'weights' | 'ledger' | 'outputs' | 'grid' | 'sample'>;

export function networkViewOf(sim: SimState, selected: NetworkTarget | null, play: { id: number; passes: NetworkPasses } | null): NetworkView | null {
  const l = sim.ledger;
  const w = sim.weights;
  if (!l || w.length !== 4) return null;
  return {
    layers: [2, 2, 1],
    weights: [
      [
        [w[0][0], w[0][1]],
        [w[0][2], w[0][3]]
      ],
      [[w[2][0]], [w[2][1]]]
    ],
    biases: [w[1], w[3]],
    activations: [[...l.numbers.x], [...l.numbers.h], [l.numbers.yHat]],
    deltas: [[...l.hiddenDeltas], [l.outputDelta]],
    selected,
    play
  };
}

export function heatmapViewOf(sim: SimState): DecisionHeatmapView {
  return {
    grid: sim.grid.length === GRID_RESOLUTION ** 2 ? sim.grid : new Float32Array(GRID_RESOLUTION ** 2).fill(0.5),
    resolution: GRID_RESOLUTION,
    box: XOR_BOX,
    points: XOR_ROWS.map(([x, y, label], i) => ({ x, y, label, output: sim.outputs[i] })),
    highlight: sim.sample
  };
}

/** The ledger row of a picked edge or unit (a unit stands for its bias), or null for an input. */
export function paramOf(target: NetworkTarget | null): ParamRef | null {
  if (!target) return null;
  if (target.kind === 'edge') return target.layer === 0 ? { param: 'kernel1', i: target.from, j: target.to } : { param: 'kernel2', j: target.from };
  if (target.layer === 1) return { param: 'bias1', j: target.unit };
  if (target.layer === 2) return { param: 'bias2' };
  return null;
}

/** The edge or unit of a ledger row. */
export function targetOf(ref: ParamRef): NetworkTarget {
  switch (ref.param) {
    case 'kernel1':
      return { kind: 'edge', layer: 0, from: ref.i, to: ref.j };
    case 'kernel2':
      return { kind: 'edge', layer: 1, from: ref.j, to: 0 };
    case 'bias1':
      return { kind: 'node', layer: 1, unit: ref.j };
    case 'bias2':
      return { kind: 'node', layer: 2, unit: 0 };
  }
}

/** e.g. "x = (0, 1), y = 1" */
export function rowLabel(i: number): string {
  const [a, b, y] = XOR_ROWS[i];
  return `x = (${a}, ${b}), y = ${y}`;
}
