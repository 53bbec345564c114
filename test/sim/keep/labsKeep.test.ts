/**
 * The labs that train in the worker keep their network through a KeptWork and take it up
 * on return: the playground (weights, epoch, both loss curves), the MNIST lab (the
 * trained model a prediction runs, and its curves) and the activation lab (its finished
 * run, which meets the step's goal again), each only for the configuration that trained
 * it, each cleared by Start fresh.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFile } from '../../../src/lib/datasets/mnistNode';
import { ActivationLabSim, type LabResult } from '../../../src/lib/sim/ActivationLabSim.svelte';
import { LAB_EPOCHS } from '../../../src/lib/sim/activationLab';
import { KeptWork } from '../../../src/lib/sim/keep/KeptWork.svelte';
import { MnistLab, type MnistData } from '../../../src/lib/sim/MnistLab.svelte';
import { labVariants } from '../../../src/lib/sim/mnistLabSpec';
import { Playground } from '../../../src/lib/sim/playground/Playground.svelte';
import { DEFAULT_CONFIG } from '../../../src/lib/sim/playground/config';
import { ensureMnist } from '../../datasets/ensureMnist';
import { inProcessWorker } from '../training/inProcessWorker';
import { MemoryStore } from './memoryStore';

const until = async (what: () => boolean, ms = 90_000) => {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const values = (ws: { data: Float32Array }[]) => ws.map((w) => Array.from(w.data));

describe('the playground keeps its network', () => {
  const config = { ...DEFAULT_CONFIG, dataset: 'xor' as const, learningRate: 0.3 };

  it('restores weights, epoch and curves for the same view, nothing for another, and forgets them on Start fresh', async () => {
    const store = new MemoryStore();
    const visit = (c = config) => {
      const keep = new KeptWork('playground', Promise.resolve(store));
      return { keep, pg: new Playground({ seed: 4, workerFactory: inProcessWorker, config: c, keep }) };
    };
    const first = visit();
    first.pg.play();
    await until(() => first.pg.epoch >= 3);
    first.pg.pause();
    // a batch in flight when the pause came ends in one more snapshot
    await new Promise((r) => setTimeout(r, 100));
    await first.keep.settled();
    const { epoch, weights, trainLoss, testLoss } = first.pg;
    first.pg.dispose();
    expect(store.records.has('playground')).toBe(true);

    // another learning rate is another view: asked first, it is answered before the same view's
    const other = visit({ ...config, learningRate: 0.1 });
    const again = visit();
    await until(() => again.pg.epoch > 0);
    expect(other.pg.epoch).toBe(0);
    expect(other.keep.restored).toBeNull();
    expect(again.pg.epoch).toBe(epoch);
    expect(values(again.pg.weights)).toEqual(values(weights));
    expect(again.pg.trainLoss).toEqual(trainLoss);
    expect(again.pg.testLoss).toEqual(testLoss);
    expect(again.pg.status).toBe('paused');
    expect(again.keep.restored?.epoch).toBe(epoch);

    // it trains on from there, counting on
    again.pg.step();
    await until(() => again.pg.epoch === epoch + 1);
    expect(again.pg.trainLoss.slice(0, epoch)).toEqual(trainLoss);

    again.pg.startFresh();
    expect(again.pg.epoch).toBe(0);
    expect(values(again.pg.weights)).toEqual(values(new Playground({ seed: 4, config }).weights));
    expect(again.keep.restored).toBeNull();
    await until(() => store.records.size === 0);
    other.pg.dispose();
    again.pg.dispose();
  });
});

describe('the MNIST lab keeps its trained model', () => {
  let data: MnistData;
  beforeAll(async () => {
    ensureMnist();
    data = await loadMnistFile();
  });

  it('predicts with the restored weights for the same configuration, and forgets them on Start fresh', async () => {
    const store = new MemoryStore();
    const config = { ...structuredClone(labVariants.mlp.defaults), epochs: 1, dataset: 'small' as const, trainingSize: 1000 };
    const visit = (c = config) => {
      const keep = new KeptWork('mnist-lab', Promise.resolve(store));
      return { keep, lab: new MnistLab({ seed: 3, config: c, loadData: async () => data, workerFactory: inProcessWorker, keep }) };
    };
    const first = visit();
    await first.lab.fit();
    await until(() => first.lab.phase === 'finished');
    await first.keep.settled();
    const digit = data.test.x.slice(0, 784);
    const said = Array.from(await first.lab.predict(digit));
    const history = first.lab.history;
    first.lab.dispose();

    const other = visit({ ...config, learningRate: 0.05 });
    const again = visit();
    await until(() => again.lab.trained !== null);
    expect(other.lab.trained).toBeNull();
    expect(again.lab.trained!.epochs).toBe(1);
    expect(again.lab.stale).toBe(false);
    expect(Array.from(await again.lab.predict(digit))).toEqual(said);
    expect(again.lab.history).toEqual(history);
    expect(again.keep.restored?.epoch).toBe(1);

    again.lab.startFresh();
    expect(again.lab.trained).toBeNull();
    expect(again.lab.history.loss).toEqual([]);
    await until(() => store.records.size === 0);
    other.lab.dispose();
    again.lab.dispose();
  });
});

describe('the activation lab keeps its finished run', () => {
  it('shows the same run for the same activation, none for another, and forgets it on Start fresh', async () => {
    const store = new MemoryStore();
    const visit = (initial: string) => {
      const keep = new KeptWork('activations', Promise.resolve(store));
      const results: LabResult[] = [];
      return { keep, results, lab: new ActivationLabSim({ initial, seed: 1, workerFactory: inProcessWorker, keep, ontrained: (r) => results.push(r) }) };
    };
    const first = visit('max(0, x)');
    first.lab.train();
    await until(() => first.lab.phase === 'finished');
    await first.keep.settled();
    const { losses, accuracy } = first.lab;
    expect(losses).toHaveLength(LAB_EPOCHS);
    first.lab.dispose();

    const other = visit('tanh(x)');
    const again = visit('max(0, x)');
    await until(() => again.lab.restored !== null);
    expect(other.lab.restored).toBeNull();
    expect(other.lab.phase).toBe('idle');
    expect(again.lab.phase).toBe('finished');
    expect(again.lab.trainedWith).toBe('max(0, x)');
    expect(again.lab.losses).toEqual(losses);
    expect(again.lab.accuracy).toBe(accuracy);
    expect(again.results).toEqual(first.results);
    expect(again.keep.restored?.epoch).toBe(LAB_EPOCHS);

    again.lab.startFresh();
    expect(again.lab.phase).toBe('idle');
    expect(again.lab.losses).toEqual([]);
    await until(() => store.records.size === 0);
    other.lab.dispose();
    again.lab.dispose();
  });
});
