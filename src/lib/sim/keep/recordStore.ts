/**
 * Where a learner's trained networks are kept between visits: one IndexedDB object store
 * of plain records, one per step, behind the four calls the keeper needs. Tests hand the
 * keeper an in-memory store of the same shape; a browser that refuses IndexedDB (some
 * private modes, storage switched off) makes `keptStore()` reject with the reason, and the
 * labs work without keeping anything.
 */

export interface RecordStore {
  /** the record under `key`, or undefined */
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** forgets every record */
  clear(): Promise<void>;
}

const DATABASE = 'nn-ladder';
const OBJECTS = 'kept-work';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the browser refused the request'));
  });
}

/** A RecordStore over an opened database; each call is its own transaction. */
function overDatabase(db: IDBDatabase): RecordStore {
  const objects = (mode: IDBTransactionMode) => db.transaction(OBJECTS, mode).objectStore(OBJECTS);
  const written = (request: IDBRequest) =>
    new Promise<void>((resolve, reject) => {
      const tx = request.transaction!;
      tx.oncomplete = () => resolve();
      // a full disk aborts the transaction (QuotaExceededError) rather than failing the request
      tx.onabort = tx.onerror = () => reject(tx.error ?? request.error ?? new Error('the browser did not write the record'));
    });
  return {
    get: (key) => done(objects('readonly').get(key)),
    put: (key, value) => written(objects('readwrite').put(value, key)),
    delete: (key) => written(objects('readwrite').delete(key)),
    clear: () => written(objects('readwrite').clear())
  };
}

/** Opens (creating on first use) the site's database in `factory`. */
export function openIndexedDbStore(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<RecordStore> {
  if (!factory) return Promise.reject(new Error('this browser offers no IndexedDB'));
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DATABASE, 1);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    request.onupgradeneeded = () => request.result.createObjectStore(OBJECTS);
    request.onsuccess = () => resolve(overDatabase(request.result));
    request.onerror = () => reject(request.error ?? new Error('the browser would not open its storage'));
    request.onblocked = () => reject(new Error('another tab holds an older version of the storage open'));
  });
}

let shared: Promise<RecordStore> | null = null;

/** The page's one store, opened once. */
export function keptStore(): Promise<RecordStore> {
  shared ??= openIndexedDbStore();
  return shared;
}

/** Forgets every network kept in this browser (a kiosk's next visitor starts with none); never rejects. */
export async function clearKeptWork(): Promise<void> {
  try {
    await (await keptStore()).clear();
  } catch {
    // nothing could be kept either
  }
}
