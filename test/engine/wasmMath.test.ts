/**
 * exp and log written in WebAssembly (range reduction and a polynomial, activation.wat),
 * and the sigmoid and tanh built on exp, against Math rounded to float32, measured in
 * units in the last place (ulps) over the whole float range: overflow to Infinity,
 * underflow through the subnormals to 0, saturation of sigmoid and tanh at any size,
 * tiny arguments where tanh x ≈ x, and the special values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmKernels, UnaryCode, type WasmKernels } from '../../src/lib/engine/backends/wasm/wasmKernels';
import { ActivationCode } from '../../src/lib/engine/plan/kernels';

let k: WasmKernels;
beforeAll(async () => {
  k = await createWasmKernels();
});

const bits = new Int32Array(1);
const float = new Float32Array(bits.buffer);

/** Position of a float32 on the number line counted in ulps, so |a - b| in these units is the ulp distance. */
function ulps(x: number): number {
  float[0] = x;
  return bits[0] < 0 ? -(bits[0] & 0x7fffffff) : bits[0];
}

function grid(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.fround(from + ((to - from) * i) / (count - 1)));
}

/** 10^-45 .. 10^38.5, every float32 decade */
const positives = Array.from({ length: 50_001 }, (_, i) => Math.fround(10 ** (-45 + (83.5 * i) / 50_000)));

/** Runs f (a kernel writing count values from `from` to `to`) on xs; returns the worst ulp distance to want and where. */
function worstUlps(xs: number[], run: (from: number, to: number, count: number) => void, want: (x: number) => number) {
  k.reserve(2 * xs.length + 8);
  k.f32().set(xs, 0);
  run(0, xs.length, xs.length);
  const got = k.f32();
  let worst = 0;
  let at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const w = Math.fround(want(Math.fround(xs[i])));
    const g = got[xs.length + i];
    const d = Number.isNaN(w) ? (Number.isNaN(g) ? 0 : Infinity) : Math.abs(ulps(g) - ulps(w));
    if (!(d <= worst)) {
      worst = d;
      at = xs[i];
    }
  }
  return { worst, at };
}

function expectUlps(xs: number[], run: (from: number, to: number, count: number) => void, want: (x: number) => number, max: number) {
  const { worst, at } = worstUlps(xs, run, want);
  expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(max);
}

const unary = (op: number) => (from: number, to: number, count: number) => k.unary(op, from, to, count);
const activation = (act: ActivationCode) => (from: number, to: number, count: number) => k.biasActivation(from, -1, to, 1, count, act);

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

const specials = [0, -0, Infinity, -Infinity, NaN, 1, -1, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45];

describe('exp', () => {
  it('within 2 ulps of Math.exp from -110 to 92: Infinity above 88.72, subnormals below -87.3, 0 below -103.9', () => {
    expectUlps(grid(-110, 92, 200_001), unary(UnaryCode.exp), Math.exp, 2);
  });

  it('within 2 ulps near 0, where the reduced argument is the input itself', () => {
    const near = positives.filter((x) => x < 1).flatMap((x) => [x, -x]);
    expectUlps(near, unary(UnaryCode.exp), Math.exp, 2);
  });

  it('exact at the special values', () => {
    expectUlps(specials, unary(UnaryCode.exp), Math.exp, 0);
  });
});

describe('log', () => {
  it('within 2 ulps of Math.log over every positive float, subnormals included', () => {
    expectUlps(positives, unary(UnaryCode.log), Math.log, 2);
  });

  it('within 2 ulps around 1, where log x ≈ x - 1', () => {
    expectUlps(grid(0.5, 2, 100_001), unary(UnaryCode.log), Math.log, 2);
  });

  it('-Infinity at 0, NaN for negatives and NaN, Infinity at Infinity', () => {
    expectUlps(specials, unary(UnaryCode.log), Math.log, 0);
  });
});

describe('sigmoid and tanh (through the plan kernel biasActivation)', () => {
  it('sigmoid within 3 ulps from -120 to 120, exactly 0 and 1 far out, for any size', () => {
    expectUlps(grid(-120, 120, 200_001), activation(ActivationCode.sigmoid), sigmoid, 3);
    expectUlps([...specials, 1e30, -1e30, 1e4, -1e4], activation(ActivationCode.sigmoid), sigmoid, 1);
  });

  it('tanh within 2 ulps from -12 to 12, ±1 beyond, and tanh x ≈ x for tiny x', () => {
    expectUlps(grid(-12, 12, 200_001), activation(ActivationCode.tanh), Math.tanh, 2);
    const tiny = positives.filter((x) => x < 1).flatMap((x) => [x, -x]);
    expectUlps(tiny, activation(ActivationCode.tanh), Math.tanh, 2);
    expectUlps([...specials, 1e30, -1e30, 100, -100], activation(ActivationCode.tanh), Math.tanh, 0);
  });
});
