/** The pieces the convolution steps' panels are built from. */
export { default as ConvolutionFrame } from './ConvolutionFrame.svelte';
export { default as DigitAndKernel } from './DigitAndKernel.svelte';
export { default as DigitPicker } from './DigitPicker.svelte';
export { default as MapChoice } from './MapChoice.svelte';
export { default as MapImage } from './MapImage.svelte';
export { default as OutputSizeFormula } from './OutputSizeFormula.svelte';
export { default as ShiftTable } from './ShiftTable.svelte';
export { default as SlideStage } from './SlideStage.svelte';
export { ConvolutionStep, type ConvolutionPanelProps } from './convolutionStep.svelte';
