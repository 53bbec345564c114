import { expect } from 'vitest';
import { createRandom, gaussian } from '../../src/lib/random';
import { tensor, type Tensor } from '../../src/lib/engine/tensor';

/** A tensor of standard normal values, reproducible from its seed. */
export function randomTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: size }, () => gaussian(random) * scale), shape);
}

/** Plain numbers, for toEqual against hand-computed arrays. */
export function values(t: Tensor): number[] {
  return Array.from(t.data);
}

/** Every value within tol (absolute) of the expected one, and the same shape. */
export function expectClose(actual: Tensor, expected: ArrayLike<number>, tol: number, shape?: readonly number[]): void {
  if (shape) expect(actual.shape).toEqual(shape);
  expect(actual.data.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual.data[i] - expected[i]);
    if (!(diff <= tol)) {
      expect.fail(`value ${i}: got ${actual.data[i]}, expected ${expected[i]} (|diff| ${diff} > ${tol})`);
    }
  }
}
