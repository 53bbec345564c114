/**
 * What every convolution panel is built from, in one import: the step's link and
 * digits (ConvolutionStep), its frame, the digit and kernel beside the sliding window,
 * and the choice rows of its controls.
 */
export { default as Choice } from '$lib/ui/Choice.svelte';
export { default as ChoiceRow } from '$lib/ui/ChoiceRow.svelte';
export { default as ConvolutionFrame } from './ConvolutionFrame.svelte';
export { default as DigitAndKernel } from './DigitAndKernel.svelte';
export { default as SlideStage } from './SlideStage.svelte';
export { ConvolutionStep, KernelStep, SlideStep, type ConvolutionPanelProps } from './ConvolutionStep.svelte';
