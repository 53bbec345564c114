/**
 * Counts what crosses between the page and the GPU, by wrapping the WebGL2 and WebGPU
 * entry points every library in the page goes through (gpu.js and tfjs alike):
 *  - readbacks: readPixels into memory (not into a pixel-pack buffer), getBufferSubData,
 *    and WebGPU's mapAsync;
 *  - uploads: texImage2D / texSubImage2D with pixels (not an allocation with null),
 *    bufferData / bufferSubData with data, WebGPU's writeBuffer / writeTexture; WebGPU
 *    writes into uniform buffers (a kernel's parameters, a few bytes) are counted apart,
 *    as `paramWrites`, like WebGL uniforms, which are not counted at all;
 *  - polls: clientWaitSync calls (a fence polled until the GPU is done).
 * Used by the browser tests and `npm run bench:browser`; install once per page.
 */

export interface TransferCounts {
  readbacks: number;
  uploads: number;
  uploadBytes: number;
  paramWrites: number;
  polls: number;
  fences: number;
}

const zero = (): TransferCounts => ({ readbacks: 0, uploads: 0, uploadBytes: 0, paramWrites: 0, polls: 0, fences: 0 });

const counts: TransferCounts = zero();
let installed = false;

type Method = (...args: unknown[]) => unknown;

function wrap(proto: object | undefined, name: string, count: (args: unknown[]) => void): void {
  if (!proto) return;
  const target = proto as Record<string, Method>;
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (this: unknown, ...args: unknown[]) {
    count(args);
    return original.apply(this, args);
  };
}

function bytesOf(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  return 0;
}

function upload(bytes: number): void {
  counts.uploads++;
  counts.uploadBytes += bytes;
}

/** Wraps the entry points once; later calls do nothing. */
export function installTransferCounters(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, { prototype?: object } | undefined>;
  for (const gl of [g.WebGL2RenderingContext?.prototype, g.WebGLRenderingContext?.prototype]) {
    wrap(gl, 'readPixels', (args) => {
      // readPixels(x, y, w, h, format, type, offset) into a bound PIXEL_PACK_BUFFER moves
      // nothing to the page; its getBufferSubData does
      if (ArrayBuffer.isView(args[6])) counts.readbacks++;
    });
    wrap(gl, 'getBufferSubData', () => void counts.readbacks++);
    wrap(gl, 'texImage2D', (args) => {
      const source = args[args.length - 1];
      if (source !== null && source !== undefined && typeof source !== 'number') upload(bytesOf(source));
    });
    wrap(gl, 'texSubImage2D', (args) => {
      const source = args[args.length - 1];
      if (typeof source !== 'number') upload(bytesOf(source));
    });
    wrap(gl, 'texImage3D', (args) => {
      const source = args[args.length - 1];
      if (source !== null && source !== undefined && typeof source !== 'number') upload(bytesOf(source));
    });
    wrap(gl, 'texSubImage3D', (args) => {
      const source = args[args.length - 1];
      if (typeof source !== 'number') upload(bytesOf(source));
    });
    wrap(gl, 'bufferData', (args) => {
      if (typeof args[1] !== 'number') upload(bytesOf(args[1]));
    });
    wrap(gl, 'bufferSubData', (args) => upload(bytesOf(args[2])));
    wrap(gl, 'clientWaitSync', () => void counts.polls++);
    wrap(gl, 'fenceSync', () => void counts.fences++);
  }
  const uniform = (g.GPUBufferUsage as unknown as { UNIFORM?: number } | undefined)?.UNIFORM ?? 0x40;
  wrap(g.GPUQueue?.prototype, 'writeBuffer', (args) => {
    const usage = (args[0] as { usage?: number }).usage ?? 0;
    if (usage & uniform) counts.paramWrites++;
    else upload(bytesOf(args[2]));
  });
  wrap(g.GPUQueue?.prototype, 'writeTexture', (args) => upload(bytesOf(args[1])));
  wrap(g.GPUBuffer?.prototype, 'mapAsync', () => void counts.readbacks++);
}

/** The counts so far (a copy). */
export function transferCounts(): TransferCounts {
  return { ...counts };
}

/** after − before, per step when divided by steps */
export function transfersBetween(before: TransferCounts, after: TransferCounts, steps = 1): TransferCounts {
  const d = zero();
  for (const key of Object.keys(d) as (keyof TransferCounts)[]) d[key] = (after[key] - before[key]) / steps;
  return d;
}
