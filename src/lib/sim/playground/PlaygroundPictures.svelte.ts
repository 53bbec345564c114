/**
 * What the playground's pictures show, recomputed from a set of weights: every unit's
 * output over the plane, the network's output at a finer grid, the dead ReLUs and the
 * loss and accuracy on both point sets. Snapshots arrive faster than drawing pays, so
 * redraws are coalesced (one right away, then at most one per REFRESH_MS), and a newer
 * computation always wins over an older one still under way.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { PlaygroundConfig } from './config';
import { gridSpec, type PlaygroundData } from './data';
import { deadRelus, planePictures, playgroundModel, scorePoints } from './network';

export const OUTPUT_RESOLUTION = 32;
/** TensorFlow Playground's unit pictures are as coarse; every cell is a rectangle the scene draws */
export const UNIT_RESOLUTION = 12;
/** at most this often the pictures are recomputed while training, so drawing never queues up behind snapshots */
const REFRESH_MS = 250;

export interface PlanePicture {
  /** the network's output (a probability) over the plane, top row first */
  readonly output: Float32Array;
  readonly outputResolution: number;
  /** per layer (inputs first) and unit, shades in [0, 1] over the plane */
  readonly units: Float32Array[][];
  readonly unitResolution: number;
}

/** The weights and the view they are drawn for. */
export interface PictureSource {
  readonly weights: readonly Tensor[];
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
}

export class PlaygroundPictures {
  picture = $state.raw<PlanePicture | null>(null);
  /** the weights the pictures were computed from: what the network picture draws, so edges and units agree */
  weights = $state.raw<Tensor[]>([]);
  /** per hidden layer, the indices of dead ReLU units */
  dead = $state.raw<number[][]>([]);
  /** loss and accuracy of the weights on the test points, and on the training points */
  testScore = $state.raw({ loss: NaN, accuracy: NaN });
  trainScore = $state.raw({ loss: NaN, accuracy: NaN });

  private ticket = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  get deadCount(): number {
    return this.dead.reduce((s, layer) => s + layer.length, 0);
  }

  /** Recomputes everything from `source` now; a newer call wins. */
  async refresh(source: PictureSource): Promise<void> {
    const ticket = ++this.ticket;
    const { config, data } = source;
    const weights = [...source.weights];
    const model = playgroundModel(config, weights);
    const output = await planePictures(model, config, gridSpec(data.box, OUTPUT_RESOLUTION));
    const units = await planePictures(model, config, gridSpec(data.box, UNIT_RESOLUTION));
    const dead = await deadRelus(model, config, data.train);
    const test = await scorePoints(model, config, data.test);
    const train = await scorePoints(model, config, data.train);
    if (ticket !== this.ticket) return;
    this.picture = { output: output.output, outputResolution: OUTPUT_RESOLUTION, units: units.units, unitResolution: UNIT_RESOLUTION };
    this.weights = weights;
    this.dead = dead;
    this.testScore = test;
    this.trainScore = train;
  }

  /** Recomputes soon: right away after a quiet spell, else once REFRESH_MS after the last time; `source` is read then. */
  schedule(source: () => PictureSource): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + REFRESH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.last = Date.now();
      void this.refresh(source());
    }, wait);
  }

  /** Drops a scheduled recompute, e.g. before a final one that must not be overtaken. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
