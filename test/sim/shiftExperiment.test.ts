/**
 * Why convolution, measured: trained on the same 8,000 digits with the same seed, the
 * small CNN loses less accuracy than chapter 4's MLP when the test digits are moved 2
 * pixels right. The direction is pinned, not a figure. The runs go through the real
 * training loop and worker protocol, on our WebAssembly kernels (in process, so in Node).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFile } from '../../src/lib/datasets/mnistNode';
import { chooseBackend, fallBack } from '../../src/lib/engine/select';
import type { MnistData } from '../../src/lib/sim/labDigits.svelte';
import { accuracyByShift, shiftedDigits, ShiftExperiment, SHIFTS } from '../../src/lib/sim/shiftExperiment.svelte';
import type { TrainingCommand, TrainingEvent } from '../../src/lib/sim/training/protocol';
import type { WorkerFactory } from '../../src/lib/sim/training/TrainingClient';
import { TrainingHost } from '../../src/lib/sim/training/TrainingHost';
import { ensureMnist } from '../datasets/ensureMnist';

/** The worker's host in this process, training on our wasm kernels. */
const wasmWorker: WorkerFactory = () => {
  const worker = {
    onmessage: null as ((m: MessageEvent<TrainingEvent>) => void) | null,
    host: null as TrainingHost | null,
    postMessage(command: TrainingCommand) {
      worker.host ??= new TrainingHost(
        (event) => setTimeout(() => worker.onmessage?.({ data: structuredClone(event) } as MessageEvent<TrainingEvent>), 0),
        { choose: (request) => chooseBackend({ ...request, candidates: ['wasm'] }), fallBack: (choice, error) => fallBack(choice, error) }
      );
      worker.host.receive(command);
    },
    terminate() {
      worker.host?.stop();
    }
  };
  return worker as unknown as Worker;
};

describe('the shift experiment', () => {
  let data: MnistData;
  beforeAll(async () => {
    ensureMnist();
    data = await loadMnistFile();
  });

  it('moves each test digit right, shift after shift, and counts the answers per shift', () => {
    const x = shiftedDigits(data.test, [0, 2]);
    expect(x.shape).toEqual([4000, 28, 28, 1]);
    const first = data.test.x.subarray(0, 784);
    expect(Array.from(x.data.subarray(0, 784))).toEqual(Array.from(first));
    const moved = x.data.subarray(2000 * 784, 2001 * 784);
    expect(moved[5 * 28 + 12]).toBe(first[5 * 28 + 10]);
    expect(moved[5 * 28 + 0]).toBe(0);
    // outputs that name the label at shift 0 and label + 1 at shift 2
    const outputs = new Float32Array(4000 * 10);
    for (let i = 0; i < 4000; i++) outputs[i * 10 + ((data.test.labels[i % 2000] + (i < 2000 ? 0 : 1)) % 10)] = 1;
    expect(accuracyByShift({ data: outputs, shape: [4000, 10] }, data.test.labels, [0, 2])).toEqual([1, 0]);
  });

  it("the CNN's accuracy falls less than the MLP's from shift 0 to shift 2", { timeout: 600_000 }, async () => {
    const experiment = new ShiftExperiment({ seed: 42, loadData: async () => data, workerFactory: wasmWorker });
    expect(experiment.summaries.mlp.params).toBe(101_770);
    expect(experiment.summaries.cnn.params).toBe(5_994);
    await experiment.start();
    expect(experiment.guess).toBeNull();
    expect(experiment.results).toEqual({});
    experiment.guess = 'cnn';
    await experiment.start();
    expect(experiment.error).toBe('');
    const { mlp, cnn } = experiment.results;
    console.info(`shift experiment, seed 42: MLP ${mlp!.accuracy.map((a) => a.toFixed(3)).join(' ')}; CNN ${cnn!.accuracy.map((a) => a.toFixed(3)).join(' ')}`);
    expect(mlp!.accuracy).toHaveLength(SHIFTS.length);
    // both learned something at shift 0
    expect(mlp!.accuracy[0]).toBeGreaterThan(0.8);
    expect(cnn!.accuracy[0]).toBeGreaterThan(0.8);
    expect(experiment.fall('cnn')!).toBeLessThan(experiment.fall('mlp')!);
    experiment.dispose();
  });
});
