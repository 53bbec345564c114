import { describe, expect, it } from 'vitest';
import { backendRows } from '../../../src/lib/sim/training/backendTable';

describe('backendRows', () => {
  it('lists the processor and the graphics card side by side, fastest first, with what was left out', () => {
    const rows = backendRows(
      {
        chosen: 'gpu:webgl2',
        label: 'WebGL2 (gpu.js)',
        reason: 'fastest of 3 measured',
        measured: [
          { name: 'gpu:webgl2', label: 'WebGL2 (gpu.js)', ms: 4 },
          { name: 'wasm', label: 'WebAssembly SIMD (our kernels)', ms: 10 },
          { name: 'reference', label: 'plain JavaScript', ms: 60, cut: true }
        ],
        rejected: [
          { name: 'gpu:webgpu', title: 'WebGPU', reason: 'gpu:webgpu unavailable: this browser has no navigator.gpu', kind: 'unavailable' },
          { name: 'nonsense', title: 'nonsense', reason: 'unknown backend', kind: 'unknown' }
        ]
      },
      32
    );
    expect(rows.map((r) => [r.label, r.device, r.samplesPerSecond, r.slower, r.chosen, r.note])).toEqual([
      ['WebGL2 (gpu.js)', 'GPU', 8000, 1, true, ''],
      ['WebAssembly SIMD (our kernels)', 'CPU', 3200, 2.5, false, ''],
      ['plain JavaScript', 'CPU', (32 * 1000) / 60, 15, false, 'timed once: too slow to win'],
      // an unknown name is the link's mistake, said elsewhere; it is no backend of this device
      ['WebGPU', 'GPU', null, null, false, 'unavailable: this browser has no navigator.gpu']
    ]);
  });

  it('a backend chosen without timing (named by the link) still has its row, with why', () => {
    const rows = backendRows({ chosen: 'wasm', label: 'WebAssembly SIMD (our kernels)', reason: 'chosen by ?backend=wasm', measured: [], rejected: [] }, 128);
    expect(rows).toEqual([
      { name: 'wasm', label: 'WebAssembly SIMD (our kernels)', device: 'CPU', msPerStep: null, samplesPerSecond: null, slower: null, chosen: true, note: 'chosen by ?backend=wasm' }
    ]);
  });

  it('nothing before the worker has chosen', () => {
    expect(backendRows(null, 32)).toEqual([]);
  });
});
