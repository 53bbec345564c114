/**
 * How many bytes a model's compiled training takes, from its plans' buffers, laid out as
 * the heap runner lays them (runner.ts): weights and optimizer state for the whole fit, a
 * copy of both to undo a step that diverged, then one region shared by the step and the
 * forward passes. So a model too large for a backend is refused before training, with
 * the bytes it needs, instead of failing on its first batch.
 */
import { sizeOf } from '../tensor';
import { compilePlan, type ModelDescriptor } from './compile';
import { isPersistent, type Plan } from './plan';

/** Buffers start on 16-byte boundaries, where SIMD loads are fastest. */
const ALIGN = 4;
export const alignCells = (cells: number) => Math.ceil(cells / ALIGN) * ALIGN;

/** Cells of a plan's buffers that live for one call (the step region's share), laid out one after another. */
export function regionCells(plan: Plan): number {
  return plan.buffers.reduce((end, b) => (isPersistent(b.kind) ? end : alignCells(end + sizeOf(b.shape))), 0);
}

/** Bytes, by what they hold. */
export interface PlanMemory {
  weights: number;
  optimizerState: number;
  /** the copy of weights and optimizer state a diverged step is undone from */
  backup: number;
  /** one step's batch, activations, gradients and scratch, or a forward pass's, whichever is larger */
  step: number;
  total: number;
}

/** The bytes the heap runner takes to train `model` on batches of `rows` and evaluate at the same size. */
export function planMemory(model: ModelDescriptor, rows: number): PlanMemory {
  const train = compilePlan(model, rows, 'train');
  let weights = 0;
  let optimizerState = 0;
  for (const b of train.buffers) {
    if (b.kind === 'weight') weights = alignCells(weights + sizeOf(b.shape));
    if (b.kind === 'optimizerState') optimizerState = alignCells(optimizerState + sizeOf(b.shape));
  }
  const step = Math.max(regionCells(train), regionCells(compilePlan(model, rows, 'forward')));
  const bytes = (cells: number) => cells * 4;
  const params = weights + optimizerState;
  return {
    weights: bytes(weights),
    optimizerState: bytes(optimizerState),
    backup: bytes(params),
    step: bytes(step),
    total: bytes(2 * params + step)
  };
}
