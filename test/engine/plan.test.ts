/**
 * Compiled training steps on the readable plan kernels (jsKernels), through the one plan
 * suite, and the suite's own ability to fail: kernels with one wrong index must not pass.
 */
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../../src/lib/engine/plan/jsKernels';
import type { PlanKernels } from '../../src/lib/engine/plan/kernels';
import { expectPlanMatchesPerOp, planCases, planSuite } from './planSuite';

planSuite('js', () => jsKernels());

describe('the plan suite can fail', () => {
  /** jsKernels with one call replaced */
  function broken(patch: (k: PlanKernels) => Partial<PlanKernels>): PlanKernels {
    const k = jsKernels();
    return { ...k, ...patch(k) };
  }

  it('rejects col2im sending each patch cell one channel over', async () => {
    const k = broken((k) => ({
      col2im(cols, dx, s) {
        k.col2im(cols, dx, s);
        const f = k.f32();
        const size = s.n * s.h * s.w * s.c;
        f.copyWithin(dx, dx + 1, dx + size);
      }
    }));
    await expect(expectPlanMatchesPerOp(planCases[2], k)).rejects.toThrow(/value \d+/);
  });

  it("rejects im2col that forgets 'same' padding's zeros", async () => {
    const k = broken((k) => ({
      im2col(x, cols, s) {
        k.f32().fill(1, cols, cols + s.n * s.outH * s.outW * s.kh * s.kw * s.c);
        const saved = k.f32().slice(cols, cols + s.n * s.outH * s.outW * s.kh * s.kw * s.c);
        k.im2col(x, cols, s);
        // put the 1s back where padding should have read 0
        const f = k.f32();
        for (let i = 0; i < saved.length; i++) if (f[cols + i] === 0) f[cols + i] = saved[i];
      }
    }));
    await expect(expectPlanMatchesPerOp(planCases[2], k)).rejects.toThrow(/value \d+/);
  });

  it('rejects a weight gradient summed over one row too few', async () => {
    const k = broken((k) => ({
      gemm(m, n, kk, a, transA, b, transB, c, accumulate) {
        k.gemm(m, n, transA ? kk - 1 : kk, a, transA, b, transB, c, accumulate);
      }
    }));
    await expect(expectPlanMatchesPerOp(planCases[0], k)).rejects.toThrow(/value \d+/);
  });
});
