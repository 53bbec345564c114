/**
 * Keeping a step's trained network in the browser, against an in-memory store with
 * IndexedDB's four calls: what comes back is what was kept, only for the configuration
 * that trained it; above the size limit, with storage refused or full, or from a corrupt
 * record, nothing is kept or restored and one sentence says why.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/lib/engine/tensor';
import { buildModel, type ModelSpec } from '../../../src/lib/models/modelSpec';
import { configKey, KEEP_LIMIT_BYTES, KeptWork } from '../../../src/lib/sim/keep/KeptWork.svelte';
import { MemoryStore } from './memoryStore';

const spec = (units = 3): ModelSpec => ({
  inputShape: [2],
  layers: [
    { type: 'dense', units, activation: 'tanh' },
    { type: 'dense', units: 1, activation: 'sigmoid' }
  ],
  optimizer: 'sgd',
  loss: 'binaryCrossentropy',
  learningRate: 0.1,
  seed: 5
});
const weightsOf = (s: ModelSpec, seed = 9): Tensor[] => buildModel({ ...s, seed }).getWeights();

function keeper(store = new MemoryStore()): { kept: KeptWork; store: MemoryStore } {
  return { kept: new KeptWork('playground', Promise.resolve(store)), store };
}

describe('KeptWork', () => {
  it('gives back the kept weights, epoch, curves and date for the same configuration', async () => {
    const { kept, store } = keeper();
    const weights = weightsOf(spec());
    const before = Date.now();
    kept.save('A', spec(), { weights, epoch: 12, curves: { train: [0.7, 0.5], test: [0.8, NaN] } });
    await kept.settled();
    // the next visit: a new keeper over the same storage
    const again = new KeptWork('playground', Promise.resolve(store));
    const back = await again.load('A', spec());
    expect(back).not.toBeNull();
    expect(back!.weights.map((w) => [...w.data])).toEqual(weights.map((w) => [...w.data]));
    expect(back!.weights.map((w) => w.shape)).toEqual(weights.map((w) => w.shape));
    expect(back!.epoch).toBe(12);
    expect(back!.curves).toEqual({ train: [0.7, 0.5], test: [0.8, NaN] });
    expect(back!.savedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(again.restored).toEqual({ savedAt: back!.savedAt, epoch: 12 });
    expect(again.notice).toBe('');
  });

  it('restores nothing for another configuration, and keeps the record for its own', async () => {
    const { kept } = keeper();
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 2, curves: {} });
    await kept.settled();
    expect(await kept.load('B', spec())).toBeNull();
    expect(kept.restored).toBeNull();
    expect(await kept.load('A', spec())).not.toBeNull();
  });

  it('keys a configuration by its values, not the order its keys were written in', () => {
    expect(configKey({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(configKey({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(configKey({ a: 1, b: [1, 2] })).not.toBe(configKey({ a: 1, b: [2, 1] }));
  });

  it('writes only the newest of saves asked for while one is in flight', async () => {
    const { kept, store } = keeper();
    for (let epoch = 1; epoch <= 20; epoch++) kept.save('A', spec(), { weights: weightsOf(spec(), epoch), epoch, curves: {} });
    await kept.settled();
    expect(store.puts).toBe(1);
    expect((await kept.load('A', spec()))!.epoch).toBe(20);
  });

  it('keeps nothing above the size limit, says so, and leaves the earlier record', async () => {
    const { kept, store } = keeper();
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 1, curves: {} });
    await kept.settled();
    const units = Math.ceil(KEEP_LIMIT_BYTES / 4 / 4);
    // shapes only: the limit is checked before a model is built
    const huge: Tensor[] = [{ data: new Float32Array(0), shape: [2, units] }, { data: new Float32Array(0), shape: [units] }, { data: new Float32Array(0), shape: [units, 1] }, { data: new Float32Array(0), shape: [1] }];
    kept.save('B', spec(units), { weights: huge, epoch: 1, curves: {} });
    await kept.settled();
    expect(kept.notice).toMatch(/^This network has [\d,]+ weights \(20\.0 MB\), more than the 20\.0 MB a step keeps in this browser/);
    expect(store.puts).toBe(1);
    expect(await kept.load('A', spec())).not.toBeNull();
  });

  it('clears a record that does not read, and says so', async () => {
    const { kept, store } = keeper();
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 3, curves: {} });
    await kept.settled();
    const record = store.records.get('playground') as { weights: { layers: { weights: { values: Float32Array }[] }[] } };
    record.weights.layers[0].weights[0].values[0] = NaN;
    expect(await kept.load('A', spec())).toBeNull();
    expect(kept.notice).toMatch(/^The network kept in this browser could not be read \(fromJSON: value 0 of .* is NaN, not a finite number\), so it was cleared/);
    expect(store.records.has('playground')).toBe(false);

    store.records.set('playground', 'not a record');
    expect(await kept.load('A', spec())).toBeNull();
    expect(store.records.has('playground')).toBe(false);
  });

  it('works on without storage: a refused store or a full disk is one sentence, never an error', async () => {
    const refused = new KeptWork('playground', Promise.reject(new Error('this browser offers no IndexedDB')));
    expect(await refused.load('A', spec())).toBeNull();
    refused.save('A', spec(), { weights: weightsOf(spec()), epoch: 1, curves: {} });
    await refused.settled();
    expect(refused.notice).toBe('This browser does not let the page keep your work (this browser offers no IndexedDB): everything works, but a reload starts the lab afresh.');

    const { kept, store } = keeper();
    store.failWrites = new DOMException('quota', 'QuotaExceededError');
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 1, curves: {} });
    await kept.settled();
    expect(kept.notice).toMatch(/^The browser’s storage is full, so this network is not kept/);
    store.failWrites = null;
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 2, curves: {} });
    await kept.settled();
    expect(kept.notice).toBe('');
  });

  it('forgets the record, and a save not yet written, when the learner starts fresh', async () => {
    const { kept, store } = keeper();
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 1, curves: {} });
    await kept.settled();
    await kept.load('A', spec());
    kept.save('A', spec(), { weights: weightsOf(spec()), epoch: 2, curves: {} });
    await kept.forget();
    expect(kept.restored).toBeNull();
    expect(store.records.size).toBe(0);
    expect(await kept.load('A', spec())).toBeNull();
  });
});
