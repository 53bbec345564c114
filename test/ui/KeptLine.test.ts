/**
 * The line a lab shows when it took up a network kept in this browser, and Start fresh:
 * in the playground (its epoch counter and the line), the MNIST lab (its Fit button
 * and status) and the activation lab (its last run's sentence), each against an in-memory store holding what an earlier visit kept.
 */
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Step } from '../../src/lib/chapters/types';
import { buildModel } from '../../src/lib/models/modelSpec';
import { activationLabJob, LAB_EPOCHS } from '../../src/lib/sim/activationLab';
import { configKey, KeptWork, type Curves } from '../../src/lib/sim/keep/KeptWork.svelte';
import { labModelSpec, labVariants } from '../../src/lib/sim/mnistLabSpec';
import { DEFAULT_CONFIG } from '../../src/lib/sim/playground/config';
import { playgroundSpec } from '../../src/lib/sim/playground/network';
import ActivationLab from '../../src/lib/ui/ActivationLab.svelte';
import MnistLabPanel from '../../src/lib/ui/panels/MnistLabPanel.svelte';
import PlaygroundPanel from '../../src/lib/ui/panels/PlaygroundPanel.svelte';
import { MemoryStore } from '../sim/keep/memoryStore';
import { inProcessWorker } from '../sim/training/inProcessWorker';

afterEach(() => cleanup());

/** A store holding what an earlier visit kept for `step` trained with `key`, the model `spec`. */
async function earlierVisit(step: string, key: string, spec: Parameters<typeof buildModel>[0], epoch: number, curves: Curves = { train: [0.6, 0.5], test: [0.7, 0.6] }): Promise<MemoryStore> {
  const store = new MemoryStore();
  const kept = new KeptWork(step, Promise.resolve(store));
  kept.save(key, spec, { weights: buildModel({ ...spec, seed: 99 }).getWeights(), epoch, curves });
  await kept.settled();
  return store;
}

const restoredLine = /^Restored the network you trained here on .+, epoch (\d+)\.$/;

describe('the restored line', () => {
  const step: Step = { id: 'playground', scene: 'playground', index: 4, title: 'Playground', html: '' };

  it('says which network the playground took up, and Start fresh clears it', async () => {
    const user = userEvent.setup();
    const store = await earlierVisit('playground', configKey([DEFAULT_CONFIG, 42]), playgroundSpec(DEFAULT_CONFIG, 42), 7);
    const kept = new KeptWork('playground', Promise.resolve(store));
    render(PlaygroundPanel, { props: { step, seed: 42, search: '', workerFactory: inProcessWorker, onlink: () => {}, kept } });
    const line = await screen.findByText(restoredLine);
    expect(line.textContent!.match(restoredLine)![1]).toBe('7');
    expect(screen.getByTestId('epoch')).toHaveTextContent('7');

    await user.click(screen.getByRole('button', { name: 'Start fresh' }));
    expect(screen.queryByText(restoredLine)).toBeNull();
    expect(screen.getByTestId('epoch')).toHaveTextContent('0');
    await expect.poll(() => store.records.size).toBe(0);
  });

  it('shows nothing when the link describes another view than the kept one', async () => {
    const store = await earlierVisit('playground', configKey([DEFAULT_CONFIG, 42]), playgroundSpec(DEFAULT_CONFIG, 42), 7);
    const kept = new KeptWork('playground', Promise.resolve(store));
    render(PlaygroundPanel, { props: { step, seed: 42, search: '?lr=0.3', workerFactory: inProcessWorker, onlink: () => {}, kept } });
    // the same store answers a second reader after the first: once it has, the panel's load has too
    expect(await new KeptWork('playground', Promise.resolve(store)).load(configKey([DEFAULT_CONFIG, 42]), playgroundSpec(DEFAULT_CONFIG, 42))).not.toBeNull();
    expect(screen.queryByText(restoredLine)).toBeNull();
    expect(screen.getByTestId('epoch')).toHaveTextContent('0');
  });

  it('says quietly that nothing is kept when the browser refuses storage, and the lab still trains', async () => {
    const kept = new KeptWork('playground', Promise.reject(new Error('this browser offers no IndexedDB')));
    render(PlaygroundPanel, { props: { step, seed: 42, search: '', workerFactory: inProcessWorker, onlink: () => {}, kept } });
    await screen.findByText(/^This browser does not let the page keep your work \(this browser offers no IndexedDB\)/);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Train one epoch' }));
    await expect.poll(() => screen.getByTestId('epoch').textContent, { timeout: 30_000 }).toBe('1');
  });

  it('in the MNIST lab: the trained model is back, and Start fresh leaves it untrained', async () => {
    const user = userEvent.setup();
    const labStep: Step = { id: 'mnist-lab', scene: 'mnist-lab', index: 6, title: 'Lab', html: '' };
    const config = structuredClone(labVariants.mlp.defaults);
    const store = await earlierVisit('mnist-lab', configKey([config, 42]), labModelSpec(config, 42), 2);
    const kept = new KeptWork('mnist-lab', Promise.resolve(store));
    const never = () => new Promise<never>(() => {});
    render(MnistLabPanel, { props: { step: labStep, seed: 42, search: '', workerFactory: inProcessWorker, loadData: never, onlink: () => {}, kept } });
    const line = await screen.findByText(restoredLine);
    expect(line.textContent!.match(restoredLine)![1]).toBe('2');
    expect(screen.getByRole('button', { name: 'Fit again' })).toBeInTheDocument();
    expect(screen.getByText('Trained on an earlier visit.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Start fresh' }));
    expect(screen.queryByText(restoredLine)).toBeNull();
    expect(screen.getByRole('button', { name: 'Fit' })).toBeInTheDocument();
    expect(screen.getByText('Not trained yet.')).toBeInTheDocument();
    await expect.poll(() => store.records.size).toBe(0);
  });

  it('in the activation lab: the finished run is back with its sentence, and Start fresh clears it', async () => {
    const user = userEvent.setup();
    const losses = Array.from({ length: LAB_EPOCHS }, (_, i) => 0.7 - i * 0.01);
    const accuracy = losses.map(() => 0.75);
    const store = await earlierVisit('activations', configKey(['max(0, x)', 1]), activationLabJob('max(0, x)', 1).model, LAB_EPOCHS, { loss: losses, accuracy });
    const kept = new KeptWork('activations', Promise.resolve(store));
    const results: unknown[] = [];
    render(ActivationLab, { props: { initial: 'max(0, x)', seed: 1, workerFactory: inProcessWorker, kept, ontrained: (r: unknown) => results.push(r) } });
    const line = await screen.findByText(restoredLine);
    expect(line.textContent!.match(restoredLine)![1]).toBe(String(LAB_EPOCHS));
    expect(screen.getByRole('status')).toHaveTextContent(`Done with f(x) = max(0, x): the loss went from 0.700 to ${losses.at(-1)!.toFixed(3)}, and 75% of the points are classified right.`);
    expect(results).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Start fresh' }));
    expect(screen.queryByText(restoredLine)).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    await expect.poll(() => store.records.size).toBe(0);
  });
});
