/**
 * Runs plans (plan/plan.ts) on the GPU: the heap runner's counterpart (plan/runner.ts),
 * with each buffer name bound to a gpu.js texture (WebGL2) or storage buffer (WebGPU)
 * instead of a heap offset. Weights, optimizer state, activations and gradients stay on
 * the device for the whole fit. Per training step the batch goes up (x, the target rows,
 * a dropout mask per dropout layer) and ONE readback brings down the loss, the count of
 * correct answers and the count of non-finite weights. Weights come back only when asked.
 *
 * Nothing waits on a fence in a loop: WebGL2 reads back with one synchronous readPixels
 * per step (training runs in a worker, so the page does not feel it), WebGPU with one
 * mapAsync, which resolves without polling.
 *
 * Divergence, as the heap runner: a step whose loss or new weights are not finite is
 * undone and reported with the layer where it started. Undoing costs nothing here: an
 * update writes a new texture (a kernel cannot write where it reads), so the names of
 * the weights before the step are kept bound to their old textures until the next step.
 */
import type { GPU } from 'gpu.js';
import type { DevicePlanRunner } from '../../../backend';
import { sizeOf, type Tensor } from '../../../tensor';
import { compilePlan, planParameters, type ModelDescriptor } from '../../../plan/compile';
import { diagnose, PlanDivergedError } from '../../../plan/divergence';
import type { ParameterSpec, Plan, PlanCall } from '../../../plan/plan';
import type { PlanRunnerOptions, RunnerOptimizerState, StepResult } from '../../../plan/runner';
import { drawDropoutMask } from '../../../dropoutMask';
import type { WindowShape } from '../../../plan/kernels';
import { createRandom } from '$lib/random';
import { DeviceKernels, type Step } from './deviceKernels';

/** A plan with its calls compiled to kernels on the device. */
interface Laid {
  readonly plan: Plan;
  readonly sizes: ReadonlyMap<string, number>;
  readonly steps: readonly Step[];
  readonly writeInput: (data: Float32Array) => Promise<void>;
  readonly writeTarget: (data: Float32Array) => Promise<void>;
  readonly writeMasks: readonly ((data: Float32Array) => Promise<void>)[];
  /** packs what a step reports into `report`: loss, correct, and (train) non-finite weights */
  readonly report: Step;
}

const REPORT = 'step·report';
const NON_FINITE = 'step·nonFinite';
const before = (name: string) => `${name}·before`;

export class GpuPlanRunner implements DevicePlanRunner {
  readonly parameters: readonly ParameterSpec[];
  /** read at every step, so a rate changed between steps takes effect */
  learningRate: number;
  /** optimizer steps taken (Adam's bias correction counts them) */
  iterations = 0;
  private readonly device: DeviceKernels;
  private readonly laidPlans = new Map<string, Laid>();
  private readonly fillMask: (layer: string, rate: number, mask: Float32Array) => void;
  private readonly uploads = new Map<string, (data: Float32Array) => Promise<void>>();

  /**
   * @param gpu a gpu.js instance in mode 'webgl2' or 'webgpu', shared with the backend's per-op kernels
   */
  constructor(
    gpu: GPU,
    readonly model: ModelDescriptor,
    options: PlanRunnerOptions
  ) {
    this.device = new DeviceKernels(gpu);
    this.parameters = planParameters(model);
    this.learningRate = model.optimizer.learningRate;
    const random = createRandom(0);
    this.fillMask = options.fillMask ?? ((_, rate, mask) => drawDropoutMask(mask, rate, random));
    this.laid('train', options.rows);
  }

  /** Kernels compiled so far. */
  get compiledKernels(): number {
    return this.device.compiled;
  }

  private upload(name: string, size: number): (data: Float32Array) => Promise<void> {
    const key = `${name}:${size}`;
    let write = this.uploads.get(key);
    if (!write) {
      write = this.device.upload(name, size);
      this.uploads.set(key, write);
    }
    return write;
  }

  private laid(mode: 'train' | 'forward', rows: number): Laid {
    const key = `${mode}:${rows}`;
    const found = this.laidPlans.get(key);
    if (found) return found;
    const plan = compilePlan(this.model, rows, mode);
    const sizes = new Map(plan.buffers.map((b) => [b.name, sizeOf(b.shape)]));
    const size = (name: string) => sizes.get(name) as number;
    const windows = new Map<string, WindowShape>();
    for (const c of plan.calls) if (c.op === 'maxPool') windows.set(c.argmax, c.window);
    const steps = plan.calls.map((c) => this.bind(c, windows));
    const reported = [
      { name: plan.io.correct, cell: 0 },
      { name: plan.io.correct, cell: 1 }
    ];
    let report: Step;
    if (mode === 'train') {
      const weights = plan.buffers.filter((b) => b.kind === 'weight').map((b) => ({ name: b.name, size: size(b.name) }));
      const count = this.device.countNonFiniteOf(weights, NON_FINITE);
      const pack = this.device.pack([...reported, { name: NON_FINITE, cell: 0 }], REPORT);
      report = async () => {
        await count();
        await pack();
      };
    } else {
      report = this.device.pack(reported, REPORT);
    }
    const laid: Laid = {
      plan,
      sizes,
      steps,
      writeInput: this.upload(plan.io.input, size(plan.io.input)),
      writeTarget: this.upload(plan.io.target, size(plan.io.target)),
      writeMasks: plan.masks.map((m) => this.upload(m.buffer, size(m.buffer))),
      report
    };
    this.laidPlans.set(key, laid);
    return laid;
  }

  /** A call compiled to its kernels; the optimizer's rates are read when the step runs. */
  private bind(c: PlanCall, windows: ReadonlyMap<string, WindowShape>): Step {
    const d = this.device;
    const opt = this.model.optimizer;
    switch (c.op) {
      case 'gemm':
        return d.gemm(c.m, c.n, c.k, c.a, c.transA, c.b, c.transB, c.c, c.accumulate);
      case 'biasActivation':
        return d.biasActivation(c.z, c.bias, c.out, c.rows, c.cols, c.act);
      case 'activationGrad':
        return d.activationGrad(c.dy, c.y, c.dz, c.size, c.act);
      case 'columnSum':
        return d.columnSum(c.dz, c.db, c.rows, c.cols);
      case 'softmaxCrossEntropy':
        // the correct-answers buffer holds [loss summed over rows, correct rows] on the device
        return d.softmaxCrossEntropy(c.logits, c.targets, c.probs, c.dz, c.rows, c.cols, c.lossRows, c.correct);
      case 'im2col':
        return d.im2col(c.x, c.cols, c.window);
      case 'col2im':
        return d.col2im(c.cols, c.dx, c.window);
      case 'maxPool':
        return d.maxPool(c.x, c.y, c.argmax, c.window);
      case 'maxPoolGrad': {
        // a gather needs the window, which the forward call that wrote the argmax knows
        const window = windows.get(c.argmax);
        if (!window) throw new Error(`GpuPlanRunner: no max pooling wrote ${c.argmax}`);
        return d.maxPoolGrad(c.dy, c.argmax, c.dx, window);
      }
      case 'multiply':
        return d.multiply(c.a, c.b, c.out, c.size);
      case 'sgd':
        if (opt.kind !== 'sgd') break;
        return d.sgd(c.w, c.g, c.velocity, c.size, () => ({ lr: this.learningRate, momentum: opt.momentum }));
      case 'adam':
        if (opt.kind !== 'adam') break;
        return d.adam(c.w, c.g, c.m, c.v, c.size, () => {
          // Keras folds the bias correction of step t into the rate
          const t = this.iterations + 1;
          const alpha = (this.learningRate * Math.sqrt(1 - opt.beta2 ** t)) / (1 - opt.beta1 ** t);
          return { alpha, beta1: opt.beta1, beta2: opt.beta2, epsilon: opt.epsilon };
        });
      case 'adadelta':
        if (opt.kind !== 'adadelta') break;
        return d.adadelta(c.w, c.g, c.accGrad, c.accDelta, c.size, () => ({ lr: this.learningRate, rho: opt.rho, epsilon: opt.epsilon }));
    }
    throw new Error(`GpuPlanRunner: the plan's ${c.op} update does not match the optimizer ${opt.kind}`);
  }

  /** Replaces the weights, in Keras's get_weights order. */
  async loadWeights(weights: readonly Tensor[]): Promise<void> {
    if (weights.length !== this.parameters.length) {
      throw new Error(`GpuPlanRunner: the model has ${this.parameters.length} weight arrays, got ${weights.length}`);
    }
    for (const [i, p] of this.parameters.entries()) await this.upload(p.buffer, sizeOf(p.shape))(weights[i].data);
  }

  /** Copies of the weights, in Keras's get_weights order (one readback per weight array). */
  async readWeights(): Promise<Tensor[]> {
    const out: Tensor[] = [];
    for (const p of this.parameters) out.push({ data: await this.device.read(p.buffer, sizeOf(p.shape)), shape: [...p.shape] });
    return out;
  }

  /** Replaces the optimizer state; a slot left out (an optimizer that has not stepped yet) starts at zero. */
  async loadOptimizerState(state: RunnerOptimizerState): Promise<void> {
    this.iterations = state.iterations;
    for (const [i, p] of this.parameters.entries()) {
      for (const [s, name] of p.state.entries()) {
        const size = sizeOf(p.shape);
        await this.upload(name, size)(state.slots[s]?.[i] ?? new Float32Array(size));
      }
    }
  }

  async readOptimizerState(): Promise<RunnerOptimizerState> {
    const slots: Float32Array[][] = (this.parameters[0]?.state ?? []).map(() => []);
    for (const p of this.parameters) {
      for (const [s, name] of p.state.entries()) slots[s].push(await this.device.read(name, sizeOf(p.shape)));
    }
    return { iterations: this.iterations, slots };
  }

  /**
   * One training step on a batch: x [rows, ...inputShape], y one-hot [rows, classes] or,
   * for sparse categorical cross-entropy, labels [rows]. Rejects with PlanDivergedError,
   * the weights and optimizer state of before the step restored, if anything stops being finite.
   */
  async trainStep(x: Tensor, y: Tensor): Promise<StepResult> {
    const rows = x.shape[0];
    const laid = this.laid('train', rows);
    await this.writeBatch(laid, x, y);
    for (const [i, m] of laid.plan.masks.entries()) {
      const mask = new Float32Array(laid.sizes.get(m.buffer) as number);
      this.fillMask(m.layer, m.rate, mask);
      await laid.writeMasks[i](mask);
    }
    const kept = this.parameters.flatMap((p) => [p.buffer, ...p.state]);
    for (const name of kept) this.device.arrays.set(before(name), this.device.arrays.get(name));
    for (const step of laid.steps) await step();
    await laid.report();
    const [lossSum, correct, nonFinite] = await this.device.read(REPORT, 3);
    const loss = lossSum / rows;
    if (!Number.isFinite(loss) || nonFinite > 0) {
      const details = await this.diagnose(laid, loss);
      for (const name of kept) this.device.arrays.set(name, this.device.arrays.get(before(name)));
      throw new PlanDivergedError(details);
    }
    this.iterations++;
    return { loss, correct };
  }

  /** Mean loss and correct answers over x and y, `batchSize` rows at a time, without training. */
  async evaluate(x: Tensor, y: Tensor, batchSize: number): Promise<StepResult> {
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < x.shape[0]; start += batchSize) {
      const end = Math.min(x.shape[0], start + batchSize);
      const laid = this.laid('forward', end - start);
      await this.writeBatch(laid, rowsOf(x, start, end), rowsOf(y, start, end));
      for (const step of laid.steps) await step();
      await laid.report();
      const [l, c] = await this.device.read(REPORT, 2);
      lossSum += l;
      correct += c;
    }
    return { loss: lossSum / x.shape[0], correct };
  }

  /** The model's outputs (the softmax's probabilities) for x, `batchSize` rows at a time. */
  async predict(x: Tensor, batchSize: number): Promise<Tensor> {
    const classes = this.parameters[this.parameters.length - 1].shape[0];
    const out = new Float32Array(x.shape[0] * classes);
    for (let start = 0; start < x.shape[0]; start += batchSize) {
      const end = Math.min(x.shape[0], start + batchSize);
      const laid = this.laid('forward', end - start);
      // no targets: the loss the forward plan computes on zero rows is 0 and is not read
      await this.writeBatch(laid, rowsOf(x, start, end), null);
      for (const step of laid.steps) await step();
      out.set(await this.device.read(laid.plan.io.probs, (end - start) * classes), start * classes);
    }
    return { data: out, shape: [x.shape[0], classes] };
  }

  dispose(): void {
    this.device.dispose();
    this.laidPlans.clear();
    this.uploads.clear();
  }


  /** Where a diverged step went wrong: its buffers come back (only then) for plan/divergence.ts. */
  private async diagnose(laid: Laid, loss: number) {
    const names = new Set(laid.plan.layers.flatMap((l) => [...l.outputs, ...l.grads, ...l.params]));
    const regions = new Map<string, { at: number; size: number }>();
    let cells = 0;
    for (const name of names) {
      const size = laid.sizes.get(name) as number;
      regions.set(name, { at: cells, size });
      cells += size;
    }
    const f = new Float32Array(cells);
    for (const [name, r] of regions) f.set(await this.device.read(name, r.size), r.at);
    return diagnose(laid.plan, f, (name) => regions.get(name) as { at: number; size: number }, loss);
  }

  /** Uploads the batch: x as it is, y as given or, for labels, as one-hot rows; y null uploads zero targets. */
  private async writeBatch(laid: Laid, x: Tensor, y: Tensor | null): Promise<void> {
    const rows = laid.plan.rows;
    const inputSize = laid.sizes.get(laid.plan.io.input) as number;
    const targetSize = laid.sizes.get(laid.plan.io.target) as number;
    const classes = targetSize / rows;
    if (x.data.length !== inputSize) {
      throw new Error(`GpuPlanRunner: x has ${x.data.length} values, the plan takes ${rows} rows of ${inputSize / rows}`);
    }
    await laid.writeInput(x.data);
    if (y && this.model.loss !== 'sparseCategoricalCrossentropy') {
      if (y.data.length !== targetSize) throw new Error(`GpuPlanRunner: y has ${y.data.length} values, the plan takes ${rows} rows of ${classes}`);
      await laid.writeTarget(y.data);
      return;
    }
    const target = new Float32Array(targetSize);
    if (y) {
      if (y.data.length !== rows) throw new Error(`GpuPlanRunner: y has ${y.data.length} labels for ${rows} rows`);
      for (let r = 0; r < rows; r++) {
        const label = y.data[r];
        if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`GpuPlanRunner: label ${label} of row ${r} is not a class in 0..${classes - 1}`);
        target[r * classes + label] = 1;
      }
    }
    await laid.writeTarget(target);
  }
}

/** Rows start..end of x, without copying. */
function rowsOf(x: Tensor, start: number, end: number): Tensor {
  const row = sizeOf(x.shape.slice(1));
  return { data: x.data.subarray(start * row, end * row), shape: [end - start, ...x.shape.slice(1)] };
}
