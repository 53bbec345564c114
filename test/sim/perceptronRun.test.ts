import { describe, expect, it } from 'vitest';
import { irisPair } from '../../src/lib/datasets/iris';
import { logicGate } from '../../src/lib/datasets/logicGates';
import { Perceptron } from '../../src/lib/models/perceptron';
import { trainPerceptron, type TrainStep } from '../../src/lib/models/trainPerceptron';
import { PerceptronRun } from '../../src/lib/sim/PerceptronRun.svelte';
import type { FrameScheduler } from '../../src/lib/sim/PlayClock.svelte';

const petals = irisPair(undefined, ['setosa', 'versicolor'], ['petal length (cm)', 'petal width (cm)']);

/** A frame clock the test turns by hand. */
function manualFrames() {
  let pending: ((now: number) => void) | null = null;
  let now = 0;
  const frames: FrameScheduler = {
    request: (callback) => {
      pending = callback;
      return 1;
    },
    cancel: () => {
      pending = null;
    }
  };
  return {
    frames,
    advance(ms: number) {
      now += ms;
      const callback = pending;
      pending = null;
      callback?.(now);
    },
    get waiting() {
      return pending !== null;
    }
  };
}

function reference(options: ConstructorParameters<typeof Perceptron>[0], train = {}) {
  const model = new Perceptron(options);
  const steps: TrainStep[] = [];
  const result = trainPerceptron(model, petals, train, (s) => steps.push(s));
  return { steps, result };
}

const flat = (p: { weights: readonly Float64Array[]; biases: Float64Array }) => p.weights.flatMap((w, k) => [...w, p.biases[k]]);

describe('PerceptronRun', () => {
  it('shows, after every instance, exactly the weights trainPerceptron reports for that instance', () => {
    const { steps, result } = reference({ nFeatures: 2 });
    const run = new PerceptronRun({ data: petals });
    expect(flat(run.parameters)).toEqual([0, 0, 0]);
    for (let i = 0; i < steps.length; i++) {
      expect(run.stepForward()).toBe(1);
      expect(run.cursor).toBe(i + 1);
      expect(flat(run.parameters)).toEqual(flat(steps[i].after));
      expect(run.current?.index).toBe(steps[i].index);
      expect(run.current?.mistake).toBe(steps[i].mistake);
    }
    expect(run.finished).toBe(true);
    expect(run.result?.convergedEpoch).toBe(result.convergedEpoch);
    expect(run.errorsPerEpoch).toEqual(result.errorsPerEpoch);
    expect(run.stepForward()).toBe(0);
  });

  it('replays the same shuffled run for the same seed, and another for another seed', () => {
    const train = { shuffle: true, seed: 7 };
    const { steps } = reference({ nFeatures: 2 }, train);
    const run = new PerceptronRun({ data: petals, train });
    run.finish();
    expect(run.cursor).toBe(steps.length);
    for (const n of [1, 50, steps.length]) expect(flat(run.stepAt(n)!.after)).toEqual(flat(steps[n - 1].after));
    const other = new PerceptronRun({ data: petals, train: { shuffle: true, seed: 8 } });
    other.stepForward(100);
    expect(other.stepAt(100)!.index === steps[99].index && flat(other.parameters).join() === flat(steps[99].after).join()).toBe(false);
  });

  it('plays at its speed on the frames it is given, and stops by itself at the end', () => {
    const clock = manualFrames();
    const run = new PerceptronRun({ data: petals, frames: clock.frames, speed: 10 });
    run.play();
    expect(run.playing).toBe(true);
    clock.advance(16); // the first frame only starts the clock
    expect(run.cursor).toBe(0);
    for (let i = 0; i < 10; i++) clock.advance(100);
    expect(run.cursor).toBe(10);
    run.pause();
    expect(clock.waiting).toBe(false);
    clock.advance(1000);
    expect(run.cursor).toBe(10);

    run.setSpeed(2500);
    run.play();
    clock.advance(16);
    for (let i = 0; i < 20 && run.playing; i++) clock.advance(100);
    expect(run.finished).toBe(true);
    expect(run.playing).toBe(false);
    expect(run.result?.converged).toBe(true);
  });

  it('steps to the end of an epoch, keeps the epoch under way, resets and replays', () => {
    const { result } = reference({ nFeatures: 2 });
    const run = new PerceptronRun({ data: petals });
    run.stepForward(30);
    expect(run.epochInProgress).toMatchObject({ epoch: 1, seen: 30 });
    run.toEpochEnd();
    expect(run.cursor).toBe(100);
    expect(run.epochInProgress).toBeNull();
    expect(run.errorsPerEpoch).toEqual(result.errorsPerEpoch.slice(0, 1));
    run.toEpochEnd();
    expect(run.cursor).toBe(200);
    run.reset();
    expect(run.cursor).toBe(0);
    expect(flat(run.parameters)).toEqual([0, 0, 0]);
    expect(run.errorsPerEpoch).toEqual([]);
  });

  it('knows, on reaching the end of the last epoch, that training is over', () => {
    for (const maxEpochs of [1, 2, 3, 5, 8]) {
      const run = new PerceptronRun({ data: logicGate('xor'), train: { maxEpochs } });
      run.stepForward(2);
      for (let e = 0; e < maxEpochs; e++) run.toEpochEnd();
      expect(run.cursor).toBe(4 * maxEpochs);
      expect(run.finished, `${maxEpochs} epochs`).toBe(true);
    }
  });

  it('reports accuracy and predictions with the weights at the cursor, not the model’s', () => {
    const run = new PerceptronRun({ data: petals });
    run.finish();
    expect(run.accuracy).toBe(1);
    run.reset();
    // zero weights: heaviside fires everywhere, so every point is called versicolor
    expect(run.accuracy).toBe(0.5);
    expect(run.predict([1, 0.2])).toBe(1);
  });

  it('ends at maxEpochs on XOR, never converging', () => {
    const run = new PerceptronRun({ data: logicGate('xor'), train: { stop: 'maxEpochs', maxEpochs: 20 } });
    run.finish();
    expect(run.result?.converged).toBe(false);
    expect(run.errorsPerEpoch).toHaveLength(20);
    expect(Math.min(...run.errorsPerEpoch)).toBeGreaterThan(0);
  });
});
