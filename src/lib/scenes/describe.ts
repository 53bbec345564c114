/**
 * Text alternatives for the threshold scenes, written from the same views the scenes
 * draw, so a screen-reader user (or a browser without a canvas) reads what a sighted
 * learner sees. Pure functions: no Pixi, safe anywhere.
 */
import type { BitView, CircuitView, NeuronView, UnitView } from './types';

function bits(inputs: readonly BitView[]): string {
  return inputs.map((b) => `${b.name} ${b.on ? 'on' : 'off'}`).join(', ');
}

function verdict(unit: UnitView): string {
  if (unit.inhibited) return 'an inhibitory input is on, so it does not fire';
  return unit.fires ? 'fires' : 'does not fire';
}

function wiring(unit: UnitView, sources: readonly string[]): string {
  const inhibitory = sources.filter((_, i) => unit.kinds[i] === 'inhibitory');
  return inhibitory.length === 0 ? '' : ` (${inhibitory.join(' and ')} inhibitory)`;
}

function unitLine(unit: UnitView, sources: readonly string[]): string {
  return `${unit.name}${wiring(unit, sources)}: sum ${unit.sum}, threshold ${unit.threshold}: ${verdict(unit)}`;
}

/** e.g. "Unit with inputs A on, B off; sum 1, threshold 2: does not fire. Output C = 0." */
export function describeNeuron(view: NeuronView): string {
  const names = view.inputs.map((b) => b.name);
  const u = view.unit;
  return (
    `Unit with inputs ${bits(view.inputs)}${wiring(u, names)}; sum ${u.sum}, threshold ${u.threshold}: ${verdict(u)}. ` +
    `Output ${view.output.name} = ${view.output.on ? 1 : 0}.`
  );
}

/** The circuit, layer by layer. */
export function describeCircuit(view: CircuitView): string {
  const names = view.inputs.map((b) => b.name);
  const hiddenNames = view.hidden.map((h) => h.name);
  return (
    `Two-layer circuit with inputs ${bits(view.inputs)}. ` +
    view.hidden.map((h) => unitLine(h, names)).join('. ') +
    `. ${unitLine(view.unit, hiddenNames)}. Output ${view.output.name} = ${view.output.on ? 1 : 0}.`
  );
}
