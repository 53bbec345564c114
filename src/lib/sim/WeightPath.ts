/**
 * The path a two-input perceptron's weights take through weight space, read from the
 * model's own trace: its (w1, w2, b) before training and after every update. Chapter 3
 * draws it to show the rule going round in circles on XOR (the loop found by
 * `findWeightCycle` on the weights after each epoch) and wandering on Iris.
 */
import { createRandom } from '$lib/random';
import type { PerceptronParameters } from '$lib/models/perceptron';
import type { EpochSummary, TrainStep } from '$lib/models/trainPerceptron';
import { findWeightCycle, type WeightCycle } from '$lib/models/CycleDetector';

export interface PathPoint {
  readonly w1: number;
  readonly w2: number;
  readonly b: number;
  /** the epoch of the update that led here; 0 for the starting weights */
  readonly epoch: number;
}

/** The points of one lap of a loop: `points[from]` and `points[to]` are the same weights. */
export interface LoopSpan {
  readonly from: number;
  readonly to: number;
  /** epochs one lap takes */
  readonly epochs: number;
}

/** What the path needs of a run: the starting weights and the trace, one instance at a time. */
export interface TraceSource {
  readonly initial: PerceptronParameters;
  readonly cursor: number;
  stepAt(n: number): TrainStep | undefined;
}

function pointOf(parameters: PerceptronParameters, epoch: number): PathPoint {
  const w = parameters.weights[0];
  if (parameters.weights.length !== 1 || w.length !== 2) {
    throw new Error(`weight path: needs one unit with two weights, got ${parameters.weights.length} unit(s) of ${w?.length} weights`);
  }
  return { w1: w[0], w2: w[1], b: parameters.biases[0], epoch };
}

/**
 * Starting weights for a run on the XOR truth table: zeros for seed 0 (the textbook start),
 * otherwise whole numbers from −2 to 2 drawn from the seed, so the loop is exact and
 * every seed shows a different one.
 */
export function integerStart(seed: number): PerceptronParameters {
  if (seed === 0) return { weights: [new Float64Array(2)], biases: new Float64Array(1) };
  const random = createRandom(seed);
  const draw = () => Math.floor(random() * 5) - 2;
  return { weights: [Float64Array.of(draw(), draw())], biases: Float64Array.of(draw()) };
}

/** The first revisit among the weights after each finished epoch (index 0: before training). */
export function epochCycle(initial: PerceptronParameters, epochs: readonly EpochSummary[]): WeightCycle | null {
  return findWeightCycle([initial, ...epochs.map((e) => e.parameters)]);
}

/**
 * Grows the path as a run's cursor moves, reading each trace entry once; rewinding the
 * cursor just shows fewer points. One instance per run: the trace it reads never changes.
 */
export class WeightPath {
  private readonly points: PathPoint[] = [];
  /** index of the last point after each epoch: epochEnds[e] for epoch e, epochEnds[0] = 0 */
  private readonly epochEnds: number[] = [0];
  /** point count after each trace entry, so a rewound cursor maps to its points */
  private readonly countAfter: number[] = [1];
  private read = 0;

  constructor(private readonly source: TraceSource) {
    this.points.push(pointOf(source.initial, 0));
  }

  /** Points up to instance `n` (default: the run's cursor), start included. */
  pointsAt(n = this.source.cursor): PathPoint[] {
    this.extend(n);
    return this.points.slice(0, this.countAfter[Math.min(n, this.read)]);
  }

  /** The first lap of `cycle` as indices into the path, once `pointsAt` has read past its end. */
  loopSpan(cycle: WeightCycle | null): LoopSpan | null {
    if (!cycle) return null;
    const end = cycle.start + cycle.length;
    if (end >= this.epochEnds.length) return null;
    return { from: this.epochEnds[cycle.start], to: this.epochEnds[end], epochs: cycle.length };
  }

  private extend(n: number): void {
    while (this.read < n) {
      const step = this.source.stepAt(this.read + 1);
      if (!step) break;
      // snapshots are shared between steps: a new object means the rule changed the weights
      if (step.after !== step.before) this.points.push(pointOf(step.after, step.epoch));
      if (step.epochEnd) this.epochEnds[step.epoch] = this.points.length - 1;
      this.read++;
      this.countAfter[this.read] = this.points.length;
    }
  }
}
