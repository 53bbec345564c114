/**
 * The contract between PixiStage and every scene. A scene is created once, handed
 * plain views, reports what the learner does through typed callbacks, and cleans up
 * after itself. Scenes never read stores or the URL.
 */
import type { Application } from 'pixi.js';
import type { ConnectionKind } from '$lib/models/neuron';

export interface Scene<View, Callbacks> {
  /** builds the display objects into app.stage; called once, before the first update */
  create(app: Application, callbacks: Callbacks): void;
  /** draws this state; animates towards it unless reduced motion is on */
  update(view: View): void;
  /** with reduced motion the scene jumps to end states instead of animating */
  setReducedMotion(reduced: boolean): void;
  /** the stage's new size in CSS pixels */
  resize(width: number, height: number): void;
  destroy(): void;
  /** the stage-space boxes of the words it shows now, so a check can find two on top of each other or one off the stage */
  labelBoxes(): LabelBox[];
}

/** Where one visible text label lies on the stage, in CSS pixels. */
export interface LabelBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One binary input (or output) node. */
export interface BitView {
  readonly name: string;
  readonly on: boolean;
}

/** One McCulloch–Pitts unit as drawn: its wiring, its threshold and what it does now. */
export interface UnitView {
  readonly name: string;
  /** kind of each incoming connection, in input order */
  readonly kinds: readonly ConnectionKind[];
  readonly threshold: number;
  /** active excitatory inputs */
  readonly sum: number;
  readonly inhibited: boolean;
  readonly fires: boolean;
}

export interface NeuronView {
  readonly inputs: readonly BitView[];
  readonly unit: UnitView;
  readonly output: BitView;
}

export interface CircuitView {
  readonly inputs: readonly BitView[];
  /** the hidden layer, each unit reading every input */
  readonly hidden: readonly UnitView[];
  /** the output unit, reading every hidden unit */
  readonly unit: UnitView;
  readonly output: BitView;
}

/** What the threshold scenes report: the learner clicked (or tapped) input node `index`. */
export interface ToggleCallbacks {
  ontoggle(index: number): void;
}
