import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleKernels, generatedSource, outputFile } from '../../scripts/build-wasm.mjs';

describe('build-wasm', () => {
  it('kernels.generated.ts is what the .wat files assemble to now (after editing one, run `npm run data`)', async () => {
    expect(readFileSync(outputFile, 'utf8')).toBe(generatedSource(await assembleKernels()));
  });

  it('assembles every kernel module and the SIMD probe, each a valid WebAssembly binary', async () => {
    const binaries = await assembleKernels();
    expect(Object.keys(binaries)).toEqual(['activation', 'conv', 'elementwise', 'gemm', 'gemmDot', 'optimizers', 'probe']);
    for (const bytes of Object.values(binaries)) expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
  });

  it('names the file and line of a mistake', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'build-wasm-'));
    try {
      writeFileSync(path.join(dir, 'broken.wat'), '(module\n  (func (result i32) (i32.add (i32.const 1))))\n');
      await expect(assembleKernels(dir)).rejects.toThrow(/broken\.wat:2:/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
