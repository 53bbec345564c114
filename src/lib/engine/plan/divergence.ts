/**
 * When a compiled step produces a NaN or an Infinity: where it first appeared, read from
 * the step's own buffers (only then, so a healthy step reads nothing back), in the order
 * the per-op path checks: each layer's output, the loss, each layer's gradients from the
 * last layer back, then the updated weights.
 */
import type { Plan } from './plan';

export type DivergenceStage = 'forward' | 'loss' | 'gradient' | 'update';
export type NonFinite = 'NaN' | 'Infinity' | '-Infinity';

export interface PlanDivergence {
  /** the layer's name, or 'loss' */
  readonly layer: string;
  readonly stage: DivergenceStage;
  readonly value: NonFinite;
}

/** Thrown by PlanRunner.trainStep after it has put back the last weights and optimizer state that were all finite. */
export class PlanDivergedError extends Error {
  constructor(readonly details: PlanDivergence) {
    super(`training diverged: ${details.layer}'s ${details.stage} became ${details.value}`);
    this.name = 'PlanDivergedError';
  }
}

function describe(v: number): NonFinite {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** The first value that is not finite in `size` cells at `at`, or null. */
function firstNonFinite(f: Float32Array, at: number, size: number): NonFinite | null {
  for (let i = at; i < at + size; i++) if (f[i] - f[i] !== 0) return describe(f[i]);
  return null;
}

/**
 * Where a step that ended with `loss` (a NaN or Infinity, or finite with non-finite
 * weights) went wrong. `region(name)` gives a buffer's offset and size in f.
 */
export function diagnose(plan: Plan, f: Float32Array, region: (name: string) => { at: number; size: number }, loss: number): PlanDivergence {
  const find = (names: readonly string[]) => {
    for (const name of names) {
      const { at, size } = region(name);
      const value = firstNonFinite(f, at, size);
      if (value) return value;
    }
    return null;
  };
  for (const layer of plan.layers) {
    const value = find(layer.outputs);
    if (value) return { layer: layer.layer, stage: 'forward', value };
  }
  if (!Number.isFinite(loss)) return { layer: 'loss', stage: 'loss', value: describe(loss) };
  for (const layer of [...plan.layers].reverse()) {
    const value = find(layer.grads);
    if (value) return { layer: layer.layer, stage: 'gradient', value };
  }
  for (const layer of plan.layers) {
    const value = find(layer.params);
    if (value) return { layer: layer.layer, stage: 'update', value };
  }
  throw new Error('diagnose: the step has no value that is not finite');
}
