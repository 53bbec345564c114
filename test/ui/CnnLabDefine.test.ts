/**
 * The define stage of chapter 5's lab, in the panel as the page mounts it: the layer
 * list with every kind, a change refused in words (and the control put back), the
 * presets with their Keras code and summary(), Adadelta's own rate, and the lab read
 * from and written to the page's address.
 */
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/05-convolution/steps';
import type { Step } from '../../src/lib/chapters/types';
import MnistLabPanel from '../../src/lib/ui/panels/MnistLabPanel.svelte';
import { inProcessWorker } from '../sim/training/inProcessWorker';

const spec = steps.find((s) => s.id === 'cnn-lab')!;
const step: Step = { ...spec, index: steps.indexOf(spec), title: 'lab', html: '' };
afterEach(() => cleanup());

function mount(search = '') {
  const onlink = vi.fn();
  const loadData = vi.fn(async () => {
    throw new Error('no digits in this test');
  });
  render(MnistLabPanel, { props: { step, seed: 3, workerFactory: inProcessWorker, loadData, search, onlink } });
  const code = () => screen.getByLabelText('The same model in Python Keras: Python code');
  return { onlink, loadData, code };
}

describe("chapter 5's lab: define", { timeout: 60_000 }, () => {
  it('starts from the small ConvNetJS network and offers every kind of layer', () => {
    const { code, loadData } = mount();
    expect(screen.getByRole('button', { name: 'Small ConvNetJS network' })).toHaveAttribute('aria-pressed', 'true');
    for (const kind of ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense']) expect(screen.getByRole('button', { name: `Add a ${kind} layer` })).toBeEnabled();
    expect(code()).toHaveTextContent('layers.Conv2D(16, (5, 5), padding="same", activation="relu"), layers.MaxPooling2D(pool_size=(3, 3)), layers.Flatten(),');
    expect(screen.getByText('model.summary(): 5,994 parameters')).toBeInTheDocument();
    expect(screen.getByText('→ 4 × 4 × 16')).toBeInTheDocument();
    // the full set is fetched when the lab asks for it, not on arrival
    expect(loadData).not.toHaveBeenCalled();
  });

  it('refuses a change that breaks a shape, names the layer and the shapes, and puts the control back', async () => {
    const user = userEvent.setup();
    const { code, onlink } = mount();
    const pool = screen.getByLabelText('Layer 4, MaxPooling2D: pool');
    await user.selectOptions(screen.getByLabelText('Layer 1, Conv2D: stride'), '2');
    await user.selectOptions(screen.getByLabelText('Layer 3, Conv2D: stride'), '3');
    expect(screen.getByText('→ 3 × 3 × 16, 3,216 weights')).toBeInTheDocument();
    await user.selectOptions(pool, '4');
    expect(screen.getByRole('alert')).toHaveTextContent(
      "Layer 4, MaxPooling2D: a 4 × 4 pool does not fit its 3 × 3 × 16 input with 'valid' padding"
    );
    expect(pool).toHaveValue('3');
    expect(code()).toHaveTextContent('layers.MaxPooling2D(pool_size=(3, 3)),');
    // a Dense layer is added at the end, after the Flatten, where it fits
    await user.click(screen.getByRole('button', { name: 'Add a Dense layer' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(code()).toHaveTextContent('layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax"),');
    expect(onlink).toHaveBeenLastCalledWith('?layers=conv-8-5-2-same-relu_pool-2-2-valid_conv-16-5-3-same-relu_pool-3-3-valid_flatten_dense-64-relu');
  });

  it("Keras's mnist_cnn preset: its layers, Adadelta at 1.0, one-hot targets, batches of 128", async () => {
    const user = userEvent.setup();
    const { code } = mount();
    await user.click(screen.getByRole('button', { name: "Keras's mnist_cnn example" }));
    expect(code()).toHaveTextContent(
      'layers.Conv2D(32, (3, 3), activation="relu"), layers.Conv2D(64, (3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)), ' +
        'layers.Dropout(0.25), layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dropout(0.5), layers.Dense(10, activation="softmax"),'
    );
    expect(code()).toHaveTextContent('optimizer=keras.optimizers.Adadelta(learning_rate=1.0),');
    expect(screen.getByText('model.summary(): 1,199,882 parameters')).toBeInTheDocument();
    expect(screen.getByLabelText('Optimizer')).toHaveValue('adadelta');
    expect(screen.getByLabelText('Batch size')).toHaveValue('128');
    // a model past the size limit is refused with its parameter count
    const units = screen.getByLabelText('Layer 6, Dense: units');
    await user.clear(units);
    await user.type(units, '512');
    expect(screen.getByRole('alert')).toHaveTextContent(/^That model would have 4,\d{3},\d{3} weights and biases; the lab trains models up to 3,000,000/);
    expect(code()).toHaveTextContent('layers.Dense(51, activation="relu"),');
  });

  it('opens as its link describes, and says when a link cannot be built', () => {
    mount('?layers=conv-4-3-2-valid-tanh_flatten&opt=sgd&lr=0.05&momentum=0.9&epochs=2');
    expect(screen.getByLabelText('Layer 1, Conv2D: activation')).toHaveValue('tanh');
    expect(screen.getByLabelText('Optimizer')).toHaveValue('sgd');
    expect(screen.getByLabelText('Momentum')).toHaveValue(0.9);
    expect(screen.getByLabelText('Epochs')).toHaveValue(2);
    cleanup();
    mount('?layers=flatten_conv-4-3-1-same-relu');
    expect(screen.getByRole('alert')).toHaveTextContent("The link's layers cannot be built (Layer 2, Conv2D takes images");
    expect(screen.getByRole('button', { name: 'Small ConvNetJS network' })).toHaveAttribute('aria-pressed', 'true');
  });
});
