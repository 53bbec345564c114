/**
 * A tensor is a Float32Array plus a shape, row-major. Images are NHWC, as in Keras.
 * Tensors are treated as immutable values: kernels return new tensors.
 */
export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeToString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function tensor(data: Float32Array | ArrayLike<number>, shape: readonly number[]): Tensor {
  const array = data instanceof Float32Array ? data : Float32Array.from(data);
  if (array.length !== sizeOf(shape)) {
    throw new Error(`tensor: ${array.length} values do not fill shape ${shapeToString(shape)} (${sizeOf(shape)} needed)`);
  }
  return { data: array, shape: [...shape] };
}

export function zeros(shape: readonly number[]): Tensor {
  return { data: new Float32Array(sizeOf(shape)), shape: [...shape] };
}
