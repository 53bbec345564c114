/**
 * The keeper's store in memory, the same four calls as the browser's IndexedDB one, with
 * the ways a real store fails on demand: refusing writes (a full disk) and counting them.
 */
import type { RecordStore } from '../../../src/lib/sim/keep/recordStore';

export class MemoryStore implements RecordStore {
  readonly records = new Map<string, unknown>();
  puts = 0;
  /** the next writes fail with this error */
  failWrites: Error | null = null;

  async get(key: string): Promise<unknown> {
    // a structured clone, as IndexedDB hands back: never the object that was put
    return structuredClone(this.records.get(key));
  }

  async put(key: string, value: unknown): Promise<void> {
    if (this.failWrites) throw this.failWrites;
    this.puts++;
    this.records.set(key, structuredClone(value));
  }

  async delete(key: string): Promise<void> {
    this.records.delete(key);
  }

  async clear(): Promise<void> {
    this.records.clear();
  }
}
