/**
 * The backprop panels' pictures, derived from the sim: the network as NetworkScene
 * draws it and the output over the plane as DecisionHeatmapScene draws it. Kept apart
 * from the panels so both steps (and their tests) draw the same thing.
 */
import type { DecisionHeatmapView } from '$lib/scenes/decisionHeatmapView';
import type { NetworkPasses, NetworkTarget, NetworkView } from '$lib/scenes/networkView';
import type { ParamRef } from '$lib/sim/backpropLedger';
import type { BackpropPick } from '$lib/sim/links/chapter4Links';
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

/** The name a link gives a picked edge or unit (chapter4Links' BACKPROP_PICKS). */
export function pickName(target: NetworkTarget | null): BackpropPick | null {
  if (!target) return null;
  if (target.kind === 'node' && target.layer === 0) return `x${target.unit + 1}` as BackpropPick;
  const ref = paramOf(target);
  if (!ref) return null;
  switch (ref.param) {
    case 'kernel1':
      return `w1_${ref.i + 1}${ref.j + 1}` as BackpropPick;
    case 'kernel2':
      return `w2_${ref.j + 1}` as BackpropPick;
    case 'bias1':
      return `b1_${ref.j + 1}` as BackpropPick;
    case 'bias2':
      return 'b2';
  }
}

/** The edge or unit a link's pick names. */
export function pickTarget(name: BackpropPick): NetworkTarget {
  const digits = name.replace(/\D/g, '');
  const n = (k: number) => Number(digits[k]) - 1;
  if (name.startsWith('x')) return { kind: 'node', layer: 0, unit: n(0) };
  if (name.startsWith('w1')) return targetOf({ param: 'kernel1', i: n(1), j: n(2) });
  if (name.startsWith('w2')) return targetOf({ param: 'kernel2', j: n(1) });
  if (name.startsWith('b1')) return targetOf({ param: 'bias1', j: n(1) });
  return targetOf({ param: 'bias2' });
}

/** e.g. "x = (0, 1), y = 1" */
export function rowLabel(i: number): string {
  const [a, b, y] = XOR_ROWS[i];
  return `x = (${a}, ${b}), y = ${y}`;
}
