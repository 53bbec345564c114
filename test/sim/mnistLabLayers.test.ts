/**
 * The lab's layer stack as data: the shape every layer gives, the edits that keep it a
 * model Keras would build and the ones refused (naming the layer and the shapes), the
 * size limit, its place in the page's address, and the two presets, whose Keras code
 * must be the layers of the examples they come from.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/lib/models/modelSpec';
import { configFromLink, formatLayers, labLink, linkFromConfig, parseLayers } from '../../src/lib/sim/links/mnistLabLink';
import { addLayer, changeLayer, moveLayer, removeLayer, stackRefusal, stackShapes, type Edit, type LabLayer } from '../../src/lib/sim/mnistLabLayers';
import { configProblems, labMirror, labModelSpec, labPresets, labVariants, withPreset, type MnistLabConfig } from '../../src/lib/sim/mnistLabSpec';
import { linkSearch, readLink } from '../../src/lib/sim/urlState';

const convnetjs = labPresets.find((p) => p.id === 'convnetjs')!;
const kerasCnn = labPresets.find((p) => p.id === 'keras-mnist-cnn')!;
const cnn = (layers: LabLayer[]): MnistLabConfig => ({ ...structuredClone(labVariants.cnn.defaults), layers });
const layersOf = (edit: Edit) => {
  if ('refusal' in edit) throw new Error(`refused: ${edit.refusal}`);
  return edit.layers;
};
const refusalOf = (edit: Edit) => ('refusal' in edit ? edit.refusal : null);

/** The `layers.X(...)` lines of the model in Keras code, normalised to compare with an example's. */
function kerasLayers(code: string): string[] {
  return [...code.matchAll(/^ {4}layers\.(.+),$/gm)].map((m) => m[1]);
}

describe('the shapes of a stack', () => {
  it('follow each layer, with the weights of each, as summary() counts them', () => {
    const s = stackShapes(convnetjs.config.layers);
    if ('refusal' in s) throw new Error(s.refusal);
    expect(s.shapes).toEqual([[28, 28, 8], [14, 14, 8], [14, 14, 16], [4, 4, 16], [256], [10]]);
    expect(s.params).toEqual([208, 0, 3216, 0, 0, 2570]);
    expect(s.total).toBe(buildModel(labModelSpec(withPreset(cnn([]), convnetjs), 1)).countParams());
    const k = stackShapes(kerasCnn.config.layers);
    if ('refusal' in k) throw new Error(k.refusal);
    expect(k.shapes).toEqual([[26, 26, 32], [24, 24, 64], [12, 12, 64], [12, 12, 64], [9216], [128], [128], [10]]);
    expect(k.total).toBe(1_199_882);
  });

  it('refuse a pool larger than its input, naming the layer and the shapes', () => {
    const layers: LabLayer[] = [
      { type: 'conv2d', filters: 4, kernelSize: 5, strides: 3, padding: 'valid', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 4, strides: 4, padding: 'valid' },
      { type: 'maxPooling2d', poolSize: 3, strides: 3, padding: 'valid' },
      { type: 'flatten' }
    ];
    expect(stackRefusal(layers)).toBe(
      "Layer 3, MaxPooling2D: a 3 × 3 pool does not fit its 2 × 2 × 4 input with 'valid' padding (choose 'same', a smaller window, or fewer layers that shrink the picture before it)."
    );
    // 'same' pads instead: the same pool then fits
    expect(stackRefusal(layers.map((l, i) => (i === 2 ? { ...l, padding: 'same' } : l)))).toBeNull();
  });

  it('refuse a Dense layer before the Flatten, and images after it', () => {
    expect(stackRefusal([{ type: 'dense', units: 32, activation: 'relu' }, { type: 'flatten' }])).toBe(
      'Layer 1, Dense takes a flat list of numbers, but its input is 28 × 28 × 1: put a Flatten before it.'
    );
    expect(stackRefusal([{ type: 'flatten' }, { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }])).toBe(
      'Layer 2, Conv2D takes images (height × width × channels), but its input is 784 numbers: put it before the Flatten.'
    );
    expect(stackRefusal([{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }])).toBe(
      'The output layer, Dense(10, softmax) takes a flat list of numbers, but its input is 28 × 28 × 4: put a Flatten before it.'
    );
  });

  it('refuse a model over the size limit, with its parameter count', () => {
    const big = kerasCnn.config.layers.map((l) => (l.type === 'dense' ? { ...l, units: 1024 } : l));
    expect(stackRefusal(big)).toBe(
      'That model would have 9,467,274 weights and biases; the lab trains models up to 3,000,000 in a browser. ' +
        'Use fewer filters or units, or shrink the picture (pooling, a stride) before the Flatten.'
    );
  });
});

describe('edits', () => {
  it('add a layer as late as it fits: a Conv2D before the Flatten, a Dense at the end', () => {
    const start = labVariants.mlp.defaults.layers;
    const withConv = layersOf(addLayer(start, 'conv2d'));
    expect(withConv.map((l) => l.type)).toEqual(['conv2d', 'flatten', 'dense']);
    expect(layersOf(addLayer(withConv, 'dense')).map((l) => l.type)).toEqual(['conv2d', 'flatten', 'dense', 'dense']);
    expect(layersOf(addLayer(withConv, 'maxPooling2d')).map((l) => l.type)).toEqual(['conv2d', 'maxPooling2d', 'flatten', 'dense']);
  });

  it('refuse a move or a removal that breaks a shape, and leave the stack as it was', () => {
    const layers = structuredClone(convnetjs.config.layers);
    expect(refusalOf(moveLayer(layers, 4, -1))).toMatch(/^Layer 5, MaxPooling2D takes images \(height × width × channels\), but its input is 3,136 numbers: put it before the Flatten.$/);
    expect(refusalOf(removeLayer(layers, 4))).toMatch(/^The output layer, Dense\(10, softmax\) takes a flat list of numbers, but its input is 4 × 4 × 16/);
    expect(layers).toEqual(convnetjs.config.layers);
    expect(layersOf(moveLayer(layers, 0, 1)).map((l) => l.type)).toEqual(['maxPooling2d', 'conv2d', 'conv2d', 'maxPooling2d', 'flatten']);
  });

  it('refuse a change of options that leaves no valid shape, and let a half-typed number through for the form to flag', () => {
    const layers = structuredClone(convnetjs.config.layers);
    expect(refusalOf(changeLayer(layers, 3, { poolSize: 4 }))).toBeNull();
    const valid = layersOf(changeLayer(layers, 2, { padding: 'valid', strides: 3, kernelSize: 7 }));
    expect(stackShapes(valid)).toMatchObject({ shapes: [[28, 28, 8], [14, 14, 8], [3, 3, 16], [1, 1, 16], [16], [10]] });
    expect(refusalOf(changeLayer(valid, 3, { poolSize: 4 }))).toBe(
      "Layer 4, MaxPooling2D: a 4 × 4 pool does not fit its 3 × 3 × 16 input with 'valid' padding (choose 'same', a smaller window, or fewer layers that shrink the picture before it)."
    );
    const typed = layersOf(changeLayer(layers, 0, { filters: 0 }));
    expect(configProblems(cnn(typed))).toEqual(['Layer 1, Conv2D: filters must be a whole number from 1 to 128.']);
  });
});

describe('the presets', () => {
  it("the ConvNetJS network: conv 8@5×5 same relu, pool 2, conv 16@5×5 same relu, pool 3, dense 10 softmax", () => {
    const mirror = labMirror(withPreset(cnn([]), convnetjs), 42);
    // ConvNetJS's mnist demo: {conv sx:5 filters:8 pad:2 relu}, {pool sx:2 stride:2}, {conv sx:5 filters:16 pad:2 relu}, {pool sx:3 stride:3}, {softmax 10}
    expect(kerasLayers(mirror.code)).toEqual([
      'Conv2D(8, (5, 5), padding="same", activation="relu")',
      'MaxPooling2D(pool_size=(2, 2))',
      'Conv2D(16, (5, 5), padding="same", activation="relu")',
      'MaxPooling2D(pool_size=(3, 3))',
      'Flatten()',
      'Dense(10, activation="softmax")'
    ]);
    expect(mirror.params).toBe(5_994);
  });

  it("Keras's mnist_cnn: its layers, Adadelta and one-hot targets, as examples/mnist_cnn.py has them", () => {
    const mirror = labMirror({ ...withPreset(cnn([]), kerasCnn), epochs: 12 }, 42);
    // the example's own lines (input_shape aside, num_classes = 10), quotes and the kernel_size keyword normalised
    const example = [
      "Conv2D(32, kernel_size=(3, 3), activation='relu')",
      "Conv2D(64, (3, 3), activation='relu')",
      'MaxPooling2D(pool_size=(2, 2))',
      'Dropout(0.25)',
      'Flatten()',
      "Dense(128, activation='relu')",
      'Dropout(0.5)',
      "Dense(10, activation='softmax')"
    ].map((line) => line.replace('kernel_size=', '').replaceAll("'", '"'));
    expect(kerasLayers(mirror.code)).toEqual(example);
    expect(mirror.code).toContain('optimizer=keras.optimizers.Adadelta(learning_rate=1.0),');
    expect(mirror.code).toContain('loss="categorical_crossentropy",');
    expect(mirror.code).toContain('model.fit(\n    x_train,\n    y_train,\n    epochs=12,\n    batch_size=128,\n    validation_data=(x_test, y_test),\n)');
    expect(mirror.summary).toContain('Total params: 1,199,882');
  });
});

describe('the lab in the address', () => {
  it('writes layers as words and reads them back', () => {
    const text = formatLayers(kerasCnn.config.layers);
    expect(text).toBe('conv-32-3-1-valid-relu_conv-64-3-1-valid-relu_pool-2-2-valid_dropout-0.25_flatten_dense-128-relu_dropout-0.5');
    expect(parseLayers(text)).toEqual(kerasCnn.config.layers);
    expect(parseLayers('')).toEqual([]);
    for (const bad of ['conv-8-5-1-same', 'pool-2-2-round', 'dense-12-soft', 'dropout-1.5', 'flatten-1', 'lstm-4', 'dense-1e3-relu']) expect(parseLayers(bad)).toBeUndefined();
  });

  it("keeps only what differs from the step's own start, through urlState's one reader and writer", () => {
    const defaults = labVariants.cnn.defaults;
    const config: MnistLabConfig = { ...withPreset(defaults, kerasCnn), epochs: 2, dataset: 'small', trainingSize: 8000 };
    const search = linkSearch(labLink, linkFromConfig(defaults, config), 'seed=7');
    expect(search).toBe(
      '?seed=7&layers=conv-32-3-1-valid-relu_conv-64-3-1-valid-relu_pool-2-2-valid_dropout-0.25_flatten_dense-128-relu_dropout-0.5' +
        '&opt=adadelta&lr=1&loss=onehot&epochs=2&batch=128&digits=small&train=8000'
    );
    const { values, problems } = readLink(labLink, search);
    expect(problems).toEqual([]);
    expect(configFromLink(defaults, values)).toEqual(config);
    expect(linkSearch(labLink, linkFromConfig(defaults, defaults))).toBe('');
  });

  it('drops an unreadable value with a sentence, and the step keeps its own', () => {
    const { values, problems } = readLink(labLink, 'layers=conv-8&opt=rmsprop&lr=0&batch=100');
    expect(problems).toHaveLength(4);
    expect(problems[1]).toBe("The link's 'opt=rmsprop' could not be read (the MNIST lab's optimizer: sgd, adam, adadelta); the step's own is used.");
    expect(problems.map((p) => p.match(/'(\w+)=/)?.[1])).toEqual(['layers', 'opt', 'lr', 'batch']);
    expect(configFromLink(labVariants.mlp.defaults, values)).toEqual(labVariants.mlp.defaults);
  });
});
