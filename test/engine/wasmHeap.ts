/**
 * A test's view of a PlanKernels heap: regions laid out one after another at odd offsets
 * (3 cells apart, so vector loads meet every alignment), the whole heap first filled with
 * NaN, so a kernel that reads a cell it should not makes NaN somewhere, and one that
 * writes outside its output regions is caught by `expectOnlyWritten`.
 */
import { expect } from 'vitest';
import type { PlanKernels } from '../../src/lib/engine/plan/kernels';
import type { Tensor } from '../../src/lib/engine/tensor';

const gap = 3;

export class TestHeap {
  private next = gap;
  private readonly outputs: [number, number][] = [];
  private before: Float32Array | undefined;

  constructor(readonly k: PlanKernels, cells = 1 << 20) {
    k.reserve(cells);
    k.f32().fill(NaN);
  }

  /** a region holding these values */
  put(data: ArrayLike<number>): number {
    const at = this.alloc(data.length);
    this.k.f32().set(data, at);
    return at;
  }

  /** a region the kernel will write (left NaN, or holding `initial`) */
  output(size: number, initial?: ArrayLike<number>): number {
    const at = initial ? this.put(initial) : this.alloc(size);
    this.outputs.push([at, size]);
    return at;
  }

  /** Call after laying out, before the kernel: remembers every cell. */
  seal(): void {
    this.before = this.k.f32().slice(0, this.next + gap);
  }

  read(at: number, size: number): Float32Array {
    return this.k.f32().slice(at, at + size);
  }

  tensor(at: number, shape: readonly number[]): Tensor {
    return { data: this.read(at, shape.reduce((p, q) => p * q, 1)), shape: [...shape] };
  }

  /** Every cell outside the output regions is as it was at seal(). */
  expectOnlyWritten(): void {
    const before = this.before;
    if (!before) throw new Error('seal() the heap before running the kernel');
    const now = this.k.f32();
    const inOutput = (i: number) => this.outputs.some(([at, size]) => i >= at && i < at + size);
    for (let i = 0; i < before.length; i++) {
      if (!Object.is(now[i], before[i]) && !inOutput(i)) expect.fail(`cell ${i} outside the outputs changed: ${before[i]} -> ${now[i]}`);
    }
  }

  private alloc(size: number): number {
    const at = this.next;
    this.next += size + gap;
    const have = this.k.f32().length;
    if (this.next + gap > have) {
      this.k.reserve(this.next + gap);
      this.k.f32().fill(NaN, have);
    }
    return at;
  }
}
