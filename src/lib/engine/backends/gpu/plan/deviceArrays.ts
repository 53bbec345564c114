/**
 * The named arrays of a compiled step, held on the device for a whole fit: a name (a
 * weight, its gradient, an activation, optimizer state, the batch) maps to the gpu.js
 * pipeline result that holds its current value. Kernels never write into an array;
 * they produce a new result and the name is re-bound to it, so "in place" updates are
 * re-bindings, and a kernel site may reuse its output memory only when no other name
 * still holds it.
 */
import { storageOf, type DeviceArray } from './kernelSite';

export class DeviceArrays {
  private readonly values = new Map<string, DeviceArray>();
  /** names bound to each piece of device memory */
  private readonly holders = new Map<object, Set<string>>();

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): DeviceArray {
    const value = this.values.get(name);
    if (!value) throw new Error(`gpu plan: '${name}' is read before anything was written to it`);
    return value;
  }

  set(name: string, value: DeviceArray): void {
    const old = this.values.get(name);
    this.values.set(name, value);
    if (old && old !== value) {
      this.holders.get(storageOf(old))?.delete(name);
      // WebGPU hands out a new handle per call, each counting a reference to its kernel's
      // buffer; dropping the last name of one releases it (the kernel keeps its own). On
      // WebGL a kernel returns its own texture object every call: never delete that.
      if (old.buffer && !this.isBound(old)) old.delete();
    }
    const storage = storageOf(value);
    let names = this.holders.get(storage);
    if (!names) {
      names = new Set();
      this.holders.set(storage, names);
    }
    names.add(name);
  }

  private isBound(value: DeviceArray): boolean {
    for (const v of this.values.values()) if (v === value) return true;
    return false;
  }

  /** Whether a name other than `except` still needs this memory. */
  held(storage: object, except: string): boolean {
    const names = this.holders.get(storage);
    if (!names) return false;
    for (const name of names) if (name !== except) return true;
    return false;
  }

  clear(): void {
    this.values.clear();
    this.holders.clear();
  }
}
