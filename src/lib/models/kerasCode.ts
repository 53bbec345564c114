/**
 * The model as Python Keras code a learner can run as written, in the four stages the
 * labs follow: define (the Sequential model with its Input), compile, fit on the same
 * digits, and predict. What the simulator teaches then carries over to Keras (and,
 * through it, to TensorFlow on many machines).
 */
import type { Tensor } from '$lib/engine/tensor';
import { pythonName, type CustomActivation } from './activations';
import { kerasLossNames } from './losses';
import type { SequentialModel } from './sequentialTypes';

/** Which MNIST digits a run used, so the Python trains on the same ones. */
export interface MnistDigits {
  /** the first this many training digits; default all 60,000 */
  training?: number;
  /**
   * A set drawn from the first `of` training digits alone: shuffled with `seed`, the last
   * `test` of them kept for testing (the order differs from ours: NumPy's generator is not ours).
   */
  subset?: { of: number; test: number; seed: number };
}

export interface KerasCodeOptions {
  /**
   * Where the Python gets its data: 'mnist' (or which of its digits) loads
   * keras.datasets.mnist; { x, y } writes the samples out (for small data such as XOR);
   * left out, seeded random data of the right shapes stands in, so the code still runs.
   */
  data?: 'mnist' | { mnist: MnistDigits } | { x: Tensor; y: Tensor };
  /** default: what the last fit used, else 1 */
  epochs?: number;
  /** default: what the last fit used, else 32 */
  batchSize?: number;
}

const indent = '    ';

function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** float32 values printed short: 0.1, not 0.10000000149011612 */
function pythonValue(v: number): string {
  return String(Number(v.toPrecision(7)));
}

/** A tensor as a nested Python list. */
function nestedList(t: Tensor, format: (v: number) => string): string {
  const walk = (axis: number, offset: number): string => {
    if (axis === t.shape.length) return format(t.data[offset]);
    const stride = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const items = Array.from({ length: t.shape[axis] }, (_, i) => walk(axis + 1, offset + i * stride));
    return `[${items.join(', ')}]`;
  };
  return walk(0, 0);
}

function customActivations(model: SequentialModel): string[] {
  const seen = new Map<string, CustomActivation>();
  for (const layer of model.layers) {
    const act = layer.activation;
    if (act && typeof act !== 'string') seen.set(pythonName(act.name), act);
  }
  return [...seen].map(([name, act]) => {
    if (!act.python) {
      throw new Error(`toKerasCode: the activation '${act.name}' has no Python form: give it python: "an expression in x over keras.ops"`);
    }
    return `def ${name}(x):\n${indent}return ${act.python}\n`;
  });
}

const count = (n: number): string => n.toLocaleString('en-US');

function mnistLines(digits: MnistDigits, reshape: string): string[] {
  const scale = [`x_train = x_train${reshape}`, `x_test = x_test${reshape}`];
  const { subset, training } = digits;
  if (subset) {
    const keep = subset.of - subset.test;
    const n = Math.min(training ?? keep, keep);
    return [
      `# MNIST: ${count(n)} digits to train on and ${count(subset.test)} to test,`,
      `# all from the first ${count(subset.of)} training digits, split at random`,
      "# (as the lab's digits are, though not the same split);",
      '# 28×28 grey levels 0..255, scaled to 0..1',
      '(x_all, y_all), _ = keras.datasets.mnist.load_data()',
      `order = np.random.default_rng(${subset.seed}).permutation(${subset.of})`,
      `x_train, y_train = x_all[order[:${n}]], y_all[order[:${n}]]`,
      `x_test, y_test = x_all[order[${keep}:]], y_all[order[${keep}:]]`,
      ...scale
    ];
  }
  const n = Math.min(training ?? 60_000, 60_000);
  return [
    n < 60_000 ? `# MNIST: the first ${count(n)} of its 60,000 training digits and all 10,000 test digits,` : '# MNIST: 60,000 training and 10,000 test digits,',
    '# 28×28 grey levels 0..255, scaled to 0..1',
    '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
    ...(n < 60_000 ? [`x_train, y_train = x_train[:${n}], y_train[:${n}]`] : []),
    ...scale
  ];
}

interface DataLines {
  lines: string[];
  validation: string;
  /** the stage-4 lines: the trained model's answer for a sample */
  predict: string[];
}

function dataLines(model: SequentialModel, data: KerasCodeOptions['data'], classes: number): DataLines {
  const loss = model.compileConfig?.loss;
  const input = model.inputShape as readonly number[];
  const oneHot = loss === 'categoricalCrossentropy';
  if (data === 'mnist' || (data && 'mnist' in data)) {
    if (loss !== 'sparseCategoricalCrossentropy' && loss !== 'categoricalCrossentropy') {
      throw new Error(`toKerasCode: MNIST has 10 classes: compile with a categorical cross-entropy, not ${loss}`);
    }
    const lines = mnistLines(data === 'mnist' ? {} : data.mnist, `.reshape((-1, ${input.join(', ')})).astype("float32") / 255`);
    if (oneHot) lines.push('y_train = keras.utils.to_categorical(y_train, 10)', 'y_test = keras.utils.to_categorical(y_test, 10)');
    return {
      lines,
      validation: 'validation_data=(x_test, y_test)',
      predict: [
        'model.evaluate(x_test, y_test)',
        'probabilities = model.predict(x_test[:1])[0]',
        `print("reads", probabilities.argmax(), "- the label is", ${oneHot ? 'y_test[0].argmax()' : 'y_test[0]'})`
      ]
    };
  }
  if (data) {
    const label = loss === 'sparseCategoricalCrossentropy';
    return {
      lines: [
        `x_train = np.array(${nestedList(data.x, pythonValue)}, dtype="float32")`,
        `y_train = np.array(${nestedList(data.y, label ? (v) => String(Math.round(v)) : pythonValue)}${label ? '' : ', dtype="float32"'})`
      ],
      validation: '',
      predict: ['print(model.predict(x_train))']
    };
  }
  const n = 256;
  const out = model.layers[model.layers.length - 1].outputShape;
  const yLine =
    loss === 'sparseCategoricalCrossentropy'
      ? `y_train = rng.integers(0, ${classes}, size=(${n},))`
      : oneHot
        ? `y_train = keras.utils.to_categorical(rng.integers(0, ${classes}, size=(${n},)), ${classes})`
        : loss === 'binaryCrossentropy'
          ? `y_train = rng.integers(0, 2, size=${pythonTuple([n, ...out])}).astype("float32")`
          : `y_train = rng.random(${pythonTuple([n, ...out])}, dtype="float32")`;
  return {
    lines: [
      '# stand-in data of the right shapes: replace it with your own',
      'rng = np.random.default_rng(0)',
      `x_train = rng.random(${pythonTuple([n, ...input])}, dtype="float32")`,
      yLine
    ],
    validation: '',
    predict: ['print(model.predict(x_train[:1]))']
  };
}

export function kerasCode(model: SequentialModel, options: KerasCodeOptions = {}): string {
  const lines = ['import numpy as np', 'import keras', 'from keras import layers', ''];
  const defs = customActivations(model);
  if (defs.length) lines.push(...defs.flatMap((d) => [d]), '');
  lines.push('# 1. Define', 'model = keras.Sequential([');
  if (model.inputShape) lines.push(`${indent}keras.Input(shape=${pythonTuple(model.inputShape)}),`);
  for (const layer of model.layers) lines.push(`${indent}${layer.kerasCode()},`);
  lines.push('])');

  const c = model.compileConfig;
  if (!c) {
    lines.push('model.summary()');
    return lines.join('\n') + '\n';
  }
  lines.push(
    '',
    '# 2. Compile',
    'model.compile(',
    `${indent}optimizer=${c.optimizer.kerasCode()},`,
    `${indent}loss="${kerasLossNames[c.loss]}",`,
    ...(c.metrics.length ? [`${indent}metrics=[${c.metrics.map((m) => `"${m}"`).join(', ')}],`] : []),
    ')',
    'model.summary()'
  );
  if (!model.inputShape) return lines.join('\n') + '\n';

  const out = model.layers[model.layers.length - 1].outputShape;
  const { lines: data, validation, predict } = dataLines(model, options.data, out[out.length - 1]);
  const epochs = options.epochs ?? model.lastFit?.epochs ?? 1;
  const batchSize = options.batchSize ?? model.lastFit?.batchSize ?? 32;
  const fitArgs = ['x_train', 'y_train', `epochs=${epochs}`, `batch_size=${batchSize}`];
  if (model.lastFit && !model.lastFit.shuffle) fitArgs.push('shuffle=False');
  if (validation) fitArgs.push(validation);
  lines.push('', '# 3. Fit', ...data, ...pythonCall('model.fit', fitArgs), '', '# 4. Predict', ...predict);
  return lines.join('\n') + '\n';
}

/**
 * A call on one line while it is short enough to read beside a picture without scrolling,
 * else one argument a line, as model.compile is written.
 */
function pythonCall(name: string, args: readonly string[]): string[] {
  const line = `${name}(${args.join(', ')})`;
  return line.length <= 72 ? [line] : [`${name}(`, ...args.map((arg) => `${indent}${arg},`), ')'];
}
