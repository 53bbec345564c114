/**
 * What a model says about itself: summary() in Keras 3's layout with Keras's parameter
 * counts, toKerasCode() as runnable Python (checked by eye and with Python's parser, then
 * fixed here), and weights through JSON, with every malformed file refused for its reason.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/lib/engine/tensor';
import { conv2d } from '../../src/lib/models/layers/conv2d';
import { dense } from '../../src/lib/models/layers/dense';
import { flatten } from '../../src/lib/models/layers/flatten';
import { maxPooling2d } from '../../src/lib/models/layers/maxPooling2d';
import { adam, sgd } from '../../src/lib/models/optimizers';
import { sequential } from '../../src/lib/models/sequential';
import { parseWeightsJson, typedWeightsJson } from '../../src/lib/models/weightsJson';

const t = (values: number[], shape: number[]): Tensor => ({ data: Float32Array.from(values), shape });

function mlp() {
  const m = sequential([dense(128, 'relu', { inputShape: [784] }), dense(10, 'softmax')]);
  m.compile({ optimizer: sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function cnn() {
  const m = sequential([
    conv2d(8, 3, { padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
    maxPooling2d({ poolSize: 2 }),
    conv2d(16, 3, { strides: 2, activation: 'relu' }),
    flatten(),
    dense(10, 'softmax')
  ]);
  m.compile({ optimizer: adam(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

describe('summary()', () => {
  it('784-128-10: 100,480 + 1,290 = 101,770 parameters, as Keras counts them', () => {
    expect(mlp().summary()).toBe(
      [
        'Model: "sequential"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ dense (Dense)                   │ (None, 128)            │       100,480 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 101,770 (397.54 KB)',
        ' Trainable params: 101,770 (397.54 KB)',
        ' Non-trainable params: 0 (0.00 B)'
      ].join('\n')
    );
  });

  it('a CNN: conv 3·3·1·8 + 8 = 80, conv 3·3·8·16 + 16 = 1,168, dense 576·10 + 10 = 5,770', () => {
    const lines = cnn().summary().split('\n');
    expect(lines.filter((l) => l.startsWith('│'))).toEqual([
      '│ conv2d (Conv2D)                 │ (None, 28, 28, 8)      │            80 │',
      '│ max_pooling2d (MaxPooling2D)    │ (None, 14, 14, 8)      │             0 │',
      '│ conv2d_1 (Conv2D)               │ (None, 6, 6, 16)       │         1,168 │',
      '│ flatten (Flatten)               │ (None, 576)            │             0 │',
      '│ dense (Dense)                   │ (None, 10)             │         5,770 │'
    ]);
    expect(lines).toContain(' Total params: 7,018 (27.41 KB)');
  });
});

describe('toKerasCode()', () => {
  it('the MNIST MLP, with the data loaded by Keras', () => {
    expect(mlp().toKerasCode({ data: 'mnist', epochs: 1, batchSize: 32 })).toBe(`import numpy as np
import keras
from keras import layers

# 1. Define
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

# 2. Compile
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.1),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.summary()

# 3. Fit
# MNIST: 60,000 training and 10,000 test digits,
# 28×28 grey levels 0..255, scaled to 0..1
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape((-1, 784)).astype("float32") / 255
x_test = x_test.reshape((-1, 784)).astype("float32") / 255
model.fit(
    x_train,
    y_train,
    epochs=1,
    batch_size=32,
    validation_data=(x_test, y_test),
)

# 4. Predict
model.evaluate(x_test, y_test)
probabilities = model.predict(x_test[:1])[0]
print("reads", probabilities.argmax(), "- the label is", y_test[0])
`);
  });

  it('a CNN with Adam and stand-in data of the right shapes', () => {
    const code = cnn().toKerasCode();
    expect(code).toContain(`model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, (3, 3), padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Conv2D(16, (3, 3), strides=(2, 2), activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])`);
    expect(code).toContain('optimizer=keras.optimizers.Adam(learning_rate=0.001),');
    expect(code).toContain('x_train = rng.random((256, 28, 28, 1), dtype="float32")');
    expect(code).toContain('y_train = keras.utils.to_categorical(rng.integers(0, 10, size=(256,)), 10)');
  });

  it('XOR with a learner\'s activation, momentum, the data written out and the last fit\'s settings', async () => {
    const leaky = { name: 'leaky relu', f: (z: number) => (z > 0 ? z : 0.1 * z), df: (z: number) => (z > 0 ? 1 : 0.1), python: 'keras.ops.maximum(0.1 * x, x)' };
    const m = sequential([dense(2, leaky, { inputShape: [2] }), dense(1, 'sigmoid')]);
    m.compile({ optimizer: sgd({ learningRate: 0.5, momentum: 0.9 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = t([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
    const y = t([0, 1, 1, 0], [4, 1]);
    await m.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false });
    const code = m.toKerasCode({ data: { x, y } });
    expect(code).toContain('def leaky_relu(x):\n    return keras.ops.maximum(0.1 * x, x)\n');
    expect(code).toContain('layers.Dense(2, activation=leaky_relu),');
    expect(code).toContain('optimizer=keras.optimizers.SGD(learning_rate=0.5, momentum=0.9),');
    expect(code).toContain('x_train = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")');
    expect(code).toContain('y_train = np.array([[0], [1], [1], [0]], dtype="float32")');
    expect(code.trimEnd().split('\n').slice(-4)).toEqual(['model.fit(x_train, y_train, epochs=3, batch_size=4, shuffle=False)', '', '# 4. Predict', 'print(model.predict(x_train))']);
  });

  it('refuses a learner\'s activation without a Python form rather than write code that cannot run', () => {
    const m = sequential([dense(2, { name: 'mine', f: (z) => z, df: () => 1 }, { inputShape: [2] })]);
    expect(() => m.toKerasCode()).toThrow(`the activation 'mine' has no Python form`);
  });
});

describe('weights as JSON', () => {
  function small(seed = 1) {
    return sequential([conv2d(2, 2, { inputShape: [3, 3, 1] }), flatten(), dense(2, 'softmax')], { seed });
  }

  it('round-trips exactly, in Keras layout (conv kernel [kh, kw, inC, outC], dense kernel [in, out])', () => {
    const a = small(1);
    const b = small(2);
    expect(b.getWeights()[0].data).not.toEqual(a.getWeights()[0].data);
    b.fromJSON(JSON.stringify(a));
    expect(b.getWeights()).toEqual(a.getWeights());
    expect(a.getWeights().map((w) => w.shape)).toEqual([[2, 2, 1, 2], [2], [8, 2], [2]]);
  });

  it('describes given weights with their arrays as they are, and reads that typed form back as it reads a file', () => {
    const a = small(1);
    const b = small(2);
    const typed = typedWeightsJson(b, a.getWeights());
    expect(typed.layers.map((l) => l.weights.map((w) => w.values instanceof Float32Array))).toEqual([[true, true], [], [true, true]]);
    expect({ ...typed, layers: typed.layers.map((l) => ({ ...l, weights: l.weights.map((w) => ({ ...w, values: Array.from(w.values) })) })) }).toEqual(JSON.parse(JSON.stringify(a)));
    expect(parseWeightsJson(b, structuredClone(typed))).toEqual(a.getWeights());
    expect(() => typedWeightsJson(b, a.getWeights().slice(0, 3))).toThrow('toJSON: weight array 4 is missing');
    expect(() => typedWeightsJson(b, [...a.getWeights(), t([1], [1])])).toThrow('toJSON: 5 weight arrays for a model of 4');
    const broken = structuredClone(typed);
    broken.layers[0].weights[1].values[1] = Infinity;
    expect(() => parseWeightsJson(b, broken)).toThrow('value 1 of conv2d bias is Infinity, not a finite number');
  });

  it('rejects each kind of bad file with its reason, leaving the weights as they were', () => {
    const m = small(1);
    const before = m.getWeights();
    const good = () => JSON.parse(JSON.stringify(m));
    const cases: [unknown, string][] = [
      ['{"format": "nn-ladder/weights", ', 'malformed JSON'],
      [{ hello: 1 }, 'not a weights file'],
      [{ ...good(), version: 2 }, 'unsupported version 2'],
      [{ ...good(), inputShape: [4, 4, 1] }, "the file's input shape is [4, 4, 1], the model's [3, 3, 1]"],
      [{ ...good(), layers: good().layers.slice(0, 2) }, 'the file has 2 layers, the model has 3'],
      [(() => { const j = good(); j.layers[2].className = 'Conv2D'; return j; })(), 'layer 3 (dense) is Dense in the model but Conv2D in the file'],
      [(() => { const j = good(); j.layers[0].weights.pop(); return j; })(), 'layer 1 (conv2d) has 2 weight arrays in the model but 1 in the file'],
      [(() => { const j = good(); j.layers[2].weights[0].shape = [2, 8]; return j; })(), 'dense kernel is [8, 2] in the model but [2, 8] in the file'],
      [(() => { const j = good(); j.layers[2].weights[1].values.push(0); return j; })(), 'dense bias has 3 values for shape [2] (2 needed)'],
      [(() => { const j = good(); j.layers[0].weights[0].values[3] = null; return j; })(), 'value 3 of conv2d kernel is null, not a finite number'],
      [(() => { const j = good(); j.layers[0].weights[1].values[0] = Infinity; return j; })(), 'value 0 of conv2d bias is Infinity, not a finite number']
    ];
    for (const [json, reason] of cases) {
      expect(() => m.fromJSON(json), reason).toThrow(reason);
      expect(m.getWeights()).toEqual(before);
    }
  });

  it('setWeights checks count, shapes and finiteness', () => {
    const m = small(1);
    const w = m.getWeights();
    expect(() => m.setWeights(w.slice(1))).toThrow('the model has 4 weight arrays, got 3');
    expect(() => m.setWeights([t([0, 0], [2]), ...w.slice(1)])).toThrow('conv2d kernel must be [2, 2, 1, 2], got [2]');
    expect(() => m.setWeights([w[0], t([NaN, 0], [2]), w[2], w[3]])).toThrow('conv2d bias value 0 is NaN');
  });
});
