/**
 * The backprop chapter's promises: every product in the ledger equals the engine's
 * gradient (Sequential.gradients) for that weight, on every sample and at several points
 * of training; the stepping buttons count samples, updates and epochs as they say; and
 * the seeds the chapter names learn XOR or get stuck.
 */
import { describe, expect, it } from 'vitest';
import { dense } from '../../src/lib/models/layers/dense';
import { sequential } from '../../src/lib/models/sequential';
import { entryTex, hiddenDeltaTex, ledgerGradients, outputDeltaTex } from '../../src/lib/sim/backpropLedger';
import { BackpropXorSim, GRID_RESOLUTION, readBackpropStart, XOR_ROWS } from '../../src/lib/sim/BackpropXorSim.svelte';

const t = (data: number[], shape: number[]) => ({ data: Float32Array.from(data), shape });

/** An independent model with the sim's weights: the oracle the ledger is checked against. */
async function engineGradients(weights: number[][], row: readonly number[]) {
  const model = sequential([dense(2, 'sigmoid', { inputShape: [2] }), dense(1, 'sigmoid')]);
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
  model.setWeights([t(weights[0], [2, 2]), t(weights[1], [2]), t(weights[2], [2, 1]), t(weights[3], [1])]);
  const { loss, grads } = await model.gradients(t([row[0], row[1]], [1, 2]), t([row[2]], [1, 1]));
  return { loss, grads: grads.flatMap((g) => Array.from(g.data)) };
}

describe('the ledger', () => {
  it('writes, for every sample and at every stage of training, nine products that equal the engine’s gradients within 1e-6', async () => {
    for (const seed of [1, 4]) {
      const sim = new BackpropXorSim({ seed });
      await sim.ready;
      for (const epochs of [0, 3, 40]) {
        if (epochs > 0) await sim.trainEpochs(epochs - sim.epochs);
        for (let i = 0; i < 4; i++) {
          await sim.select(i);
          const ledger = sim.ledger!;
          expect(ledger.numbers.x).toEqual([XOR_ROWS[i][0], XOR_ROWS[i][1]]);
          const oracle = await engineGradients(sim.weights, XOR_ROWS[i]);
          const products = ledgerGradients(ledger);
          expect(products).toHaveLength(9);
          products.forEach((g, k) => expect(Math.abs(g - oracle.grads[k]), `seed ${seed}, epoch ${epochs}, row ${i}, weight ${k}`).toBeLessThan(1e-6));
          // and the sim's own copy of the engine's answer is that same answer
          sim.engineGradients.forEach((g, k) => expect(g).toBeCloseTo(oracle.grads[k], 7));
          expect(ledger.loss).toBeCloseTo(oracle.loss, 5);
          // every product really is the product of the factors it prints
          for (const e of ledger.entries) expect(e.gradient).toBe(e.factors.reduce((p, f) => p * f.value, 1));
        }
      }
    }
  });

  it('gives δ equal to the engine’s bias gradients, and reads as the chain rule with the engine’s numbers', async () => {
    const sim = new BackpropXorSim({ seed: 1, sample: 1 });
    await sim.ready;
    const l = sim.ledger!;
    expect(l.outputDelta).toBeCloseTo(sim.engineGradients[8], 7);
    expect(l.hiddenDeltas[0]).toBeCloseTo(sim.engineGradients[4], 7);
    expect(l.hiddenDeltas[1]).toBeCloseTo(sim.engineGradients[5], 7);
    expect(l.numbers.yHat).toBeCloseTo(sim.outputs[1], 6);
    const w12 = l.entries.find((e) => e.ref.param === 'kernel1' && e.ref.i === 1 && e.ref.j === 0)!;
    expect(entryTex(w12)).toMatch(/^\\frac\{\\partial L\}\{\\partial w\^\{\(1\)\}_\{21\}\} = \\delta\^\{\(1\)\}_\{1\}\\, x_2 = \(-?\d\.\d{4}\) \\cdot \(-?\d\.\d{4}\) \\cdot \(\d\.\d{4}\) \\cdot \(1\.0000\) = -?\d\.\d{4}$/);
    expect(outputDeltaTex(l)).toContain(`= \\hat y - y = ${l.numbers.yHat.toFixed(4)} - 1 = ${l.outputDelta.toFixed(4)}`);
    expect(hiddenDeltaTex(l, 1)).toContain(`= ${l.hiddenDeltas[1].toFixed(4)}`);
  });
});

describe('stepping', () => {
  it('counts samples, updates and epochs: a sample is one update, a batch one update from four samples, an epoch finishes the pass', async () => {
    const sim = new BackpropXorSim({ seed: 1 });
    await sim.ready;
    expect([sim.samplesSeen, sim.updates, sim.epochs, sim.sample, sim.history.length]).toEqual([0, 0, 0, 0, 1]);
    const before = sim.weights.map((w) => [...w]);

    await sim.stepSample();
    expect([sim.samplesSeen, sim.updates, sim.epochs, sim.sample, sim.history.length]).toEqual([1, 1, 0, 1, 2]);
    expect(sim.weights).not.toEqual(before);

    await sim.stepBatch();
    expect([sim.samplesSeen, sim.updates, sim.epochs, sim.sample]).toEqual([5, 2, 1, 1]);

    sim.setMode('sample');
    await sim.stepEpoch();
    // from sample 2 of the pass, the epoch trains the three left, one update each
    expect([sim.samplesSeen, sim.updates, sim.epochs, sim.sample]).toEqual([8, 5, 2, 0]);

    sim.setMode('batch');
    await sim.stepEpoch();
    expect([sim.samplesSeen, sim.updates, sim.epochs, sim.sample]).toEqual([12, 6, 3, 0]);

    await sim.trainEpochs(5);
    expect([sim.samplesSeen, sim.updates, sim.epochs]).toEqual([32, 11, 8]);
    expect(sim.history.at(-1)!.epoch).toBe(8);
    expect(sim.grid).toHaveLength(GRID_RESOLUTION * GRID_RESOLUTION);
  });

  it('applies exactly the SGD update w − η·∂L/∂w that the ledger shows for the current sample', async () => {
    const sim = new BackpropXorSim({ seed: 2, learningRate: 0.5, sample: 3 });
    await sim.ready;
    const before = sim.weights.flat();
    const grads = ledgerGradients(sim.ledger!);
    await sim.stepSample();
    sim.weights.flat().forEach((w, k) => expect(w).toBeCloseTo(before[k] - 0.5 * grads[k], 6));
  });

  it('a batch step moves the weights by the mean of the four samples’ ledgers', async () => {
    const sim = new BackpropXorSim({ seed: 3 });
    await sim.ready;
    const mean = new Array(9).fill(0);
    for (let i = 0; i < 4; i++) {
      await sim.select(i);
      ledgerGradients(sim.ledger!).forEach((g, k) => (mean[k] += g / 4));
    }
    const before = sim.weights.flat();
    await sim.stepBatch();
    sim.weights.flat().forEach((w, k) => expect(w).toBeCloseTo(before[k] - mean[k], 6));
  });

  it('carries everything through a snapshot, and reset starts again from the seed', async () => {
    const sim = new BackpropXorSim({ seed: 1 });
    await sim.trainEpochs(3);
    await sim.stepSample();
    const copy = new BackpropXorSim(readBackpropStart(JSON.parse(JSON.stringify(sim.snapshot()))));
    await copy.ready;
    expect(copy.weights).toEqual(sim.weights);
    expect([copy.samplesSeen, copy.updates, copy.sample, copy.history.length]).toEqual([sim.samplesSeen, sim.updates, sim.sample, sim.history.length]);
    expect(Array.from(copy.grid)).toEqual(Array.from(sim.grid));
    const fresh = new BackpropXorSim({ seed: 1 });
    await fresh.ready;
    await copy.reset();
    expect(copy.weights).toEqual(fresh.weights);
    expect([copy.samplesSeen, copy.updates, copy.history.length]).toEqual([0, 0, 1]);
  });

  it('rejects malformed carried state piece by piece', () => {
    expect(readBackpropStart(null)).toBeUndefined();
    const r = readBackpropStart({ seed: -1, learningRate: 0, mode: 'online', weights: [[1, 2]], sample: 4, samplesSeen: 2.5 });
    expect(r).toEqual({ seed: undefined, learningRate: undefined, mode: undefined, weights: undefined, samplesSeen: undefined, updates: undefined, sample: undefined, history: undefined });
  });
});

describe('seeds', () => {
  it('seed 1 learns XOR in both modes; seed 4 gets stuck in the 2-2-1 local minimum in both', async () => {
    for (const mode of ['sample', 'batch'] as const) {
      const good = new BackpropXorSim({ seed: 1, mode }, { allCorrect: true });
      await good.trainEpochs(400);
      expect(good.correct, `seed 1, ${mode}`).toBe(4);
      expect(good.solved).toBe(true);
      expect(good.loss).toBeLessThan(0.1);
      const stuck = new BackpropXorSim({ seed: 4, mode }, { allCorrect: true });
      await stuck.trainEpochs(1000);
      expect(stuck.correct, `seed 4, ${mode}`).toBeLessThan(4);
      expect(stuck.loss).toBeGreaterThan(0.3);
      expect(stuck.solved).toBe(false);
    }
  });

  it('the lesson’s own seed, 42 unless a link gives another, learns XOR in both modes within 1,000 epochs', async () => {
    for (const mode of ['sample', 'batch'] as const) {
      const sim = new BackpropXorSim({ seed: 42, mode }, { allCorrect: true });
      await sim.trainEpochs(1000);
      expect(sim.solved, mode).toBe(true);
    }
  });
});
