/**
 * The parts of a multi-layer perceptron as the seed names them: one input
 * ("passthrough") layer, hidden layers, one output layer; "deep" once there are two
 * or more hidden layers. Plain data, so a diagram can draw it and a test can check it.
 */

export const MAX_HIDDEN_LAYERS = 4;
export const MAX_UNITS = 6;

/** Where the "anatomy" step starts, and the state its panel reports. */
export interface AnatomyState {
  inputs: number;
  /** units per hidden layer, input side first */
  hidden: number[];
  outputs: number;
}

/** Met when the network has at least this many hidden layers. */
export interface AnatomyGoal {
  task: string;
  hiddenLayersAtLeast: number;
}

export type LayerRole = 'input' | 'hidden' | 'output';

export interface LayerPart {
  role: LayerRole;
  units: number;
  /** "Input layer (passthrough)", "Hidden layer 2", "Output layer" */
  title: string;
  /** weights and biases feeding this layer (0 for the input layer, which only passes values on) */
  parameters: number;
}

export function layersOf(net: AnatomyState): LayerPart[] {
  const parts: LayerPart[] = [{ role: 'input', units: net.inputs, title: 'Input layer (passthrough)', parameters: 0 }];
  let previous = net.inputs;
  net.hidden.forEach((units, i) => {
    parts.push({ role: 'hidden', units, title: `Hidden layer ${i + 1}`, parameters: previous * units + units });
    previous = units;
  });
  parts.push({ role: 'output', units: net.outputs, title: 'Output layer', parameters: previous * net.outputs + net.outputs });
  return parts;
}

export type NetworkKind = 'no hidden layer' | 'shallow' | 'deep';

/** As the seed defines it: two or more hidden layers make a deep neural network (DNN). */
export function networkKind(net: AnatomyState): NetworkKind {
  if (net.hidden.length === 0) return 'no hidden layer';
  return net.hidden.length >= 2 ? 'deep' : 'shallow';
}

export function kindSentence(net: AnatomyState): string {
  const n = net.hidden.length;
  switch (networkKind(net)) {
    case 'no hidden layer':
      return 'No hidden layer: the inputs feed the output directly. That is a perceptron, and it cannot learn XOR.';
    case 'shallow':
      return 'One hidden layer: a multi-layer perceptron, but not yet a deep one.';
    case 'deep':
      return `${n} hidden layers: a deep neural network (DNN).`;
  }
}

/** "2-4-1": units per layer, input first. */
export function shapeName(net: AnatomyState): string {
  return [net.inputs, ...net.hidden, net.outputs].join('-');
}

export function parameterCount(net: AnatomyState): number {
  return layersOf(net).reduce((total, layer) => total + layer.parameters, 0);
}

/** A new hidden layer just before the output, as wide as the one before it. */
export function addHiddenLayer(net: AnatomyState): AnatomyState {
  if (net.hidden.length >= MAX_HIDDEN_LAYERS) return net;
  const units = net.hidden.at(-1) ?? 2;
  return { ...net, hidden: [...net.hidden, units] };
}

/** Removes the hidden layer nearest the output. */
export function removeHiddenLayer(net: AnatomyState): AnatomyState {
  return net.hidden.length === 0 ? net : { ...net, hidden: net.hidden.slice(0, -1) };
}

export function setUnits(net: AnatomyState, layer: number, units: number): AnatomyState {
  if (layer < 0 || layer >= net.hidden.length) return net;
  const clamped = Math.max(1, Math.min(MAX_UNITS, Math.round(units)));
  return { ...net, hidden: net.hidden.map((u, i) => (i === layer ? clamped : u)) };
}

/** Reads a start or carried state, or undefined when it is not one. */
export function readAnatomy(value: unknown): AnatomyState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_UNITS;
  if (!count(v.inputs) || !count(v.outputs) || !Array.isArray(v.hidden)) return undefined;
  if (v.hidden.length > MAX_HIDDEN_LAYERS || !v.hidden.every(count)) return undefined;
  return { inputs: v.inputs as number, hidden: [...(v.hidden as number[])], outputs: v.outputs as number };
}
