/**
 * The ops: free functions that check their inputs, then call the active backend.
 * A shape mistake fails here, with both shapes in the message, instead of deep in a
 * kernel. Every op that runs a kernel is async (gpu.js v3 kernels are); pure shape
 * and indexing helpers (reshape, transpose2d, oneHot, argMax) are synchronous. A bad
 * input rejects the returned promise rather than throwing, like any kernel failure.
 */
import type { Activation, Backend, BinaryOp, Conv2dOptions, Padding, Pool2dOptions, UnaryOp } from './backend';
import { referenceBackend } from './backends/reference/index';
import { shapeToString as str, sizeOf, type Tensor } from './tensor';
import { windowGeometry } from './windowGeometry';

let active: Backend = referenceBackend;

/** Makes b the backend every op runs on from now on. */
export function setBackend(b: Backend): void {
  active = b;
}

/** The backend ops run on; the reference backend until setBackend is called. */
export function getBackend(): Backend {
  return active;
}

function check(op: string, name: string, x: Tensor): void {
  if (x.data.length !== sizeOf(x.shape)) {
    throw new Error(`${op}: ${name} has ${x.data.length} values but shape ${str(x.shape)}`);
  }
}

function checkRank(op: string, name: string, x: Tensor | readonly number[], rank: number): void {
  const shape = 'shape' in x ? x.shape : x;
  if (shape.length !== rank) throw new Error(`${op}: ${name} must have rank ${rank}, got ${str(shape)}`);
}

function scalar(v: number): Tensor {
  return { data: Float32Array.of(v), shape: [] };
}

// ---------------------------------------------------------------- matmul

/** a [m, k] @ b [k, n] -> [m, n]; transposeA / transposeB read a as [k, m] / b as [n, k]. */
export async function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Promise<Tensor> {
  check('matmul', 'a', a);
  check('matmul', 'b', b);
  checkRank('matmul', 'a', a, 2);
  checkRank('matmul', 'b', b, 2);
  const ka = transposeA ? a.shape[0] : a.shape[1];
  const kb = transposeB ? b.shape[1] : b.shape[0];
  if (ka !== kb) {
    const ta = transposeA ? ' (transposed)' : '';
    const tb = transposeB ? ' (transposed)' : '';
    throw new Error(`matmul: inner dimensions differ: a ${str(a.shape)}${ta} vs b ${str(b.shape)}${tb}`);
  }
  return active.matmul(a, b, transposeA, transposeB);
}

// ---------------------------------------------------------------- elementwise

/**
 * true if b has a's shape, a suffix of it, or a single value. Leading 1s of b are
 * ignored (a Keras-style bias [1, c] onto [n, c]) as long as b's rank is not above a's.
 */
function broadcastsOnto(b: readonly number[], a: readonly number[]): boolean {
  if (sizeOf(b) === 1) return true;
  if (b.length > a.length) return false;
  let first = 0;
  while (first < b.length && b[first] === 1) first++;
  const offset = a.length - b.length;
  return b.every((d, i) => i < first || d === a[offset + i]);
}

const commutative: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['add', 'mul', 'max', 'min']);

async function binary(op: BinaryOp, name: string, a: Tensor, bIn: Tensor | number): Promise<Tensor> {
  const b = typeof bIn === 'number' ? scalar(bIn) : bIn;
  check(name, 'a', a);
  check(name, 'b', b);
  if (broadcastsOnto(b.shape, a.shape)) return active.binary(op, a, b);
  // a bias [c] + x [n, c] reads naturally either way round when the order does not matter
  if (commutative.has(op) && broadcastsOnto(a.shape, b.shape)) return active.binary(op, b, a);
  throw new Error(
    `${name}: cannot broadcast a ${str(a.shape)} with b ${str(b.shape)} ` +
      `(b must have a's shape, a trailing part of it, or one value)`
  );
}

/**
 * Elementwise arithmetic. b may be a number, a tensor of a's shape, or a tensor whose
 * shape is a suffix of a's, possibly after leading 1s (repeated over the leading
 * axes: a bias [c] or [1, c] onto [n, c]).
 * For add, mul, maximum and minimum the operands may also come the other way round.
 */
export const add = (a: Tensor, b: Tensor | number) => binary('add', 'add', a, b);
export const sub = (a: Tensor, b: Tensor | number) => binary('sub', 'sub', a, b);
export const mul = (a: Tensor, b: Tensor | number) => binary('mul', 'mul', a, b);
export const div = (a: Tensor, b: Tensor | number) => binary('div', 'div', a, b);
export const maximum = (a: Tensor, b: Tensor | number) => binary('max', 'maximum', a, b);
export const minimum = (a: Tensor, b: Tensor | number) => binary('min', 'minimum', a, b);

/** x times the number s */
export const scale = (x: Tensor, s: number) => binary('mul', 'scale', x, s);

async function unary(op: UnaryOp, x: Tensor): Promise<Tensor> {
  check(op, 'x', x);
  return active.unary(op, x);
}

export const sigmoid = (x: Tensor) => unary('sigmoid', x);
export const tanh = (x: Tensor) => unary('tanh', x);
export const relu = (x: Tensor) => unary('relu', x);
/** Heaviside: 1 where x >= 0, else 0 */
export const step = (x: Tensor) => unary('step', x);
/** -1, 0 or +1 */
export const sign = (x: Tensor) => unary('sign', x);
export const exp = (x: Tensor) => unary('exp', x);
export const log = (x: Tensor) => unary('log', x);
export const neg = (x: Tensor) => unary('neg', x);
export const square = (x: Tensor) => unary('square', x);
export const sqrt = (x: Tensor) => unary('sqrt', x);
export const abs = (x: Tensor) => unary('abs', x);
/** sigmoid'(x) = s(1 - s), with s = sigmoid(x): in terms of the input, not the output */
export const sigmoidGrad = (x: Tensor) => unary('sigmoidGrad', x);
/** tanh'(x) = 1 - tanh(x)^2 */
export const tanhGrad = (x: Tensor) => unary('tanhGrad', x);
/** relu'(x) = 1 where x > 0, else 0 (0 at x = 0) */
export const reluGrad = (x: Tensor) => unary('reluGrad', x);

// ---------------------------------------------------------------- reductions

/** softmax over the last axis */
export async function softmax(x: Tensor): Promise<Tensor> {
  check('softmax', 'x', x);
  if (x.shape.length === 0) throw new Error('softmax: x must have at least one axis, got []');
  return active.softmax(x);
}

function normaliseAxis(op: string, x: Tensor, axis: number): number {
  const rank = x.shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} is out of range for x ${str(x.shape)}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sum over one axis (negative counts from the end; the axis disappears), or over everything with null. */
export async function sum(x: Tensor, axis: number | null = null): Promise<Tensor> {
  check('sum', 'x', x);
  return active.sum(x, axis === null ? null : normaliseAxis('sum', x, axis));
}

/** Mean over one axis, or over everything with null. */
export async function mean(x: Tensor, axis: number | null = null): Promise<Tensor> {
  const count = axis === null ? sizeOf(x.shape) : x.shape[normaliseAxis('mean', x, axis)];
  return scale(await sum(x, axis), 1 / count);
}

// ---------------------------------------------------------------- layers

/** act(x @ w + b): x [n, in], w [in, out], b [out] -> [n, out] */
export async function dense(x: Tensor, w: Tensor, b: Tensor, activation: Activation = 'linear'): Promise<Tensor> {
  check('dense', 'x', x);
  check('dense', 'w', w);
  check('dense', 'b', b);
  checkRank('dense', 'x', x, 2);
  checkRank('dense', 'w', w, 2);
  if (x.shape[1] !== w.shape[0]) {
    throw new Error(`dense: input size differs: x ${str(x.shape)} vs w ${str(w.shape)}`);
  }
  if (b.shape.length !== 1 || b.shape[0] !== w.shape[1]) {
    throw new Error(`dense: bias must be [${w.shape[1]}] for w ${str(w.shape)}, got b ${str(b.shape)}`);
  }
  return active.dense(x, w, b, activation);
}

/** What callers may pass for a convolution; Keras defaults: strides 1, 'valid'. */
export interface Conv2dArgs {
  strides?: number | readonly [number, number];
  padding?: Padding;
}

/** What callers may pass for pooling; Keras defaults: strides = poolSize, 'valid'. */
export interface Pool2dArgs {
  poolSize: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: Padding;
}

function pair(op: string, name: string, v: number | readonly [number, number]): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new Error(`${op}: ${name} must be positive integers, got ${str(p)}`);
  }
  return p;
}

function convOptions(op: string, args: Conv2dArgs): Conv2dOptions {
  return { strides: pair(op, 'strides', args.strides ?? 1), padding: args.padding ?? 'valid' };
}

function poolOptions(op: string, args: Pool2dArgs): Pool2dOptions {
  const poolSize = pair(op, 'poolSize', args.poolSize);
  return { poolSize, strides: pair(op, 'strides', args.strides ?? poolSize), padding: args.padding ?? 'valid' };
}

/** The output shape of a [kh, kw] window over x, or an error naming x and the window. */
function windowOutShape(
  op: string,
  xShape: readonly number[],
  windowShape: readonly number[],
  windowName: string,
  strides: readonly [number, number],
  padding: Padding,
  outC: number
): number[] {
  const [n, h, w] = xShape;
  const [kh, kw] = windowShape;
  const g = windowGeometry(h, w, kh, kw, strides, padding);
  if (g.outH < 1 || g.outW < 1) {
    throw new Error(
      `${op}: ${windowName} ${str(windowShape)} does not fit in x ${str(xShape)} with 'valid' padding`
    );
  }
  return [n, g.outH, g.outW, outC];
}

function checkConv(op: string, xShape: readonly number[], kShape: readonly number[], o: Conv2dOptions): number[] {
  checkRank(op, 'x', xShape, 4);
  checkRank(op, 'kernel', kShape, 4);
  if (xShape[3] !== kShape[2]) {
    throw new Error(`${op}: input channels differ: x ${str(xShape)} vs kernel ${str(kShape)}`);
  }
  return windowOutShape(op, xShape, kShape, 'kernel', o.strides, o.padding, kShape[3]);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** x [n, h, w, inC] with kernel [kh, kw, inC, outC] -> [n, oh, ow, outC] (cross-correlation, NHWC) */
export async function conv2d(x: Tensor, kernel: Tensor, args: Conv2dArgs = {}): Promise<Tensor> {
  check('conv2d', 'x', x);
  check('conv2d', 'kernel', kernel);
  const o = convOptions('conv2d', args);
  checkConv('conv2d', x.shape, kernel.shape, o);
  return active.conv2d(x, kernel, o);
}

/** d loss / d x of conv2d, given dy [n, oh, ow, outC] and the shape of x */
export async function conv2dBackpropInput(
  dy: Tensor,
  kernel: Tensor,
  xShape: readonly number[],
  args: Conv2dArgs = {}
): Promise<Tensor> {
  const op = 'conv2dBackpropInput';
  check(op, 'dy', dy);
  check(op, 'kernel', kernel);
  const o = convOptions(op, args);
  const outShape = checkConv(op, xShape, kernel.shape, o);
  if (!sameShape(dy.shape, outShape)) {
    throw new Error(
      `${op}: dy ${str(dy.shape)} vs conv2d output ${str(outShape)} of x ${str(xShape)} and kernel ${str(kernel.shape)}`
    );
  }
  return active.conv2dBackpropInput(dy, kernel, [...xShape], o);
}

/** d loss / d kernel of conv2d, given the input x, dy and the kernel's shape */
export async function conv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  kernelShape: readonly number[],
  args: Conv2dArgs = {}
): Promise<Tensor> {
  const op = 'conv2dBackpropFilter';
  check(op, 'x', x);
  check(op, 'dy', dy);
  const o = convOptions(op, args);
  const outShape = checkConv(op, x.shape, kernelShape, o);
  if (!sameShape(dy.shape, outShape)) {
    throw new Error(
      `${op}: dy ${str(dy.shape)} vs conv2d output ${str(outShape)} of x ${str(x.shape)} and kernel ${str(kernelShape)}`
    );
  }
  return active.conv2dBackpropFilter(x, dy, [...kernelShape], o);
}

function checkPool(op: string, x: Tensor, o: Pool2dOptions): number[] {
  checkRank(op, 'x', x, 4);
  return windowOutShape(op, x.shape, o.poolSize, 'poolSize', o.strides, o.padding, x.shape[3]);
}

/** x [n, h, w, c] -> [n, oh, ow, c], each window's maximum */
export async function maxPool2d(x: Tensor, args: Pool2dArgs): Promise<Tensor> {
  check('maxPool2d', 'x', x);
  const o = poolOptions('maxPool2d', args);
  checkPool('maxPool2d', x, o);
  return active.maxPool2d(x, o);
}

/** d loss / d x of maxPool2d: dy goes to each window's first maximum in x */
export async function maxPool2dBackprop(dy: Tensor, x: Tensor, args: Pool2dArgs): Promise<Tensor> {
  const op = 'maxPool2dBackprop';
  check(op, 'dy', dy);
  check(op, 'x', x);
  const o = poolOptions(op, args);
  const outShape = checkPool(op, x, o);
  if (!sameShape(dy.shape, outShape)) {
    throw new Error(`${op}: dy ${str(dy.shape)} vs maxPool2d output ${str(outShape)} of x ${str(x.shape)}`);
  }
  return active.maxPool2dBackprop(dy, x, o);
}

// ---------------------------------------------------------------- shape and index helpers

/** The same values under a new shape, without copying; one dimension may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1);
  const unknown = shape.length - known.length;
  const knownSize = sizeOf(known);
  const bad = () => new Error(`reshape: cannot reshape x ${str(x.shape)} (${x.data.length} values) to ${str(shape)}`);
  if (unknown > 1 || known.some((d) => !Number.isInteger(d) || d < 0)) throw bad();
  let resolved = [...shape];
  if (unknown === 1) {
    if (knownSize === 0 || x.data.length % knownSize !== 0) throw bad();
    resolved = shape.map((d) => (d === -1 ? x.data.length / knownSize : d));
  }
  if (sizeOf(resolved) !== x.data.length) throw bad();
  return { data: x.data, shape: resolved };
}

/** [m, n] -> [n, m] */
export function transpose2d(x: Tensor): Tensor {
  checkRank('transpose2d', 'x', x, 2);
  const [m, n] = x.shape;
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x.data[i * n + j];
  return { data: out, shape: [n, m] };
}

/** Class labels 0..classes-1 -> [labels.length, classes] rows of one 1 and zeros. */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`oneHot: label ${label} at index ${i} is not a class in 0..${classes - 1}`);
    }
    out[i * classes + label] = 1;
  }
  return { data: out, shape: [labels.length, classes] };
}

/** Index of the largest value along the last axis (first one on ties), one per row. */
export function argMax(x: Tensor): Int32Array {
  if (x.shape.length === 0) throw new Error('argMax: x must have at least one axis, got []');
  const cols = x.shape[x.shape.length - 1];
  const rows = cols === 0 ? 0 : x.data.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if (x.data[r * cols + j] > x.data[r * cols + best]) best = j;
    out[r] = best;
  }
  return out;
}
