import type { Component } from 'svelte';
import type { PanelProps } from './types';

type PanelModule = { default: Component<PanelProps> };

/**
 * Step panels by the scene name a chapter's steps.ts gives. Loaded lazily so each
 * chapter only pays for the scenes it shows.
 */
export const panels: Record<string, () => Promise<PanelModule>> = {
  'threshold-unit': () => import('./ThresholdUnitPanel.svelte'),
  'threshold-circuit': () => import('./ThresholdCircuitPanel.svelte'),
  'ltu-explorer': () => import('./LtuPanel.svelte'),
  'perceptron-training': () => import('./PerceptronTrainingPanel.svelte'),
  'perceptron-sklearn': () => import('./SklearnPanel.svelte'),
  'logistic-vs-perceptron': () => import('./LogisticComparisonPanel.svelte'),
  'perceptron-layer': () => import('./PerceptronLayerPanel.svelte'),
  'xor-never': () => import('./XorNeverPanel.svelte'),
  'hand-line': () => import('./HandLinePanel.svelte'),
  'perceptron-thrash': () => import('./PerceptronThrashPanel.svelte'),
  'winter-timeline': () => import('./WinterTimelinePanel.svelte'),
  'two-layers': () => import('./TwoLayersPanel.svelte'),
  'mlp-anatomy': () => import('./AnatomyPanel.svelte'),
  'activations': () => import('./ActivationsPanel.svelte'),
  'backprop-ledger': () => import('./BackpropLedgerPanel.svelte'),
  'backprop-xor': () => import('./BackpropXorPanel.svelte'),
  'mnist-lab': () => import('./MnistLabPanel.svelte'),
  'playground': () => import('./PlaygroundPanel.svelte'),
  'conv-filter': () => import('./FilterPanel.svelte'),
  'conv-padding': () => import('./PaddingStridePanel.svelte'),
  'conv-channels': () => import('./ChannelsPanel.svelte'),
  'conv-pooling': () => import('./PoolingPanel.svelte'),
  'conv-shift-experiment': () => import('./ShiftExperimentPanel.svelte')
};

export function hasPanel(scene: string): boolean {
  return Object.hasOwn(panels, scene);
}
