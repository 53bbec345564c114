/**
 * A step's trained network, kept in the browser between visits: its weights (in the
 * weights file format, its arrays kept as bytes, read back through the same parser that
 * checks a learner's file),
 * the epochs trained, the curves so far and the date. One record per step, holding the
 * exact configuration that produced it: a link that says anything else restores nothing,
 * so a changed address never meets mismatched weights. Writes are asynchronous and
 * coalesced (while one is in flight, only the newest waiting save is written after it), so
 * a fit that finishes epochs faster than the browser writes never queues up work.
 *
 * What goes wrong with storage (none offered, a full disk, a record that no longer
 * reads) becomes one quiet sentence in `notice`; the lab goes on without keeping.
 */
import { nextTask } from '$lib/nextTask';
import { sizeOf, type Tensor } from '$lib/engine/tensor';
import { buildModel, type ModelSpec } from '$lib/models/modelSpec';
import type { Sequential } from '$lib/models/sequential';
import { parseWeightsJson, typedWeightsJson, type TypedWeightsJson } from '$lib/models/weightsJson';
import type { RecordStore } from './recordStore';

/**
 * The most a step keeps: 20 MB of weights at 4 bytes each (a Float32Array), about 5.2
 * million weights. The chapters' default networks need well under 1 MB, Keras's mnist_cnn
 * example 4.6 MB; a bigger one is trained and used as usual, and only its configuration
 * (in the address) survives a reload.
 */
export const KEEP_LIMIT_BYTES = 20 * 1024 * 1024;
const BYTES_PER_WEIGHT = 4;

/** Per-epoch curves by name (e.g. loss and validation loss). */
export type Curves = Record<string, number[]>;

/** What a lab hands over to keep, and gets back on return. */
export interface Work {
  weights: Tensor[];
  /** epochs fully trained */
  epoch: number;
  curves: Curves;
}

export interface Restored extends Work {
  savedAt: Date;
}

interface KeptRecord {
  version: 1;
  /** the lab's configuration key (see configKey) */
  config: string;
  weights: TypedWeightsJson;
  epoch: number;
  curves: Curves;
  /** milliseconds since 1970 */
  savedAt: number;
}

/** A configuration as one string that does not depend on the order its keys were written in. */
export function configKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  );
}

/** Megabytes with one decimal, as a learner reads a size. */
function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isCurves(v: unknown): v is Curves {
  return typeof v === 'object' && v !== null && Object.values(v).every((c) => Array.isArray(c) && c.every((x) => typeof x === 'number' || x === null));
}

export class KeptWork {
  /** the network restored on this visit, until the learner starts fresh or the lab sets it aside */
  restored = $state.raw<{ savedAt: Date; epoch: number } | null>(null);
  /** why nothing is (or will be) kept; '' while keeping works */
  notice = $state('');

  readonly step: string;
  private readonly store: Promise<RecordStore>;
  private waiting: { config: string; spec: ModelSpec; work: Work } | null = null;
  private writing: Promise<void> | null = null;
  /** the model that names the layers of the weights saved, built once per model spec rather than at every epoch */
  private describer: { spec: string; model: Sequential } | null = null;

  /** `step`: the step's id, the record's key; `store`: the browser's store, or a test's */
  constructor(step: string, store: Promise<RecordStore>) {
    this.step = step;
    this.store = store;
    // a refused store must not surface as an unhandled rejection before anyone asks
    store.catch(() => {});
  }

  /**
   * The network kept for this step when it was trained with exactly `config` (whose model
   * is `spec`), or null: none kept, another configuration's, or a record that does not read
   * (which is then forgotten, and the notice says so).
   */
  async load(config: string, spec: ModelSpec): Promise<Restored | null> {
    const store = await this.open();
    if (!store) return null;
    let record: unknown;
    try {
      record = await store.get(this.step);
    } catch (error) {
      this.notice = `The network kept in this browser could not be read (${reason(error)}); the lab starts fresh.`;
      return null;
    }
    if (record === undefined) return null;
    const r = record as Partial<KeptRecord>;
    if (typeof r === 'object' && r !== null && r.version === 1 && typeof r.config === 'string' && r.config !== config) return null;
    try {
      if (typeof r !== 'object' || r === null || r.version !== 1) throw new Error('not a record this version of the site wrote');
      if (!Number.isInteger(r.epoch) || (r.epoch as number) < 0) throw new Error('its epoch is not a count');
      if (!isCurves(r.curves)) throw new Error('its curves are not lists of numbers');
      if (typeof r.savedAt !== 'number' || !Number.isFinite(r.savedAt)) throw new Error('it has no date');
      const weights = parseWeightsJson(buildModel(spec), r.weights);
      const restored = { weights, epoch: r.epoch as number, curves: r.curves, savedAt: new Date(r.savedAt) };
      this.restored = { savedAt: restored.savedAt, epoch: restored.epoch };
      return restored;
    } catch (error) {
      this.notice = `The network kept in this browser could not be read (${reason(error)}), so it was cleared; the lab starts fresh.`;
      await store.delete(this.step).catch(() => {});
      return null;
    }
  }

  /** Keeps this work for `config` (whose model is `spec`), in place of what the step kept before; returns at once. */
  save(config: string, spec: ModelSpec, work: Work): void {
    this.waiting = { config, spec, work };
    this.writing ??= this.flush();
  }

  /** Resolves once every save asked for so far is written (or refused). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Stops showing the restored line; the record stays (the lab moved on from it, e.g. to another configuration). */
  setAside(): void {
    this.restored = null;
  }

  /** "Start fresh": forgets the step's kept network, and any save not yet written. */
  async forget(): Promise<void> {
    this.restored = null;
    this.waiting = null;
    await this.settled();
    const store = await this.open();
    try {
      await store?.delete(this.step);
    } catch (error) {
      this.notice = `The network kept in this browser could not be cleared (${reason(error)}).`;
    }
  }

  private async open(): Promise<RecordStore | null> {
    try {
      return await this.store;
    } catch (error) {
      this.notice = `This browser does not let the page keep your work (${reason(error)}): everything works, but a reload starts the lab afresh.`;
      return null;
    }
  }

  private async flush(): Promise<void> {
    try {
      // after the current task, so a save asked for while handling a snapshot never delays its picture
      await nextTask();
      while (this.waiting) {
        const next = this.waiting;
        this.waiting = null;
        await this.write(next.config, next.spec, next.work);
      }
    } finally {
      this.writing = null;
    }
  }

  private async write(config: string, spec: ModelSpec, work: Work): Promise<void> {
    const count = work.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
    const bytes = count * BYTES_PER_WEIGHT;
    if (bytes > KEEP_LIMIT_BYTES) {
      this.notice = `This network has ${count.toLocaleString('en')} weights (${megabytes(bytes)}), more than the ${megabytes(KEEP_LIMIT_BYTES)} a step keeps in this browser: its configuration is in the address, but a reload trains it afresh.`;
      return;
    }
    const store = await this.open();
    if (!store) return;
    let record: KeptRecord;
    try {
      const key = configKey(spec);
      if (this.describer?.spec !== key) this.describer = { spec: key, model: buildModel(spec) };
      record = { version: 1, config, weights: typedWeightsJson(this.describer.model, work.weights), epoch: work.epoch, curves: work.curves, savedAt: Date.now() };
    } catch (error) {
      this.notice = `This network could not be kept (${reason(error)}).`;
      return;
    }
    try {
      await store.put(this.step, record);
      this.notice = '';
    } catch (error) {
      const full = error instanceof DOMException && error.name === 'QuotaExceededError';
      this.notice = full
        ? 'The browser’s storage is full, so this network is not kept: everything works, but a reload trains it afresh.'
        : `This browser did not keep the network (${reason(error)}): everything works, but a reload trains it afresh.`;
    }
  }
}
