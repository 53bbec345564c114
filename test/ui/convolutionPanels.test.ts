import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { steps } from '../../chapters/05-convolution/steps';
import type { Step } from '../../src/lib/chapters/types';
import { readMnist, type MnistImages } from '../../src/lib/datasets/mnist';
import { digitPlane } from '../../src/lib/sim/convolution/digits';
import { KERNEL_PRESETS } from '../../src/lib/sim/convolution/kernels';
import { mapChoices } from '../../src/lib/sim/convolution/mapChoices';
import ChannelsPanel from '../../src/lib/ui/panels/ChannelsPanel.svelte';
import FilterPanel from '../../src/lib/ui/panels/FilterPanel.svelte';
import PaddingStridePanel from '../../src/lib/ui/panels/PaddingStridePanel.svelte';
import PoolingPanel from '../../src/lib/ui/panels/PoolingPanel.svelte';

let images: MnistImages;
beforeAll(async () => {
  // read by path: under jsdom import.meta.url is not a file URL, so mnistNode cannot find the asset
  images = await readMnist(readFileSync(new URL('../../src/static/data/mnist.bin', `file://${__filename}`)));
});
afterEach(() => cleanup());

function step(id: string): Step {
  const spec = steps.find((s) => s.id === id)!;
  return { ...spec, index: steps.indexOf(spec), title: id, html: '' };
}

function mount(component: typeof FilterPanel, id: string, search = '', carried?: unknown) {
  const links: string[] = [];
  const onsolved = vi.fn();
  const onstate = vi.fn();
  render(component, { props: { step: step(id), seed: 42, search, carried, onsolved, onstate, onlink: (s: string) => links.push(s), loadDigits: async () => images } });
  // without WebGL or a 2D canvas (jsdom), the stage says in words what it would draw
  const picture = () => screen.getAllByRole('img').find((el) => el.classList.contains('fallback'))?.getAttribute('aria-label') ?? '';
  return { links, onsolved, onstate, picture };
}

describe('What a filter sees', { timeout: 60_000 }, () => {
  it('asks which map the kernel makes, slides it by keyboard to the end, and says the answer was right', async () => {
    const user = userEvent.setup();
    const { onsolved, onstate, picture, links } = mount(FilterPanel, 'filter');
    const { answer } = await mapChoices(digitPlane(images, 7010), KERNEL_PRESETS.vertical.values, 42);
    const letter = 'ABC'[answer];
    await screen.findByRole('group', { name: 'Which of these three maps did this kernel make?' }, { timeout: 15_000 });
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: new RegExp(`Map ${letter}`) }));
    screen.getByRole('button', { name: 'Lock in my answer' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getByText(`You picked map ${letter}.`, { exact: false })).toBeInTheDocument();

    screen.getByRole('button', { name: 'Next position' }).focus();
    await user.keyboard('{Enter}{Enter}');
    await waitFor(() => expect(picture()).toContain('2 of 676 output pixels done'), { timeout: 15_000 });
    expect(picture()).toMatch(/for output row 1, column 2\. Products: .*; their sum is /);
    expect(links.at(-1)).toBe('?digit=7010&at=2');
    expect(onsolved).toHaveBeenLastCalledWith(false);

    screen.getByRole('button', { name: 'Finish the map' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByText(`Right: the kernel made map ${letter}`, { exact: false })).toBeInTheDocument());
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(onstate).toHaveBeenLastCalledWith({ digit: 7010, kernel: KERNEL_PRESETS.vertical.values });
  });

  it('lets a weight be typed, and the map follows without asking again', async () => {
    const user = userEvent.setup();
    const { links, picture } = mount(FilterPanel, 'filter', '?digit=7010&at=10');
    await waitFor(() => expect(picture()).toContain('10 of 676'), { timeout: 15_000 });
    const cell = screen.getByRole('spinbutton', { name: 'Weight, middle row, centre' });
    await user.clear(cell);
    await user.type(cell, '2');
    await user.tab();
    // a key the link already had keeps its place
    await waitFor(() => expect(links.at(-1)).toBe('?digit=7010&at=10&kernel=1_0_-1_1_2_-1_1_0_-1'));
    expect(screen.getByRole('combobox', { name: 'Kernel' })).toHaveValue('own');
    expect(screen.getByRole('button', { name: 'Next position' })).toBeEnabled();
  });

  it('opens a shared link as it was, and names what it could not read', async () => {
    const { picture } = mount(FilterPanel, 'filter', '?digit=7020&kernel=blur&at=100&pick=3&speed=32');
    await waitFor(() => expect(picture()).toContain('100 of 676 output pixels done'), { timeout: 15_000 });
    expect(picture()).toContain('for output row 1, column 4');
    expect(screen.getByRole('combobox', { name: 'Kernel' })).toHaveValue('blur');
    expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveValue('32');
    expect(screen.getByRole('img', { name: /^Handwritten 7, example \d+ of \d+$/ })).toBeInTheDocument();
    cleanup();
    mount(FilterPanel, 'filter', '?digit=ten&kernel=1_2_3&speed=3');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent("The link had an unreadable value for 'digit'; using 7010.");
    expect(alert).toHaveTextContent("The link had an unreadable value for 'kernel'; using vertical.");
    expect(alert).toHaveTextContent("The link had an unreadable value for 'speed'; using 4.");
    await screen.findByRole('group', { name: 'Which of these three maps did this kernel make?' }, { timeout: 15_000 });
    expect(screen.getByRole('combobox', { name: 'Kernel' })).toHaveValue('vertical');
  });
});

describe('Padding and stride', { timeout: 60_000 }, () => {
  it('pads by TensorFlow’s rule, from the keyboard, and writes the view into the link', async () => {
    const user = userEvent.setup();
    const { onsolved, picture, links } = mount(PaddingStridePanel, 'padding-stride', '', { digit: 7010, kernel: 'sobel-x' });
    await waitFor(() => expect(picture()).toContain('(1 above, 1 below, 1 left, 1 right), making a 28×28 map'), { timeout: 15_000 });
    expect(screen.getByRole('combobox', { name: 'Kernel' })).toHaveValue('sobel-x');
    expect(onsolved).toHaveBeenLastCalledWith(false);
    screen.getByRole('radio', { name: /1: every position/ }).focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: /2: every other/ })).toBeChecked();
    await waitFor(() => expect(picture()).toContain('(0 above, 1 below, 0 left, 1 right), making a 14×14 map'), { timeout: 15_000 });
    expect(screen.getByRole('img', { name: /plus 0 plus 1 minus 3\) over 2, plus 1, which is 14/ })).toBeInTheDocument();
    expect(screen.getByText('The odd pixel goes after')).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(links.at(-1)).toBe('?digit=7010&kernel=sobel-x&stride=2');
  });

  it('restores padding and stride from a link', async () => {
    const { picture } = mount(PaddingStridePanel, 'padding-stride', '?digit=7010&padding=valid&stride=2&at=7');
    await waitFor(() => expect(picture()).toContain('no padding, making a 13×13 map; 7 of 169'), { timeout: 15_000 });
    expect(screen.getByRole('radio', { name: /'valid': none/ })).toBeChecked();
    expect(screen.getByRole('img', { name: /which is 13/ })).toBeInTheDocument();
  });
});

describe('Channels and many filters', { timeout: 60_000 }, () => {
  it('keeps one to six filters, counts weights against dense, and shows the pieces of a second-layer map', async () => {
    const user = userEvent.setup();
    const { onsolved, links, picture } = mount(ChannelsPanel, 'channels');
    await waitFor(() => expect(picture()).toContain('goes through 3 filters'), { timeout: 15_000 });
    const row = (i: number) => {
      const r = within(screen.getAllByRole('row')[i]);
      return [r.getByRole('rowheader').textContent, ...r.getAllByRole('cell').map((c) => c.textContent)];
    };
    expect(row(1)).toEqual(['128×28×1 → 26×26×3', '30', (784 * 2028 + 2028).toLocaleString('en')]);
    expect(row(2)).toEqual(['226×26×3 → 24×24×2', '56', (2028 * 1152 + 1152).toLocaleString('en')]);
    for (const name of ['Identity', 'Sharpen', 'Sobel, vertical edges']) await user.click(screen.getByRole('checkbox', { name }));
    expect(screen.getByRole('checkbox', { name: 'Sobel, horizontal edges' })).toBeDisabled();
    await waitFor(() => expect(picture()).toContain('kernel of shape [3, 3, 6, 2]'), { timeout: 15_000 });
    const second = screen.getByRole('group', { name: 'Second layer: how many filters' });
    await user.click(within(second).getByRole('radio', { name: '4' }));
    await waitFor(() => expect(picture()).toContain('kernel of shape [3, 3, 6, 4]'), { timeout: 15_000 });
    expect(onsolved).toHaveBeenLastCalledWith(false);
    await user.click(within(screen.getByRole('group', { name: 'Look at second-layer map' })).getByRole('radio', { name: '3' }));
    await waitFor(() => expect(screen.getAllByRole('img', { name: /through its slice of the kernel$/ })).toHaveLength(6));
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(links.at(-1)).toBe('?digit=7010&filters=identity_blur_sharpen_vertical_horizontal_sobel-x&maps=4&pick=2');
  });

  it('restores the layers from a link and refuses an impossible one', async () => {
    const { picture } = mount(ChannelsPanel, 'channels', '?filters=sobel-y&maps=1&pick=0');
    await waitFor(() => expect(picture()).toContain('goes through 1 filters (kernel [3, 3, 1, 1])'), { timeout: 15_000 });
    expect(screen.getByRole('checkbox', { name: 'Sobel, horizontal edges' })).toBeDisabled();
    expect(picture()).toContain('Selected: second-layer map 1');
    cleanup();
    mount(ChannelsPanel, 'channels', '?filters=a_b&maps=7');
    expect(screen.getByRole('alert')).toHaveTextContent("The link had an unreadable value for 'filters'; using vertical_horizontal_blur.");
    expect(screen.getByRole('alert')).toHaveTextContent("The link had an unreadable value for 'maps'; using 2.");
  });
});

describe('Pooling and shifting', { timeout: 60_000 }, () => {
  it('pools a whole map from the keyboard, moves the digit and compares what each layer sees', async () => {
    const user = userEvent.setup();
    const { onsolved, links, picture } = mount(PoolingPanel, 'pooling', '', { digit: 7010, kernel: 'vertical' });
    await waitFor(() => expect(picture()).toContain('A 2×2 max-pooling window slides with stride 2 over a 28×28'), { timeout: 15_000 });
    screen.getByRole('button', { name: 'Finish the map' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(picture()).toContain('196 of 196 output pixels done'), { timeout: 15_000 });
    await user.click(screen.getByRole('radio', { name: 'down' }));
    // jsdom does not step a range by its arrow keys; the browser does, and says it through aria-valuetext
    await fireEvent.input(screen.getByRole('slider', { name: /By 0 pixels/ }), { target: { value: '2' } });
    expect(screen.getByRole('slider', { name: /By 2 pixels/ })).toHaveAttribute('aria-valuetext', '2 pixels down');
    expect(await screen.findByText(/^Moved 2 pixels down: the pixels match the unmoved digit 45%, the map pooled once 88%, pooled twice 91%\.$/)).toBeInTheDocument();
    expect(onsolved).toHaveBeenLastCalledWith(true);
    expect(links.at(-1)).toBe('?digit=7010&at=196&shift=2&dir=down');
  });
});
