/**
 * The backprop steps' training log: whatever a learner does to the XOR network, the
 * log written down and read back from a link replays, from the same seed, to the same
 * weights, counters and loss curve, bit for bit; a log no run could make is refused.
 */
import { describe, expect, it } from 'vitest';
import { appendRun, formatLog, MAX_LOG_SAMPLES, parseLog, samplesIn } from '../../src/lib/sim/backpropLog';
import { BackpropXorSim } from '../../src/lib/sim/BackpropXorSim.svelte';

const state = (sim: BackpropXorSim) => ({
  weights: sim.weights,
  history: sim.history,
  samplesSeen: sim.samplesSeen,
  updates: sim.updates,
  log: sim.log
});

describe('the training log', () => {
  it('replays every kind of step, mixed, to the very same numbers', async () => {
    const sim = new BackpropXorSim({ seed: 3 });
    await sim.select(2);
    for (let i = 0; i < 3; i++) await sim.stepSample();
    await sim.stepBatch();
    await sim.stepEpoch();
    await sim.trainEpochs(130);
    sim.setMode('batch');
    await sim.stepEpoch();
    await sim.trainEpochs(7);
    sim.setMode('sample');
    await sim.select(3);
    await sim.stepSample();
    await sim.stepEpoch();
    const text = formatLog(sim.log);
    expect(text).toBe('2s3_b1_1e131_b8_3s1_0e1');
    expect(samplesIn(sim.log)).toBe(sim.samplesSeen);

    const replayed = new BackpropXorSim({ seed: 3 });
    await replayed.replay(parseLog(text)!);
    expect(state(replayed)).toEqual(state(sim));
    expect(replayed.sample).toBe(sim.sample);
  });

  it('forgets the log on a reset, and a new seed starts another', async () => {
    const sim = new BackpropXorSim({ seed: 1 });
    await sim.trainEpochs(3);
    expect(formatLog(sim.log)).toBe('0e3');
    await sim.reset(4);
    expect(sim.log).toEqual([]);
    await sim.stepBatch();
    expect(sim.snapshot()).toMatchObject({ seed: 4, log: [{ kind: 'batches', count: 1 }] });
  });

  it('merges runs that carry straight on, and keeps apart those that do not', () => {
    let log = appendRun([], { kind: 'samples', from: 1, count: 2 });
    log = appendRun(log, { kind: 'samples', from: 3, count: 1 });
    expect(formatLog(log)).toBe('1s3');
    log = appendRun(log, { kind: 'samples', from: 2, count: 1 });
    expect(formatLog(log)).toBe('1s3_2s1');
    log = appendRun(log, { kind: 'epochs', from: 3, count: 1 });
    log = appendRun(log, { kind: 'epochs', from: 0, count: 9 });
    expect(formatLog(log)).toBe('1s3_2s1_3e10');
    expect(formatLog(parseLog('0s1_1s1_b2_b3')!)).toBe('0s2_b5');
  });

  it('refuses what is not a log, and a log too long to replay at once', () => {
    for (const bad of ['x', '4s1', '0s0', 'b', 'e5', '0e', '0s1__b1', 'b-1', '0s1,b1', 'b123456']) expect(parseLog(bad), bad).toBeUndefined();
    expect(parseLog('')).toEqual([]);
    expect(parseLog(`b${MAX_LOG_SAMPLES / 4}`)).toBeDefined();
    expect(parseLog(`b${MAX_LOG_SAMPLES / 4}_0s1`)).toBeUndefined();
  });
});
