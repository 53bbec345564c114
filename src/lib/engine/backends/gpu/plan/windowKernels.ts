/**
 * The sliding-window calls of a compiled step on device arrays (PlanKernels.im2col,
 * col2im, maxPool, maxPoolGrad), on NHWC images. Every kernel gathers: a thread computes
 * one output cell from the cells that feed it, because gpu.js (like a fragment shader)
 * has no scatter. So col2im sums, for each pixel, the patch cells that read it; and
 * max pooling's gradient sums, for each pixel, dy of the windows whose argmax is that
 * pixel. Max pooling itself is two kernels, argmax then a gather of the values, since
 * WebGPU kernels have one output each.
 *
 * Outputs are [x, y, z] with z folding the image index into a row (image · height +
 * row); `split` recovers both. Its quotients are of small integers (at most a few
 * thousand), where adding 0.5 before dividing keeps float rounding off the boundary.
 */
import type { WindowShape } from '../../../plan/kernels';
import type { KernelSpec, KernelThis } from '../kernelCache';

type WindowConstants = Omit<WindowShape, 'n'> & { kk: number };

function windowConstants(s: WindowShape): WindowConstants {
  const { h, w, c, kh, kw, strideH, strideW, padTop, padLeft, outH, outW } = s;
  return { h, w, c, kh, kw, strideH, strideW, padTop, padLeft, outH, outW, kk: kh * kw * c };
}

/** Output [kk, outW, n·outH]: cols[(b, oy, ox), (ky, kx, ch)]; padding reads 0. */
function im2colCell(this: KernelThis<WindowConstants>, x: Float32Array): number {
  const perRow = this.constants.kw * this.constants.c;
  const ky = Math.floor((this.thread.x + 0.5) / perRow);
  const rest = this.thread.x - ky * perRow;
  const kx = Math.floor((rest + 0.5) / this.constants.c);
  const ch = rest - kx * this.constants.c;
  const b = Math.floor((this.thread.z + 0.5) / this.constants.outH);
  const oy = this.thread.z - b * this.constants.outH;
  const iy = oy * this.constants.strideH - this.constants.padTop + ky;
  const ix = this.thread.y * this.constants.strideW - this.constants.padLeft + kx;
  if (iy < 0 || iy >= this.constants.h || ix < 0 || ix >= this.constants.w) return 0;
  return x[((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.c + ch];
}

/** Output [c, w, n·h]: dx[b, iy, ix, ch] = Σ of the patch cells that read that pixel. */
function col2imCell(this: KernelThis<WindowConstants>, cols: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.h);
  const iy = this.thread.z - b * this.constants.h;
  const ix = this.thread.y;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kh; ky++) {
    const ty = iy + this.constants.padTop - ky;
    const oy = Math.floor((ty + 0.5) / this.constants.strideH);
    if (ty >= 0 && oy * this.constants.strideH === ty && oy < this.constants.outH) {
      for (let kx = 0; kx < this.constants.kw; kx++) {
        const tx = ix + this.constants.padLeft - kx;
        const ox = Math.floor((tx + 0.5) / this.constants.strideW);
        if (tx >= 0 && ox * this.constants.strideW === tx && ox < this.constants.outW) {
          const row = (b * this.constants.outH + oy) * this.constants.outW + ox;
          sum += cols[row * this.constants.kk + (ky * this.constants.kw + kx) * this.constants.c + this.thread.x];
        }
      }
    }
  }
  return sum;
}

/**
 * Output [c, outW, n·outH]: the flat index into x of each window's first maximum
 * (row-major, strict >), padding never winning, as the reference.
 */
function maxPoolArgmaxCell(this: KernelThis<WindowConstants>, x: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.outH);
  const oy = this.thread.z - b * this.constants.outH;
  let best = 0;
  let at = -1;
  for (let ky = 0; ky < this.constants.kh; ky++) {
    const iy = oy * this.constants.strideH - this.constants.padTop + ky;
    for (let kx = 0; kx < this.constants.kw; kx++) {
      const ix = this.thread.y * this.constants.strideW - this.constants.padLeft + kx;
      if (iy >= 0 && iy < this.constants.h && ix >= 0 && ix < this.constants.w) {
        const index = ((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.c + this.thread.x;
        const v = x[index];
        if (at < 0 || v > best) {
          best = v;
          at = index;
        }
      }
    }
  }
  return at;
}

/** Output [c, w, n·h]: dx[pixel] = Σ dy of the windows whose argmax is this pixel. */
function maxPoolGradCell(this: KernelThis<WindowConstants>, dy: Float32Array, argmax: Float32Array): number {
  const b = Math.floor((this.thread.z + 0.5) / this.constants.h);
  const iy = this.thread.z - b * this.constants.h;
  const ix = this.thread.y;
  const self = ((b * this.constants.h + iy) * this.constants.w + ix) * this.constants.c + this.thread.x;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kh; ky++) {
    const ty = iy + this.constants.padTop - ky;
    const oy = Math.floor((ty + 0.5) / this.constants.strideH);
    if (ty >= 0 && oy * this.constants.strideH === ty && oy < this.constants.outH) {
      for (let kx = 0; kx < this.constants.kw; kx++) {
        const tx = ix + this.constants.padLeft - kx;
        const ox = Math.floor((tx + 0.5) / this.constants.strideW);
        if (tx >= 0 && ox * this.constants.strideW === tx && ox < this.constants.outW) {
          const cell = ((b * this.constants.outH + oy) * this.constants.outW + ox) * this.constants.c + this.thread.x;
          if (argmax[cell] === self) sum += dy[cell];
        }
      }
    }
  }
  return sum;
}

export function windowKey(name: string, s: WindowShape): string {
  return `${name}:${s.n}x${s.h}x${s.w}x${s.c}:${s.kh}x${s.kw}:${s.strideH}x${s.strideW}:${s.padTop},${s.padLeft}:${s.outH}x${s.outW}`;
}

export function im2colSpec(s: WindowShape): KernelSpec {
  return { source: im2colCell, output: [s.kh * s.kw * s.c, s.outW, s.n * s.outH], constants: { ...windowConstants(s) } };
}

export function col2imSpec(s: WindowShape): KernelSpec {
  return { source: col2imCell, output: [s.c, s.w, s.n * s.h], constants: { ...windowConstants(s) } };
}

export function maxPoolArgmaxSpec(s: WindowShape): KernelSpec {
  return { source: maxPoolArgmaxCell, output: [s.c, s.outW, s.n * s.outH], constants: { ...windowConstants(s) } };
}

export function maxPoolGradSpec(s: WindowShape): KernelSpec {
  return { source: maxPoolGradCell, output: [s.c, s.w, s.n * s.h], constants: { ...windowConstants(s) } };
}
