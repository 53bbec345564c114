/**
 * How many bytes training a model takes on a backend, and the refusal of a model that
 * needs more than the backend can hold (Backend.memoryLimit), before its first batch and
 * with the bytes it needs, rather than a heap that cannot grow or a tab that is killed
 * mid-fit.
 *
 * Compiled, the count is exact: the engine's planMemory, from the plans' buffers as the
 * heap runner lays them out. Op by op, it counts what perOpStep keeps at once: the
 * weights, their gradients and the optimiser's state, and every layer's output and its
 * gradient for the batch (fresh arrays per op come and go on top of that).
 */
import { runsCompiledSteps, type Backend } from '$lib/engine/backend';
import { planMemory, type PlanMemory } from '$lib/engine/plan/memory';
import { sizeOf } from '$lib/engine/tensor';
import type { Layer } from './layers/layer';
import { describeModel } from './planSession';
import type { Compiled } from './sequentialTypes';

/** State arrays per weight: Keras's SGD keeps a velocity when it has momentum, Adam and Adadelta two accumulators. */
function stateSlots(compiled: Compiled): number {
  const config = compiled.optimizer.getConfig?.();
  if (!config) return 2;
  if (config.name === 'sgd') return config.momentum === 0 ? 0 : 1;
  return 2;
}

/** The bytes of one training step of batches of `rows` samples, on the path the model takes on `backend`. */
export function trainingMemory(layers: readonly Layer[], inputShape: readonly number[], compiled: Compiled, rows: number, backend: Backend): PlanMemory {
  const described = describeModel(layers, inputShape, compiled);
  if (runsCompiledSteps(backend) && 'ok' in described) return planMemory(described.ok, rows);
  const params = layers.reduce((n, l) => n + l.weights.reduce((s, w) => s + w.value.data.length, 0), 0);
  const values = rows * (sizeOf(inputShape) + 2 * layers.reduce((n, l) => n + sizeOf(l.outputShape), 0));
  const bytes = (cells: number) => cells * 4;
  const parts = { weights: bytes(params), optimizerState: bytes(params * stateSlots(compiled)), backup: 0, step: bytes(params + values) };
  return { ...parts, total: parts.weights + parts.optimizerState + parts.step };
}

const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 -> "1.5 KiB" */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/** A model whose training needs more memory than its backend can hold, refused before it starts. */
export class ModelTooLargeError extends Error {
  constructor(
    readonly memory: PlanMemory,
    readonly limit: number,
    readonly rows: number,
    readonly backend: string
  ) {
    const m = memory;
    super(
      `This model needs ${m.total.toLocaleString('en')} bytes (${formatBytes(m.total)}) to train ${rows} samples at a time on ${backend}: ` +
        `weights ${formatBytes(m.weights)}, optimizer state ${formatBytes(m.optimizerState)}` +
        `${m.backup ? `, a copy of both ${formatBytes(m.backup)}` : ''}, one step's activations and gradients ${formatBytes(m.step)}. ` +
        `${backend} can hold ${formatBytes(limit)}: train on fewer samples at a time (a smaller batch) or make the model smaller.`
    );
    this.name = 'ModelTooLargeError';
  }
}

/** Throws ModelTooLargeError when training on batches of `rows` needs more than `backend` holds. */
export function checkTrainingMemory(layers: readonly Layer[], inputShape: readonly number[], compiled: Compiled, rows: number, backend: Backend): void {
  const limit = backend.memoryLimit;
  if (limit === undefined) return;
  const memory = trainingMemory(layers, inputShape, compiled, rows, backend);
  if (memory.total > limit) throw new ModelTooLargeError(memory, limit, rows, backend.label);
}
