/**
 * Dropout (Srivastava, Hinton et al. 2014), as keras.layers.Dropout: in a training step
 * each value is zeroed with probability `rate` and the survivors scaled by 1 / (1 − rate)
 * ("inverted" dropout), so the layer is the identity at inference and predict needs no
 * rescaling. No weights.
 */
import { drawDropoutMask } from '$lib/engine/dropoutMask';
import { mul } from '$lib/engine/ops';
import type { Tensor } from '$lib/engine/tensor';
import { createRandom, type Random } from '$lib/random';
import { pythonNumber } from '../optimizers';
import { notBuilt, type Backward, type ForwardOptions, type Layer, type Trace } from './layer';

export interface DropoutOptions {
  /**
   * seeds the masks; default: drawn from the model's seeded initialiser when it is built,
   * so a model rebuilt from the same seed drops the same values in the same steps
   */
  seed?: number;
  inputShape?: readonly number[];
}

/** A training-time trace also keeps the mask (0 or 1 / (1 − rate) per value) for the backward pass. */
interface DropoutTrace extends Trace {
  readonly mask: Tensor | null;
}

export class Dropout implements Layer {
  readonly className = 'Dropout';
  name = 'dropout';
  readonly inputShape?: readonly number[];
  readonly weights = [];
  outputShape: readonly number[] = [];
  built = false;
  private readonly seed?: number;
  private random: Random | null = null;

  constructor(
    readonly rate: number,
    options: DropoutOptions = {}
  ) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be a number in [0, 1), got ${rate}`);
    if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new Error(`dropout: seed must be an integer, got ${options.seed}`);
    this.seed = options.seed;
    this.inputShape = options.inputShape;
  }

  /** Also restarts the masks' random stream: building again replays the same masks. */
  build(inputShape: readonly number[], random: Random): readonly number[] {
    this.random = createRandom(this.seed ?? Math.floor(random() * 2 ** 32));
    this.outputShape = [...inputShape];
    this.built = true;
    return this.outputShape;
  }

  async forward(x: Tensor, options: ForwardOptions = {}): Promise<DropoutTrace> {
    if (!this.built || !this.random) throw notBuilt(this);
    if (!options.training || this.rate === 0) return { input: x, output: x, mask: null };
    const mask = new Float32Array(x.data.length);
    this.fillMask(mask);
    const m = { data: mask, shape: x.shape };
    return { input: x, output: await mul(x, m), mask: m };
  }

  /**
   * The next mask of this layer's stream, into `mask` (a training step's values): the
   * forward pass draws with it, and so does a compiled step, so both drop the same values.
   */
  fillMask(mask: Float32Array): void {
    if (!this.random) throw notBuilt(this);
    drawDropoutMask(mask, this.rate, this.random);
  }

  async backward(dy: Tensor, trace: Trace): Promise<Backward> {
    const { mask } = trace as DropoutTrace;
    return { dx: mask ? await mul(dy, mask) : dy, grads: [] };
  }

  kerasCode(): string {
    return `layers.Dropout(${pythonNumber(this.rate)})`;
  }
}

/** dropout(0.25) between layers: active in fit, the identity in predict and evaluate. */
export function dropout(rate: number, options: DropoutOptions = {}): Dropout {
  return new Dropout(rate, options);
}
