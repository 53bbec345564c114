/**
 * The MNIST lab's state: the ModelSpec and Keras code that follow from the learner's
 * choices, the training job, the scores of a trained model, and a real (short) fit
 * through the training loop, including one that diverges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFile } from '../../src/lib/datasets/mnistNode';
import type { Dataset } from '../../src/lib/datasets/types';
import { MnistLab, type MnistData } from '../../src/lib/sim/MnistLab.svelte';
import { evaluateOutputs } from '../../src/lib/sim/mnistEvaluation';
import type { HiddenActivation, LabLayer } from '../../src/lib/sim/mnistLabLayers';
import { configProblems, labJob, labMirror, labModelSpec, labTargets, labVariants, ownedJob, type MnistLabConfig } from '../../src/lib/sim/mnistLabSpec';
import { buildModel } from '../../src/lib/models/modelSpec';
import { inProcessWorker } from './training/inProcessWorker';
import { ensureMnist } from '../datasets/ensureMnist';

const defaultLabConfig = labVariants.mlp.defaults;
/** chapter 4's lab on the small set, which ships with the repository's tests */
const config = (patch: Partial<MnistLabConfig> = {}): MnistLabConfig => ({ ...structuredClone(defaultLabConfig), dataset: 'small', trainingSize: 8000, ...patch });
const hidden = (...units: [number, HiddenActivation][]): LabLayer[] => [
  { type: 'flatten' },
  ...units.map(([n, activation]) => ({ type: 'dense' as const, units: n, activation }))
];
const loadData = (data: MnistData) => async () => data;

describe('the lab as data', () => {
  it('builds Flatten, the hidden layers and Dense(10, softmax), compiled as chosen', () => {
    const spec = labModelSpec(config({ layers: hidden([64, 'tanh'], [32, 'sigmoid']), optimizer: 'adam', learningRate: 0.002 }), 7);
    expect(spec).toEqual({
      inputShape: [28, 28, 1],
      layers: [
        { type: 'flatten' },
        { type: 'dense', units: 64, activation: 'tanh' },
        { type: 'dense', units: 32, activation: 'sigmoid' },
        { type: 'dense', units: 10, activation: 'softmax' }
      ],
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      learningRate: 0.002,
      seed: 7
    });
    // momentum belongs to SGD: it is carried only there, and only when set
    expect(labModelSpec(config({ optimizer: 'adam', momentum: 0.9 }), 1)).not.toHaveProperty('momentum');
    expect(labModelSpec(config({ momentum: 0.9 }), 1)).toMatchObject({ optimizer: 'sgd', momentum: 0.9 });
  });

  it('mirrors the model as Keras code and summary(), 101,770 parameters for 784-128-10', () => {
    const mirror = labMirror(config({ momentum: 0.9, epochs: 5, batchSize: 64 }), 42);
    expect(mirror.params).toBe(101_770);
    expect(mirror.code).toContain(
      [
        'model = keras.Sequential([',
        '    keras.Input(shape=(28, 28, 1)),',
        '    layers.Flatten(),',
        '    layers.Dense(128, activation="relu"),',
        '    layers.Dense(10, activation="softmax"),',
        '])',
        '',
        '# 2. Compile',
        'model.compile(',
        '    optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),',
        '    loss="sparse_categorical_crossentropy",'
      ].join('\n')
    );
    // the small set, as the lab splits it: 8,000 to train on and 2,000 to test, from the first 10,000
    expect(mirror.code).toContain(
      [
        '(x_all, y_all), _ = keras.datasets.mnist.load_data()',
        'order = np.random.default_rng(1998).permutation(10000)',
        'x_train, y_train = x_all[order[:8000]], y_all[order[:8000]]',
        'x_test, y_test = x_all[order[8000:]], y_all[order[8000:]]'
      ].join('\n')
    );
    expect(mirror.code).toContain('model.fit(\n    x_train,\n    y_train,\n    epochs=5,\n    batch_size=64,\n    validation_data=(x_test, y_test),\n)');
    // the fourth stage: score the test digits and read one
    expect(mirror.code).toMatch(/# 4\. Predict\nmodel\.evaluate\(x_test, y_test\)\nprobabilities = model\.predict\(x_test\[:1\]\)\[0\]\n.*y_test\[0\]\)\n$/);
    expect(mirror.code).not.toContain('to_categorical');
    expect(mirror.summary).toMatch(/flatten \(Flatten\)\s+│ \(None, 784\)\s+│\s+0 │/);
    expect(mirror.summary).toMatch(/dense \(Dense\)\s+│ \(None, 128\)\s+│\s+100,480 │/);
    expect(mirror.summary).toContain('Total params: 101,770 (397.54 KB)');

    const onehot = labMirror(config({ loss: 'categoricalCrossentropy', layers: hidden() }), 42);
    expect(onehot.params).toBe(7_850);
    expect(onehot.code).toContain('y_train = keras.utils.to_categorical(y_train, 10)');
    expect(onehot.code).toContain('loss="categorical_crossentropy"');
    expect(onehot.code).toContain('"- the label is", y_test[0].argmax())');
  });

  it('the Keras code trains on as many digits as the lab does', () => {
    const lines = (c: Partial<MnistLabConfig>) => labMirror(config(c), 42).code.split('\n');
    const full = lines({ dataset: 'standard', trainingSize: 60_000 });
    expect(full).toContain('(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()');
    expect(full.join('\n')).not.toMatch(/x_train\[:/);
    const tenThousand = lines({ dataset: 'standard', trainingSize: 10_000 });
    expect(tenThousand).toContain('x_train, y_train = x_train[:10000], y_train[:10000]');
    expect(tenThousand).toContain('# MNIST: the first 10,000 of its 60,000 training digits and all 10,000 test digits,');
    const fewSmall = lines({ dataset: 'small', trainingSize: 2000 });
    expect(fewSmall).toContain('x_train, y_train = x_all[order[:2000]], y_all[order[:2000]]');
    expect(fewSmall).toContain('x_test, y_test = x_all[order[8000:]], y_all[order[8000:]]');
  });

  it('the worker builds the same optimiser the code shows: SGD with momentum', () => {
    const model = buildModel(labModelSpec(config({ momentum: 0.5 }), 1));
    expect(model.compileConfig?.optimizer.kerasCode()).toBe('keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)');
    expect(buildModel(labModelSpec(config(), 1)).compileConfig?.optimizer.kerasCode()).toBe('keras.optimizers.SGD(learning_rate=0.1)');
  });

  it('names every problem of a configuration in words', () => {
    expect(configProblems(defaultLabConfig)).toEqual([]);
    const bad = config({ layers: hidden([0, 'relu']), learningRate: -1, momentum: 1, epochs: 0, batchSize: 7, trainingSize: 5 });
    expect(configProblems(bad)).toEqual([
      'Layer 2, Dense: units must be a whole number from 1 to 1024.',
      'The learning rate must be a number above 0.',
      'Momentum must be at least 0 and below 1.',
      'Epochs must be a whole number from 1 to 30.',
      'Batch size must be one of 16, 32, 64, 128, 256.',
      'Training digits must be one of 1000, 2000, 4000, 8000.'
    ]);
  });

  it('predicts only from a model the form allows, and says why not, without building one over the limits', async () => {
    const lab = new MnistLab({ seed: 3, loadData: async () => Promise.reject(new Error('no digits here')) });
    const digit = new Float32Array(784);
    expect(lab.predictRefusal).toBe('');
    expect(await lab.predict(digit)).toHaveLength(10);

    lab.config.learningRate = 0;
    expect(lab.predictRefusal).toBe('No prediction until the model can be built: The learning rate must be a number above 0.');
    await expect(lab.predict(digit)).rejects.toThrow(lab.predictRefusal);
    await expect(lab.inside(digit)).rejects.toThrow(lab.predictRefusal);
    lab.config.learningRate = 0.1;

    // the form takes the number while it is being typed; a million units would be 795 million weights
    lab.setLayer(1, { units: 1_000_000 });
    expect(lab.predictRefusal).toBe('No prediction until the model can be built: Layer 2, Dense: units must be a whole number from 1 to 1024.');
    await expect(lab.predict(digit)).rejects.toThrow('units must be a whole number from 1 to 1024');

    // every layer in range, the whole over the lab's size limit (as a link may ask): refused with its count, as a fit is
    lab.config.layers = hidden([1024, 'relu'], [1024, 'relu'], [1024, 'relu'], [1024, 'relu']);
    const params = 784 * 1024 + 1024 + 3 * (1024 * 1024 + 1024) + 1024 * 10 + 10;
    expect(lab.predictRefusal).toBe(`No prediction until the model can be built: ${lab.problems[0]}`);
    expect(lab.predictRefusal).toContain(`That model would have ${params.toLocaleString('en')} weights and biases; the lab trains models up to 3,000,000 in a browser.`);
    await expect(lab.predict(digit)).rejects.toThrow('3,000,000');
    lab.dispose();
  });

  it('targets: labels for the sparse loss, one-hot rows for the categorical one', () => {
    const labels = Int32Array.from([3, 0, 9]);
    expect(labTargets(labels, 2, 'sparseCategoricalCrossentropy')).toEqual({ data: Float32Array.from([3, 0]), shape: [2] });
    const onehot = labTargets(labels, 3, 'categoricalCrossentropy');
    expect(onehot.shape).toEqual([3, 10]);
    expect(Array.from(onehot.data.subarray(0, 10))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(onehot.data[29]).toBe(1);
    expect(onehot.data.reduce((s, v) => s + v, 0)).toBe(3);
  });

  it('counts a confusion matrix and lists the mistakes, most confident first', () => {
    const outputs = {
      data: Float32Array.from([
        ...[0.9, 0.1, 0, 0, 0, 0, 0, 0, 0, 0], // true 0, said 0
        ...[0.2, 0.7, 0.1, 0, 0, 0, 0, 0, 0, 0], // true 2, said 1 (0.7)
        ...[0, 0, 0, 0, 0, 0, 0, 0.4, 0, 0.6], // true 7, said 9 (0.6)
        ...[0, 0.05, 0, 0, 0, 0, 0, 0, 0, 0.95] // true 7, said 9 (0.95)
      ]),
      shape: [4, 10]
    };
    const e = evaluateOutputs(outputs, [0, 2, 7, 7]);
    expect(e.correct).toBe(1);
    expect(e.total).toBe(4);
    expect(e.counts[0][0]).toBe(1);
    expect(e.counts[2][1]).toBe(1);
    expect(e.counts[7][9]).toBe(2);
    expect(e.counts.flat().reduce((s, v) => s + v, 0)).toBe(4);
    expect(e.misses.map((m) => [m.index, m.label, m.predicted])).toEqual([[3, 7, 9], [1, 2, 1], [2, 7, 9]]);
    expect(e.misses[0].confidence).toBeCloseTo(0.95, 6);
    expect(() => evaluateOutputs(outputs, [0, 1])).toThrow(/4 outputs for 2 labels/);
  });
});

describe('the lab state with real digits', { timeout: 120_000 }, () => {
  let data: MnistData;
  beforeAll(async () => {
    ensureMnist();
    data = await loadMnistFile();
  });

  it('a job trains on the first trainingSize digits and validates on all 2,000 test digits', async () => {
    const plain = labJob(config({ trainingSize: 2000, loss: 'categoricalCrossentropy' }), data, 5, 'reference');
    // its digits are the dataset's until the job gets copies of its own for the worker
    expect(plain.x.data.buffer).toBe(data.train.x.buffer);
    const { job, transfer: buffers } = await ownedJob(plain, data);
    expect(job.x.shape).toEqual([2000, 28, 28, 1]);
    expect(job.y.shape).toEqual([2000, 10]);
    expect(job.validation?.x.shape).toEqual([2000, 28, 28, 1]);
    expect(job.validation?.y.shape).toEqual([2000, 10]);
    expect(job).toMatchObject({ seed: 5, backend: 'reference', epochs: 3, batchSize: 32, shuffle: true });
    expect(Array.from(job.x.data.subarray(0, 784))).toEqual(Array.from((data.train as Dataset).x.subarray(0, 784)));
    // its arrays are its own, exactly the size they hold, so moving them to the worker leaves the dataset whole
    expect(buffers.map((b) => b.byteLength)).toEqual([2000 * 784 * 4, 2000 * 10 * 4, 2000 * 784 * 4, 2000 * 10 * 4]);
    expect(buffers).not.toContain(data.train.x.buffer);
    expect(buffers).not.toContain(data.test.x.buffer);
  });

  it('defines, fits one epoch on 1,000 digits in the training loop, then scores the 2,000 test digits', async () => {
    const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: inProcessWorker, config: config({ epochs: 1, trainingSize: 1000 }) });
    expect(lab.addLayer('dense')).toBe(true);
    lab.setLayer(2, { units: 32, activation: 'tanh' });
    expect(lab.mirror?.code).toContain('layers.Dense(32, activation="tanh")');
    expect(lab.mirror?.params).toBe(784 * 128 + 128 + 128 * 32 + 32 + 32 * 10 + 10);
    // chapter 4 offers Dense layers only
    expect(lab.addLayer('conv2d')).toBe(false);
    // and a Dense layer before the Flatten is refused, in words, leaving the model as it was
    expect(lab.moveLayer(1, -1)).toBe(false);
    expect(lab.refusal).toBe('Layer 1, Dense takes a flat list of numbers, but its input is 28 × 28 × 1: put a Flatten before it.');
    lab.removeLayer(2);
    expect(lab.refusal).toBe('');
    expect(lab.mirror?.params).toBe(101_770);

    await lab.fit();
    await expect.poll(() => lab.phase, { timeout: 60_000 }).toBe('finished');
    expect(lab.backendLine).toBe('training on: plain JavaScript, op by op — the only backend that works here');
    const s = lab.snapshot!;
    expect(s.samplesSeen).toBe(1000);
    expect(s.history.loss).toHaveLength(1);
    // 32 SGD steps: measured 0.651 with seed 3; an untrained network scores ~0.1
    expect(s.history.valAccuracy[0]).toBeGreaterThan(0.5);
    await expect.poll(() => lab.evaluation, { timeout: 60_000 }).not.toBeNull();
    const e = lab.evaluation!;
    expect(e.total).toBe(2000);
    // the page's scoring of the kept weights agrees with the worker's validation
    expect(e.correct / e.total).toBeCloseTo(s.history.valAccuracy[0], 6);
    expect(e.misses).toHaveLength(2000 - e.correct);
    const probs = await lab.predict(data.test.x.slice(0, 784));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(lab.stale).toBe(false);
    lab.setLayer(1, { units: 64 });
    expect(lab.stale).toBe(true);
    lab.dispose();
  });

  it('fit moves the job arrays to the worker instead of copying them', async () => {
    const sent: { command: unknown; transfer: Transferable[] }[] = [];
    const recorder = () => ({ postMessage: (command: unknown, transfer: Transferable[] = []) => sent.push({ command, transfer }), terminate() {} }) as unknown as Worker;
    const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: recorder, config: config({ trainingSize: 1000 }) });
    await lab.fit();
    expect(sent).toHaveLength(1);
    const job = (sent[0].command as { job: { x: { data: Float32Array }; validation: { x: { data: Float32Array } } } }).job;
    expect(sent[0].transfer).toHaveLength(4);
    expect(sent[0].transfer).toContain(job.x.data.buffer);
    expect(sent[0].transfer).toContain(job.validation.x.data.buffer);
    expect(lab.phase).toBe('training');
    lab.dispose();
  });

  it('a lab closed while its fit gets the digits ready starts no worker', async () => {
    let workers = 0;
    const counter = () => (workers++, { postMessage() {}, terminate() {} }) as unknown as Worker;
    const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: counter, config: config({ trainingSize: 8000 }) });
    const fitting = lab.fit();
    // the digits are in hand at once; their copy for the worker takes a few tasks
    await new Promise((resolve) => setTimeout(resolve, 0));
    lab.dispose();
    await fitting;
    expect(workers).toBe(0);
    expect(lab.running).toBe(false);
  });

  it('a diverging fit stops with the diagnosis and keeps the last good weights', async () => {
    const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: inProcessWorker, config: config({ epochs: 1, trainingSize: 1000, learningRate: 1e6, layers: hidden([16, 'linear']) }) });
    await lab.fit();
    await expect.poll(() => lab.phase, { timeout: 60_000 }).toBe('diverged');
    expect(lab.diagnosis?.message).toMatch(/NaN|Infinity/);
    expect(lab.diagnosis?.suggestion).toMatch(/learning rate/i);
    const weights = lab.trained!.weights;
    expect(weights).toHaveLength(4);
    expect(weights.every((w) => w.data.every(Number.isFinite))).toBe(true);
    lab.dispose();
  });

  it('a fit at SGD rate 10 collapses on one digit: it stops after the epoch, says so in one sentence and keeps the weights it reached', async () => {
    const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: inProcessWorker, config: config({ epochs: 3, trainingSize: 1000, learningRate: 10 }) });
    await lab.fit();
    await expect.poll(() => lab.phase, { timeout: 60_000 }).toBe('diverged');
    const d = lab.diagnosis!;
    expect(d.cause).toBe('collapsed');
    expect(d.message).toMatch(
      /^After epoch 1 the network answers “(\d)” for (9\d|100)(\.\d)?% of the 2,000 test digits and gets \d+(\.\d)?% right, no better than chance, and its loss of (\d\.\d\d) is worse than the 2\.30 of guessing every class evenly: its steps are too large; lower the learning rate from 10 to 1\.$/
    );
    expect(d.message.endsWith(d.suggestion)).toBe(true);
    // the run stopped after its first epoch, and the lab kept those weights and scored them
    const s = lab.snapshot!;
    expect(s.history.loss).toHaveLength(1);
    expect(s.history.loss[0]).toBeGreaterThan(1.1 * Math.log(10));
    expect(lab.trained!.epochs).toBe(1);
    expect(lab.trained!.weights.every((w) => w.data.every(Number.isFinite))).toBe(true);
    const said = Number(d.message.match(/“(\d)”/)![1]);
    const e = lab.evaluation!;
    expect(e.counts.reduce((n, row) => n + row[said], 0) / e.total).toBeGreaterThanOrEqual(0.9);
    expect(e.correct / e.total).toBeCloseTo(s.history.valAccuracy[0], 6);
    lab.dispose();
  });

  it('a sane rate, and a tiny one whose first epoch ends just above chance, train on without a word', async () => {
    for (const learningRate of [0.1, 1e-5]) {
      const lab = new MnistLab({ seed: 3, loadData: loadData(data), workerFactory: inProcessWorker, config: config({ epochs: 1, trainingSize: 1000, learningRate }) });
      await lab.fit();
      await expect.poll(() => lab.phase, { timeout: 60_000 }).toBe('finished');
      expect(lab.diagnosis).toBeNull();
      // measured 2.41 at 0.00001: above chance, at chance accuracy, yet the answers are spread over the digits
      if (learningRate < 0.001) expect(lab.snapshot!.history.loss[0]).toBeGreaterThan(Math.log(10));
      lab.dispose();
    }
  });

  it('a CNN: fits, draws its first filters, scores the test digits from the worker, and shows what each layer sees', async () => {
    const lab = new MnistLab({ seed: 3, variant: 'cnn', loadData: loadData(data), workerFactory: inProcessWorker });
    lab.config.layers = [
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
      { type: 'flatten' }
    ];
    Object.assign(lab.config, { epochs: 1, dataset: 'small', trainingSize: 1000 });
    expect(lab.problems).toEqual([]);
    await lab.measure();
    expect(lab.estimate && 'timing' in lab.estimate && lab.estimate.timing).toMatchObject({ batchSize: 32, label: 'plain JavaScript' });
    await lab.fit();
    await expect.poll(() => lab.phase, { timeout: 90_000 }).toBe('finished');
    const s = lab.snapshot!;
    // the confusion matrix counts the worker's own answers: its validation accuracy, exactly
    expect(lab.evaluation!.total).toBe(2000);
    expect(lab.evaluation!.correct / 2000).toBeCloseTo(s.history.valAccuracy[0], 6);
    expect(s.history.valAccuracy[0]).toBeGreaterThan(0.5);

    const filters = lab.filters;
    expect(filters).toHaveLength(4);
    expect(filters[0].slices).toHaveLength(1);
    expect(filters[0].slices[0]).toHaveLength(9);
    // kernel [3, 3, 1, 4]: filter 2's weight at row 1, column 0 sits at ((1 * 3 + 0) * 1 + 0) * 4 + 2
    expect(filters[2].slices[0][3]).toBe(lab.trained!.weights[0].data[14]);

    const digit = data.test.x.slice(0, 784);
    const { views } = await lab.inside(digit);
    expect(views.map((v) => v.title)).toEqual([
      'Layer 1, Conv2D: 4 maps of 28 × 28',
      'Layer 2, MaxPooling2D: 4 maps of 14 × 14',
      'The output layer, Dense(10, softmax): the probabilities'
    ]);
    for (const v of views.slice(0, 2)) {
      const maxima = v.maps.map((m) => m.max);
      expect(maxima).toEqual([...maxima].sort((a, b) => b - a));
    }
    // pooling keeps each map's largest value: the two layers' maps have the same maxima, channel by channel
    const byChannel = (i: number) => [...views[i].maps].sort((a, b) => a.channel - b.channel).map((m) => m.max);
    expect(byChannel(1)).toEqual(byChannel(0));
    expect(Array.from(views[2].units!)).toEqual(Array.from(await lab.predict(digit)));
    lab.dispose();
  });

  it('says when the full set fails to load and offers the small one', async () => {
    const { MnistStandardLoadError } = await import('../../src/lib/datasets/mnistStandard');
    const lab = new MnistLab({
      seed: 3,
      loadData: async (dataset) => {
        if (dataset === 'standard') throw new MnistStandardLoadError('data/mnist-standard.bin', 'the server answered 404 Not Found');
        return data;
      },
      workerFactory: inProcessWorker,
      config: { ...config({ epochs: 1 }), dataset: 'standard', trainingSize: 1000 }
    });
    await lab.fit();
    expect(lab.phase).toBe('failed');
    expect(lab.digits.failure).toEqual({
      dataset: 'standard',
      message: 'The full MNIST (60,000 training + 10,000 test digits) could not be loaded from data/mnist-standard.bin: the server answered 404 Not Found.',
      fallback: 'small'
    });
    lab.setDataset('small');
    expect(lab.config.trainingSize).toBe(1000);
    await lab.fit();
    expect(lab.digits.failure).toBeNull();
    await expect.poll(() => lab.phase, { timeout: 60_000 }).toBe('finished');
    lab.dispose();
  });
});
