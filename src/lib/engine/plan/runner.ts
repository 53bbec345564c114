/**
 * Runs plans on PlanKernels, on one heap laid out once: weights and optimizer state for
 * the whole fit, then one region for the buffers of a step, shared by every plan (a step
 * keeps nothing in it from one call to the next). Per training step only the batch is
 * written in and the loss and the count of correct answers are read out; weights leave
 * the heap only when asked (readWeights).
 *
 * Heap, in cells: [ weights | optimizer state | last good copy of both | step region ].
 *
 * Divergence. Before each update the weights and optimizer state are copied aside (one
 * copyWithin, a memmove of the parameters: small next to the step's three matrix
 * products over the batch per layer). A step whose loss or new weights are not finite is
 * undone from that copy and reported with the layer where the bad value first appeared,
 * so the model keeps exactly the weights of the step before, as the per-op path does. A
 * copy at a coarser cadence would be cheaper but would lose the steps since the last copy.
 * A kernel that throws mid-step (a trap, a lost device) is undone the same way before the
 * error goes on, so a fit that continues on another backend starts from the last whole step.
 */
import { createRandom } from '$lib/random';
import { drawDropoutMask } from '../dropoutMask';
import type { Tensor } from '../tensor';
import { sizeOf } from '../tensor';
import { compilePlan, planParameters, type ModelDescriptor } from './compile';
import { diagnose, PlanDivergedError } from './divergence';
import type { PlanKernels } from './kernels';
import { alignCells as align } from './memory';
import { isPersistent, type ParameterSpec, type Plan, type PlanCall } from './plan';

/** The most cells a forward pass's region may take (64 MiB): predict on many rows goes in chunks of this. */
const FORWARD_BUDGET = 1 << 24;

/** An optimizer's state in the models' form: slots[s][i] is state slot s of weight i. */
export interface RunnerOptimizerState {
  readonly iterations: number;
  readonly slots: readonly (readonly Float32Array[])[];
}

export interface StepResult {
  /** the batch's mean loss, before the update */
  readonly loss: number;
  /** rows whose most probable class is the target's */
  readonly correct: number;
}

export interface PlanRunnerOptions {
  /** rows of the training batches, to lay the step region out for from the start */
  rows: number;
  /**
   * Draws a dropout layer's mask for a training step (see dropoutMask.ts). Default: every
   * layer draws from one stream seeded 0. A model passes its layers' own streams, so
   * the compiled step drops what the per-op step would.
   */
  fillMask?: (layer: string, rate: number, mask: Float32Array) => void;
}

/** A plan with every buffer placed and every call bound to its offsets. */
interface Laid {
  readonly plan: Plan;
  readonly at: ReadonlyMap<string, number>;
  /** cells per buffer */
  readonly sizes: ReadonlyMap<string, number>;
  readonly cells: number;
  readonly calls: readonly (() => number | void)[];
}

export class PlanRunner {
  readonly parameters: readonly ParameterSpec[];
  /** read at every step, so a rate changed between steps takes effect */
  learningRate: number;
  /** optimizer steps taken (Adam's bias correction counts them) */
  iterations = 0;
  private readonly at = new Map<string, number>();
  private readonly weightCells: number;
  private readonly paramCells: number;
  private readonly backupAt: number;
  private readonly regionAt: number;
  private readonly laidPlans = new Map<string, Laid>();
  private readonly fillMask: (layer: string, rate: number, mask: Float32Array) => void;
  private forwardRowCells = 0;

  /** Lays out the weights and optimizer state, and the step region for `rows` rows. */
  constructor(
    readonly kernels: PlanKernels,
    readonly model: ModelDescriptor,
    options: PlanRunnerOptions
  ) {
    this.parameters = planParameters(model);
    this.learningRate = model.optimizer.learningRate;
    const random = createRandom(0);
    this.fillMask = options.fillMask ?? ((_, rate, mask) => drawDropoutMask(mask, rate, random));
    let end = 0;
    for (const p of this.parameters) end = this.place(p.buffer, end, sizeOf(p.shape));
    this.weightCells = end;
    for (const p of this.parameters) for (const s of p.state) end = this.place(s, end, sizeOf(p.shape));
    this.paramCells = end;
    this.backupAt = end;
    this.regionAt = end + this.paramCells;
    this.kernels.reserve(this.regionAt);
    // zero weights and state until loaded: a fresh heap may hold anything
    this.kernels.f32().fill(0, 0, this.regionAt);
    this.laid('train', options.rows);
  }

  private place(name: string, at: number, size: number): number {
    this.at.set(name, at);
    return align(at + size);
  }

  /** The plan for `rows` rows, placed in the step region (which grows if it must). */
  private laid(mode: 'train' | 'forward', rows: number): Laid {
    const key = `${mode}:${rows}`;
    const found = this.laidPlans.get(key);
    if (found) return found;
    const plan = compilePlan(this.model, rows, mode);
    const at = new Map<string, number>();
    const sizes = new Map(plan.buffers.map((b) => [b.name, sizeOf(b.shape)]));
    let end = this.regionAt;
    for (const b of plan.buffers) {
      if (isPersistent(b.kind)) at.set(b.name, this.offset(b.name));
      else {
        at.set(b.name, end);
        end = align(end + sizeOf(b.shape));
      }
    }
    this.kernels.reserve(end);
    const laid: Laid = { plan, at, sizes, cells: end - this.regionAt, calls: plan.calls.map((c) => this.bind(c, at)) };
    this.laidPlans.set(key, laid);
    return laid;
  }

  private offset(name: string): number {
    const at = this.at.get(name);
    if (at === undefined) throw new Error(`PlanRunner: no buffer named ${name}`);
    return at;
  }

  /** A call with its buffer names turned into offsets once, so a step only runs kernels. */
  private bind(c: PlanCall, at: ReadonlyMap<string, number>): () => number | void {
    const k = this.kernels;
    const o = (name: string) => at.get(name) as number;
    const opt = this.model.optimizer;
    switch (c.op) {
      case 'gemm': {
        const [a, b, out] = [o(c.a), o(c.b), o(c.c)];
        return () => k.gemm(c.m, c.n, c.k, a, c.transA, b, c.transB, out, c.accumulate);
      }
      case 'biasActivation': {
        const [z, bias, out] = [o(c.z), c.bias === null ? -1 : o(c.bias), o(c.out)];
        return () => k.biasActivation(z, bias, out, c.rows, c.cols, c.act);
      }
      case 'activationGrad': {
        const [dy, y, dz] = [o(c.dy), o(c.y), o(c.dz)];
        return () => k.activationGrad(dy, y, dz, c.size, c.act);
      }
      case 'columnSum': {
        const [dz, db] = [o(c.dz), o(c.db)];
        return () => k.columnSum(dz, db, c.rows, c.cols);
      }
      case 'softmaxCrossEntropy': {
        const [logits, targets, probs, dz, correct] = [o(c.logits), o(c.targets), o(c.probs), o(c.dz), o(c.correct)];
        return () => k.softmaxCrossEntropy(logits, targets, probs, dz, c.rows, c.cols, c.lossRows, correct);
      }
      case 'im2col': {
        const [x, cols] = [o(c.x), o(c.cols)];
        return () => k.im2col(x, cols, c.window);
      }
      case 'col2im': {
        const [cols, dx] = [o(c.cols), o(c.dx)];
        return () => k.col2im(cols, dx, c.window);
      }
      case 'maxPool': {
        const [x, y, argmax] = [o(c.x), o(c.y), o(c.argmax)];
        return () => k.maxPool(x, y, argmax, c.window);
      }
      case 'maxPoolGrad': {
        const [dy, argmax, dx] = [o(c.dy), o(c.argmax), o(c.dx)];
        return () => k.maxPoolGrad(dy, argmax, dx, c.ySize, c.xSize);
      }
      case 'multiply': {
        const [a, b, out] = [o(c.a), o(c.b), o(c.out)];
        return () => k.multiply(a, b, out, c.size);
      }
      case 'sgd': {
        if (opt.kind !== 'sgd') break;
        const [w, g, v] = [o(c.w), o(c.g), c.velocity === null ? -1 : o(c.velocity)];
        return () => k.sgd(w, g, v, c.size, this.learningRate, opt.momentum);
      }
      case 'adam': {
        if (opt.kind !== 'adam') break;
        const [w, g, m, v] = [o(c.w), o(c.g), o(c.m), o(c.v)];
        return () => {
          // Keras folds the bias correction of step t into the rate
          const t = this.iterations + 1;
          const alpha = (this.learningRate * Math.sqrt(1 - opt.beta2 ** t)) / (1 - opt.beta1 ** t);
          k.adam(w, g, m, v, c.size, alpha, opt.beta1, opt.beta2, opt.epsilon);
        };
      }
      case 'adadelta': {
        if (opt.kind !== 'adadelta') break;
        const [w, g, accGrad, accDelta] = [o(c.w), o(c.g), o(c.accGrad), o(c.accDelta)];
        return () => k.adadelta(w, g, accGrad, accDelta, c.size, this.learningRate, opt.rho, opt.epsilon);
      }
    }
    throw new Error(`PlanRunner: the plan's ${c.op} update does not match the optimizer ${opt.kind}`);
  }

  /** Replaces the weights, in Keras's get_weights order. */
  loadWeights(weights: readonly Tensor[]): void {
    if (weights.length !== this.parameters.length) {
      throw new Error(`PlanRunner: the model has ${this.parameters.length} weight arrays, got ${weights.length}`);
    }
    const f = this.kernels.f32();
    this.parameters.forEach((p, i) => {
      if (weights[i].data.length !== sizeOf(p.shape)) throw new Error(`PlanRunner: ${p.buffer} takes ${sizeOf(p.shape)} values, got ${weights[i].data.length}`);
      f.set(weights[i].data, this.offset(p.buffer));
    });
  }

  /** Copies of the weights, in Keras's get_weights order. */
  readWeights(): Tensor[] {
    const f = this.kernels.f32();
    return this.parameters.map((p) => {
      const at = this.offset(p.buffer);
      return { data: f.slice(at, at + sizeOf(p.shape)), shape: [...p.shape] };
    });
  }

  /** Replaces the optimizer state; a slot left out (an optimizer that has not stepped yet) starts at zero. */
  loadOptimizerState(state: RunnerOptimizerState): void {
    const f = this.kernels.f32();
    this.iterations = state.iterations;
    this.parameters.forEach((p, i) =>
      p.state.forEach((name, s) => {
        const at = this.offset(name);
        const values = state.slots[s]?.[i];
        if (values) f.set(values, at);
        else f.fill(0, at, at + sizeOf(p.shape));
      })
    );
  }

  readOptimizerState(): RunnerOptimizerState {
    const f = this.kernels.f32();
    const slots = (this.parameters[0]?.state ?? []).map((_, s) =>
      this.parameters.map((p) => {
        const at = this.offset(p.state[s]);
        return f.slice(at, at + sizeOf(p.shape));
      })
    );
    return { iterations: this.iterations, slots };
  }

  /**
   * One training step on a batch: x [rows, ...inputShape], y one-hot [rows, classes] or,
   * for sparse categorical cross-entropy, labels [rows]. Throws PlanDivergedError, with the
   * weights and optimizer state of before the step, if anything stops being finite.
   */
  trainStep(x: Tensor, y: Tensor): StepResult {
    const rows = x.shape[0];
    const laid = this.laid('train', rows);
    this.writeBatch(laid, x, y);
    const f = this.kernels.f32();
    for (const m of laid.plan.masks) {
      const at = laid.at.get(m.buffer) as number;
      this.fillMask(m.layer, m.rate, f.subarray(at, at + this.size(laid, m.buffer)));
    }
    f.copyWithin(this.backupAt, 0, this.paramCells);
    let lossSum: number;
    try {
      lossSum = this.run(laid);
    } catch (error) {
      try {
        this.kernels.f32().copyWithin(0, this.backupAt, this.backupAt + this.paramCells);
      } catch {
        // the heap itself is gone: the error that says why matters more than a second one
      }
      throw error;
    }
    const loss = lossSum / rows;
    if (!Number.isFinite(loss) || this.kernels.countNonFinite(0, this.weightCells) > 0) {
      const region = (name: string) => ({ at: laid.at.get(name) as number, size: this.size(laid, name) });
      const details = diagnose(laid.plan, this.kernels.f32(), region, loss);
      this.kernels.f32().copyWithin(0, this.backupAt, this.backupAt + this.paramCells);
      throw new PlanDivergedError(details);
    }
    this.iterations++;
    return { loss, correct: this.kernels.i32()[laid.at.get(laid.plan.io.correct) as number] };
  }

  /** Mean loss and correct answers over x and y, `batchSize` rows at a time, without training. */
  evaluate(x: Tensor, y: Tensor, batchSize: number): StepResult {
    let lossSum = 0;
    let correct = 0;
    this.forEachChunk(x, batchSize, (laid, start, end) => {
      this.writeBatch(laid, rowsOf(x, start, end), rowsOf(y, start, end));
      lossSum += this.run(laid);
      correct += this.kernels.i32()[laid.at.get(laid.plan.io.correct) as number];
    });
    return { loss: lossSum / x.shape[0], correct };
  }

  /** The model's outputs (the softmax's probabilities) for x, `batchSize` rows at a time. */
  predict(x: Tensor, batchSize: number): Tensor {
    const classes = this.parameters[this.parameters.length - 1].shape[0];
    const out = new Float32Array(x.shape[0] * classes);
    this.forEachChunk(x, batchSize, (laid, start, end) => {
      // no targets: the loss the forward plan computes on zero rows is 0 and is not read
      this.writeBatch(laid, rowsOf(x, start, end), null);
      this.run(laid);
      const at = laid.at.get(laid.plan.io.probs) as number;
      out.set(this.kernels.f32().subarray(at, at + (end - start) * classes), start * classes);
    });
    return { data: out, shape: [x.shape[0], classes] };
  }

  /** Runs a plan's calls in order; returns the loss summed over its rows. */
  private run(laid: Laid): number {
    let lossSum = NaN;
    for (const call of laid.calls) {
      const r = call();
      if (typeof r === 'number') lossSum = r;
    }
    return lossSum;
  }

  /**
   * Forward passes over x in chunks of at most batchSize rows, fewer if a chunk's buffers
   * would pass FORWARD_BUDGET cells (the outputs do not depend on the chunking).
   */
  private forEachChunk(x: Tensor, batchSize: number, visit: (laid: Laid, start: number, end: number) => void): void {
    if (this.forwardRowCells === 0) this.forwardRowCells = this.laid('forward', 1).cells;
    const chunk = Math.max(1, Math.min(batchSize, Math.floor(FORWARD_BUDGET / this.forwardRowCells)));
    const n = x.shape[0];
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      visit(this.laid('forward', end - start), start, end);
    }
  }

  private size(laid: Laid, name: string): number {
    return laid.sizes.get(name) as number;
  }

  /** Writes the batch in: x as it is, y as given or, for labels, as one-hot rows; y null writes zero targets. */
  private writeBatch(laid: Laid, x: Tensor, y: Tensor | null): void {
    const rows = laid.plan.rows;
    const f = this.kernels.f32();
    const inputAt = laid.at.get(laid.plan.io.input) as number;
    const targetAt = laid.at.get(laid.plan.io.target) as number;
    const targetSize = this.size(laid, laid.plan.io.target);
    const classes = targetSize / rows;
    if (x.data.length !== this.size(laid, laid.plan.io.input)) {
      throw new Error(`PlanRunner: x has ${x.data.length} values, the plan takes ${rows} rows of ${this.size(laid, laid.plan.io.input) / rows}`);
    }
    f.set(x.data, inputAt);
    if (y && this.model.loss !== 'sparseCategoricalCrossentropy') {
      if (y.data.length !== targetSize) throw new Error(`PlanRunner: y has ${y.data.length} values, the plan takes ${rows} rows of ${classes}`);
      f.set(y.data, targetAt);
      return;
    }
    f.fill(0, targetAt, targetAt + targetSize);
    if (!y) return;
    if (y.data.length !== rows) throw new Error(`PlanRunner: y has ${y.data.length} labels for ${rows} rows`);
    for (let r = 0; r < rows; r++) {
      const label = y.data[r];
      if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`PlanRunner: label ${label} of row ${r} is not a class in 0..${classes - 1}`);
      f[targetAt + r * classes + label] = 1;
    }
  }
}

/** Rows start..end of x, without copying. */
function rowsOf(x: Tensor, start: number, end: number): Tensor {
  const row = sizeOf(x.shape.slice(1));
  return { data: x.data.subarray(start * row, end * row), shape: [end - start, ...x.shape.slice(1)] };
}
