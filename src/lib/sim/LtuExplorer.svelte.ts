/**
 * One linear threshold unit set by hand over two features of real data: its two weights,
 * its bias and its step, a chosen sample whose weighted sum is worked out, and the points
 * it puts on the wrong side. The learner moves it with sliders or by dragging its line;
 * both end here, and the model's own functions (weightedSum, applyStep, wrongSide) give
 * every number the panel shows.
 */
import { applyStep, weightedSum, type Point, type StepName } from '$lib/models/ltu';
import { wrongSide } from '$lib/models/wrongSide';
import { planarData, type PlanarData } from './planarData';
import type { LtuStart } from './perceptronStart';

/** The weights and bias of the line through p and q, keeping the firing side and the length of w. */
export function weightsThrough(p: Point, q: Point, previous: { weights: readonly [number, number]; bias: number }): { weights: [number, number]; bias: number } | null {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return null;
  let n: [number, number] = [-dy / length, dx / length];
  const [w0, w1] = previous.weights;
  const scale = Math.hypot(w0, w1) || 1;
  // the normal that turns least from the old one, so dragging never flips which side fires
  if (n[0] * w0 + n[1] * w1 < 0) n = [-n[0], -n[1]];
  const weights: [number, number] = [n[0] * scale, n[1] * scale];
  return { weights, bias: -(weights[0] * p.x + weights[1] * p.y) };
}

export class LtuExplorer {
  readonly data: PlanarData;
  readonly datasetName: string;
  weights = $state<[number, number]>([0, 0]);
  bias = $state(0);
  step = $state<StepName>('heaviside');
  /** index of the sample whose arithmetic is shown */
  selected = $state(0);

  readonly x: Float64Array;
  readonly z: number;
  readonly output: number;
  readonly wrong: number[];
  readonly solved: boolean;

  constructor(start: LtuStart) {
    this.data = planarData(start.dataset);
    this.datasetName = start.dataset;
    this.weights = [start.weights[0], start.weights[1]];
    this.bias = start.bias;
    this.step = start.step;
    this.x = $derived(Float64Array.from([this.data.points[this.selected].x, this.data.points[this.selected].y]));
    this.z = $derived(weightedSum(this.weights, this.bias, this.x));
    this.output = $derived(applyStep(this.step, this.z));
    this.wrong = $derived(wrongSide(this.weights, this.bias, this.data.dataset, this.step));
    this.solved = $derived(this.wrong.length === 0);
  }

  setWeight(index: 0 | 1, value: number): void {
    if (Number.isFinite(value)) this.weights[index] = value;
  }

  setBias(value: number): void {
    if (Number.isFinite(value)) this.bias = value;
  }

  setStep(step: StepName): void {
    this.step = step;
  }

  select(index: number): void {
    const n = this.data.points.length;
    this.selected = ((Math.round(index) % n) + n) % n;
  }

  /** Moves the line through two points, as dragging its handles does. */
  setLine(p: Point, q: Point): void {
    const next = weightsThrough(p, q, { weights: this.weights, bias: this.bias });
    if (!next) return;
    this.weights = next.weights;
    this.bias = next.bias;
  }

  snapshot(): LtuStart {
    return { dataset: this.datasetName, weights: [this.weights[0], this.weights[1]], bias: this.bias, step: this.step };
  }
}
