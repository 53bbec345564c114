/**
 * A training step op by op: each layer's forward pass, the loss, each layer's backward
 * pass and the optimiser's update, as separate ops on fresh tensors, every result checked
 * for NaN and Infinity. The path for any model (a learner's own activation, any loss or
 * optimiser) and on any backend, and the reference every compiled step is tested against.
 */
import type { Tensor } from '$lib/engine/tensor';
import type { ActivationSpec } from './activations';
import type { ForwardOptions, Layer, Trace } from './layers/layer';
import { countCorrect, modelLoss } from './losses';
import type { BatchResult, Compiled, StepPosition } from './sequentialTypes';
import { firstNonFinite, TrainingDivergedError, type DivergenceStage } from './TrainingDivergedError';

function lastActivation(layers: readonly Layer[]): ActivationSpec {
  return layers[layers.length - 1].activation ?? 'linear';
}

/** Every layer's forward pass over x; `check` sees each layer's trace as it is made. */
export async function forward(
  layers: readonly Layer[],
  x: Tensor,
  options: ForwardOptions = {},
  check?: (layer: Layer, trace: Trace) => void
): Promise<Trace[]> {
  const traces: Trace[] = [];
  let a = x;
  for (const layer of layers) {
    const trace = await layer.forward(a, options);
    check?.(layer, trace);
    traces.push(trace);
    a = trace.output;
  }
  return traces;
}

/** The model's outputs for x and their loss and correct answers against y. */
export async function lossOf(layers: readonly Layer[], c: Compiled, x: Tensor, y: Tensor): Promise<{ loss: number; correct: number }> {
  const traces = await forward(layers, x);
  const out = traces[traces.length - 1].output;
  return { loss: modelLoss(c.loss, lastActivation(layers), out, y).loss, correct: countCorrect(c.loss, out, y) };
}

function failure(c: Compiled, at: StepPosition) {
  return (layer: string, stage: DivergenceStage, value: 'NaN' | 'Infinity' | '-Infinity', activation?: { name: string; input: number }) =>
    new TrainingDivergedError({ layer, stage, value, learningRate: c.optimizer.learningRate, ...at, activation });
}

/** Forward, loss and backward, each checked for NaN and Infinity; d loss / d weight per layer. */
export async function backprop(layers: readonly Layer[], c: Compiled, x: Tensor, y: Tensor, at: StepPosition) {
  const fail = failure(c, at);
  const traces = await forward(layers, x, { training: true }, (layer, trace) => {
    const bad = firstNonFinite(trace.output.data);
    if (!bad) return;
    const act = layer.activation;
    const input = trace.z?.data[bad.index];
    // a learner's activation undefined at a finite input is a formula problem, not a step size one
    if (act && typeof act !== 'string' && input !== undefined && Number.isFinite(input)) {
      throw fail(layer.name, 'forward', bad.value, { name: act.name, input });
    }
    throw fail(layer.name, 'forward', bad.value);
  });
  const output = traces[traces.length - 1].output;
  const { loss, grad, gradIsDz } = modelLoss(c.loss, lastActivation(layers), output, y);
  if (!Number.isFinite(loss)) throw fail('loss', 'loss', Number.isNaN(loss) ? 'NaN' : 'Infinity');

  const grads: Tensor[][] = [];
  let dy: Tensor | null = grad;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const b = await layer.backward(dy as Tensor, traces[i], { dyIsDz: gradIsDz && i === layers.length - 1, skipDx: i === 0 });
    for (const g of b.grads) {
      const bad = firstNonFinite(g.data);
      if (bad) throw fail(layer.name, 'gradient', bad.value);
    }
    grads[i] = [...b.grads];
    dy = b.dx;
  }
  return { loss, grads, output };
}

/** One training step; the weights and the optimiser's state change only if every new value is finite. */
export async function perOpStep(layers: readonly Layer[], c: Compiled, x: Tensor, y: Tensor, at: StepPosition): Promise<BatchResult> {
  const { loss, grads, output } = await backprop(layers, c, x, y, at);
  const before = c.optimizer.getState();
  const next = c.optimizer.step(layers.flatMap((l) => l.weights.map((w) => w.value)), grads.flat());
  let k = 0;
  for (const layer of layers) {
    for (let j = 0; j < layer.weights.length; j++) {
      const bad = firstNonFinite(next[k + j].data);
      if (bad) {
        c.optimizer.setState(before);
        throw failure(c, at)(layer.name, 'update', bad.value);
      }
    }
    k += layer.weights.length;
  }
  k = 0;
  for (const layer of layers) for (const w of layer.weights) w.value = next[k++];

  const samples = x.shape[0];
  const accuracy = c.metrics.includes('accuracy') ? countCorrect(c.loss, output, y) / samples : NaN;
  return { loss, accuracy, samples };
}
