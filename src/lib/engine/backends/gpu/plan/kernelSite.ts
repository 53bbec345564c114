/**
 * One call of a compiled step, compiled once as a gpu.js kernel in pipeline mode: its
 * result stays on the device (a texture on WebGL, a storage buffer on WebGPU) and is
 * handed to the next kernel without a readback.
 *
 * Each site owns its output memory. gpu.js's `immutable: true` would instead allocate a
 * fresh texture or buffer on every call; with `immutable: false` a kernel renders into
 * the same memory every time, so a step allocates nothing once it has run. The price is
 * that a kernel cannot write where it reads (a GPU cannot read and write one texture in
 * a draw, and gpu.js refuses a WebGPU kernel its own output buffer), nor over a value
 * that is still needed. A site that updates a value in place (weights, optimizer state)
 * therefore keeps a second instance of the same kernel and alternates (ping-pong);
 * `run` picks the first instance whose memory is free and compiles another only when
 * none is.
 */
import type { GPU, IKernelRunShortcut } from 'gpu.js';
import type { KernelSpec } from '../kernelCache';

/**
 * A value on the device: gpu.js's pipeline Texture (WebGL) or WebGPUBufferResult. Its
 * toArray() is synchronous on WebGL and a Promise on WebGPU.
 */
export interface DeviceArray {
  toArray(): unknown;
  delete(): void;
  /** the WebGLTexture, on WebGL */
  readonly texture?: object;
  /** the GPUBuffer, on WebGPU */
  readonly buffer?: object;
}

export type KernelArg = DeviceArray | Float32Array | number;

/** The device memory behind a handle. WebGPU hands out a new handle per call over the same buffer. */
export function storageOf(value: DeviceArray): object {
  const storage = value.texture ?? value.buffer;
  if (!storage) throw new Error('not a gpu.js pipeline result: no texture or buffer behind it');
  return storage;
}

function isDeviceArray(arg: KernelArg): arg is DeviceArray {
  return typeof arg === 'object' && !(arg instanceof Float32Array);
}

interface Instance {
  kernel: IKernelRunShortcut;
  /** the memory it renders into, known after its first run */
  storage: object | null;
}

export class KernelSite {
  private readonly instances: Instance[] = [];

  constructor(
    private readonly gpu: GPU,
    readonly key: string,
    private readonly spec: KernelSpec
  ) {}

  /** How many compiled kernels this site holds (1, or 2 when it updates in place). */
  get compiled(): number {
    return this.instances.length;
  }

  /**
   * Runs the kernel on args and returns its result, left on the device.
   * @param held whether some other value still needs this memory (so it must not be overwritten)
   */
  async run(args: readonly KernelArg[], held: (storage: object) => boolean): Promise<DeviceArray> {
    const inputs = new Set<object>();
    for (const arg of args) if (isDeviceArray(arg)) inputs.add(storageOf(arg));
    let instance = this.instances.find((i) => i.storage === null || (!inputs.has(i.storage) && !held(i.storage)));
    let result: DeviceArray;
    try {
      if (!instance) {
        instance = { kernel: this.compile(), storage: null };
        this.instances.push(instance);
      }
      result = (await instance.kernel(...(args as never[]))) as unknown as DeviceArray;
    } catch (error) {
      // gpu.js names neither the kernel nor its shapes: the key does
      throw new Error(`gpu kernel ${this.key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    instance.storage = storageOf(result);
    return result;
  }

  private compile(): IKernelRunShortcut {
    const s = this.spec;
    return this.gpu.createKernel(s.source as never, {
      output: s.output,
      constants: s.constants,
      pipeline: true,
      immutable: false,
      precision: 'single',
      tactic: 'precision',
      ...(s.returnType ? { returnType: s.returnType } : {}),
      ...(s.functions ? { functions: s.functions } : {}),
      ...(s.nativeFunctions ? { nativeFunctions: s.nativeFunctions } : {})
    } as never);
  }

  dispose(): void {
    for (const i of this.instances) i.kernel.destroy();
    this.instances.length = 0;
  }
}
