/**
 * The playground's view changed one way at a time, as pure functions of the view: each
 * returns the new view, or null when the change would change nothing (or is not allowed:
 * the last input stays on, layers and units stay within their limits).
 */
import { FEATURES, MAX_HIDDEN_LAYERS, MAX_UNITS, type Feature, type HiddenActivation, type PlaygroundConfig } from './config';

/** Switches an input feature on or off; the last one stays on. */
export function withFeatureToggled(config: PlaygroundConfig, feature: Feature): PlaygroundConfig | null {
  const on = config.features.includes(feature);
  if (on && config.features.length === 1) return null;
  const features = on ? config.features.filter((f) => f !== feature) : [...config.features, feature];
  return { ...config, features: FEATURES.filter((f) => features.includes(f)) };
}

/** One more hidden layer of two units, with the activation of the last one. */
export function withLayerAdded(config: PlaygroundConfig): PlaygroundConfig | null {
  if (config.hidden.length >= MAX_HIDDEN_LAYERS) return null;
  const last = config.hidden[config.hidden.length - 1];
  return { ...config, hidden: [...config.hidden, { units: 2, activation: last?.activation ?? 'tanh' }] };
}

export function withLayerRemoved(config: PlaygroundConfig): PlaygroundConfig | null {
  return config.hidden.length === 0 ? null : { ...config, hidden: config.hidden.slice(0, -1) };
}

export function withUnits(config: PlaygroundConfig, layer: number, units: number): PlaygroundConfig | null {
  const u = Math.min(MAX_UNITS, Math.max(1, Math.round(units)));
  if (!config.hidden[layer] || config.hidden[layer].units === u) return null;
  return { ...config, hidden: config.hidden.map((h, l) => (l === layer ? { ...h, units: u } : h)) };
}

export function withActivation(config: PlaygroundConfig, layer: number, activation: HiddenActivation): PlaygroundConfig | null {
  if (!config.hidden[layer]) return null;
  return { ...config, hidden: config.hidden.map((h, l) => (l === layer ? { ...h, activation } : h)) };
}
