/**
 * Weights as JSON, so a learner can save a trained model and load it back (or a
 * teacher can hand out one). The architecture stays in code; the file holds the numbers
 * and enough of the shape of things to refuse, with the reason, a file that does not fit.
 */
import { shapeToString as str, sizeOf, type Tensor } from '$lib/engine/tensor';
import type { SequentialModel } from './sequentialTypes';

export const WEIGHTS_FORMAT = 'nn-ladder/weights';

export interface WeightsJson {
  format: typeof WEIGHTS_FORMAT;
  version: 1;
  model: string;
  /** per-sample input shape */
  inputShape: number[];
  layers: {
    name: string;
    className: string;
    /** Keras layout: dense kernel [in, out], conv kernel [kh, kw, inC, outC], then bias [out] */
    weights: { name: string; shape: number[]; values: number[] }[];
  }[];
}

/**
 * The same file with each weight array as a Float32Array: what a browser keeps between
 * visits (its storage copies the bytes, where a list of numbers is cloned number by number,
 * hundreds of milliseconds for a million weights). parseWeightsJson reads both.
 */
export type TypedWeightsJson = Omit<WeightsJson, 'layers'> & {
  layers: { name: string; className: string; weights: { name: string; shape: number[]; values: Float32Array }[] }[];
};

function describeWeights<V>(model: SequentialModel, values: (w: Tensor, at: number) => V) {
  if (!model.inputShape) throw new Error('toJSON: the model is not built yet, so it has no weights to save');
  let at = 0;
  return {
    format: WEIGHTS_FORMAT as typeof WEIGHTS_FORMAT,
    version: 1 as const,
    model: model.name,
    inputShape: [...model.inputShape],
    layers: model.layers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      weights: layer.weights.map((w) => ({ name: w.name, shape: [...w.value.shape], values: values(w.value, at++) }))
    }))
  };
}

export function weightsToJson(model: SequentialModel): WeightsJson {
  return describeWeights(model, (w) => Array.from(w.data));
}

/** `weights` (getWeights' order, the model's shapes) described by `model`'s layers, the arrays as they are. */
export function typedWeightsJson(model: SequentialModel, weights: readonly Tensor[]): TypedWeightsJson {
  const json = describeWeights(model, (w, at) => {
    const given = weights[at];
    if (!given || str(given.shape) !== str(w.shape)) throw new Error(`toJSON: weight array ${at + 1} is ${given ? str(given.shape) : 'missing'}, the model's ${str(w.shape)}`);
    return given.data;
  });
  const count = json.layers.reduce((n, l) => n + l.weights.length, 0);
  if (weights.length !== count) throw new Error(`toJSON: ${weights.length} weight arrays for a model of ${count}`);
  return json;
}

function fail(reason: string): never {
  throw new Error(`fromJSON: ${reason}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** By its tag, not instanceof: an array handed back by the browser's storage may come from another realm. */
function isFloat32Array(v: unknown): v is Float32Array {
  return Object.prototype.toString.call(v) === '[object Float32Array]';
}

function isShape(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => Number.isInteger(d) && d > 0);
}

/** The weights in getWeights' order, or an Error saying what in the file (or its typed form) does not fit the model. */
export function parseWeightsJson(model: SequentialModel, json: string | unknown): Tensor[] {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (e) {
      fail(`malformed JSON (${(e as Error).message})`);
    }
  }
  if (!isRecord(data) || data.format !== WEIGHTS_FORMAT) fail(`not a weights file (expected "format": "${WEIGHTS_FORMAT}")`);
  if (data.version !== 1) fail(`unsupported version ${String(data.version)} (this simulator reads version 1)`);
  if (!isShape(data.inputShape)) fail('"inputShape" must be a list of positive integers');
  if (!model.inputShape) model.build(data.inputShape);
  const want = model.inputShape as readonly number[];
  if (str(data.inputShape) !== str(want)) fail(`the file's input shape is ${str(data.inputShape)}, the model's ${str(want)}`);
  if (!Array.isArray(data.layers)) fail('"layers" must be a list');
  const layers: unknown[] = data.layers;
  if (layers.length !== model.layers.length) fail(`the file has ${layers.length} layers, the model has ${model.layers.length}`);

  const out: Tensor[] = [];
  model.layers.forEach((layer, i) => {
    const saved = layers[i];
    const where = `layer ${i + 1} (${layer.name})`;
    if (!isRecord(saved) || !Array.isArray(saved.weights)) fail(`${where}: expected {className, weights: [...]}`);
    if (saved.className !== layer.className) fail(`${where} is ${layer.className} in the model but ${String(saved.className)} in the file`);
    const weights: unknown[] = saved.weights;
    if (weights.length !== layer.weights.length) {
      fail(`${where} has ${layer.weights.length} weight arrays in the model but ${weights.length} in the file`);
    }
    layer.weights.forEach((w, j) => {
      const s = weights[j];
      const what = `${layer.name} ${w.name}`;
      if (!isRecord(s) || !isShape(s.shape) || !(Array.isArray(s.values) || isFloat32Array(s.values))) fail(`${what}: expected {shape: [...], values: [...]}`);
      if (str(s.shape) !== str(w.value.shape)) fail(`${what} is ${str(w.value.shape)} in the model but ${str(s.shape)} in the file`);
      const values: ArrayLike<unknown> = s.values;
      if (values.length !== sizeOf(s.shape)) fail(`${what} has ${values.length} values for shape ${str(s.shape)} (${sizeOf(s.shape)} needed)`);
      const array = new Float32Array(values.length);
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        // JSON writes NaN and Infinity as null: a file saved from a diverged model lands here
        if (typeof v !== 'number' || !Number.isFinite(v)) fail(`value ${k} of ${what} is ${String(v)}, not a finite number`);
        array[k] = v;
      }
      out.push({ data: array, shape: [...w.value.shape] });
    });
  });
  return out;
}
