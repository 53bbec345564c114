/**
 * Fresh scenes for PixiStage, one loader per scene. Each scene module is imported only
 * when a stage asks for it: pixi.js touches `navigator` at import, which breaks
 * prerendering, and a chapter should download only the scenes it shows.
 */
export const neuronScene = () => import('$lib/scenes/NeuronScene').then((m) => new m.NeuronScene());
export const circuitScene = () => import('$lib/scenes/CircuitScene').then((m) => new m.CircuitScene());
export const decisionScene = () => import('$lib/scenes/DecisionScene').then((m) => new m.DecisionScene());
export const weightSpaceScene = () => import('$lib/scenes/WeightSpaceScene').then((m) => new m.WeightSpaceScene());
export const networkScene = () => import('$lib/scenes/NetworkScene').then((m) => new m.NetworkScene());
export const heatmapScene = () => import('$lib/scenes/DecisionHeatmapScene').then((m) => new m.DecisionHeatmapScene());
export const slidingWindowScene = () => import('$lib/scenes/SlidingWindowScene').then((m) => new m.SlidingWindowScene());
export const channelsScene = () => import('$lib/scenes/ChannelsScene').then((m) => new m.ChannelsScene());
