import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MnistImages } from '../../src/lib/datasets/mnist';
import { KERNEL_PRESETS } from '../../src/lib/sim/convolution/kernels';
import { convolutionSlide, slideGeometry } from '../../src/lib/sim/convolution/slide';
import { SlidePlayer } from '../../src/lib/sim/convolution/SlidePlayer.svelte';
import DigitPicker from '../../src/lib/ui/convolution/DigitPicker.svelte';
import DigitsStatus from '../../src/lib/ui/convolution/DigitsStatus.svelte';
import KernelEditor from '../../src/lib/ui/convolution/KernelEditor.svelte';
import LinkProblems from '../../src/lib/ui/LinkProblems.svelte';
import MapChoice from '../../src/lib/ui/convolution/MapChoice.svelte';
import MapImage from '../../src/lib/ui/convolution/MapImage.svelte';
import OutputSizeFormula from '../../src/lib/ui/convolution/OutputSizeFormula.svelte';
import ShiftTable from '../../src/lib/ui/convolution/ShiftTable.svelte';
import SlideControls from '../../src/lib/ui/convolution/SlideControls.svelte';
import SlideStage from '../../src/lib/ui/convolution/SlideStage.svelte';

afterEach(() => cleanup());

const plane = (rows: number, f: (i: number) => number) => ({ rows, cols: rows, values: Float32Array.from({ length: rows * rows }, (_, i) => f(i)) });

describe('KernelEditor', () => {
  it('picks a preset, takes a typed weight and nudges the selected cell, all by keyboard', async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(KernelEditor, { props: { values: KERNEL_PRESETS.vertical.values, onchange } });
    expect(screen.getByText(/left minus right/)).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kernel' }), 'blur');
    expect(onchange).toHaveBeenLastCalledWith(KERNEL_PRESETS.blur.values);
    const cell = screen.getByRole('spinbutton', { name: 'Weight, bottom row, left' });
    await user.clear(cell);
    await user.type(cell, '-2.5');
    await user.tab();
    expect(onchange).toHaveBeenLastCalledWith([1, 0, -1, 1, 0, -1, -2.5, 0, -1]);
    // the cell with the focus is the one the buttons change: Tab went on to the bottom centre
    expect(screen.getByText('bottom row, centre')).toBeInTheDocument();
    screen.getByRole('button', { name: 'Selected weight plus 0.1' }).focus();
    await user.keyboard('{Enter}');
    expect(onchange).toHaveBeenLastCalledWith([1, 0, -1, 1, 0, -1, 1, 0.1, -1]);
  });

  it('keeps weights within ±9 and names a kernel of one’s own', () => {
    const onchange = vi.fn();
    render(KernelEditor, { props: { values: [0, 0, 0, 0, 2, 0, 0, 0, 0], onchange } });
    expect(screen.getByRole('combobox', { name: 'Kernel' })).toHaveValue('own');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Weight, top row, right' }), { target: { value: '40' } });
    expect(onchange).toHaveBeenLastCalledWith([0, 0, 9, 0, 2, 0, 0, 0, 0]);
  });
});

describe('SlideControls', () => {
  it('steps, scrubs, finishes and sets the speed of a real player', async () => {
    const user = userEvent.setup();
    const player = new SlidePlayer({ length: 676 });
    render(SlideControls, { props: { player, valueText: (c: number) => `${c} done` } });
    screen.getByRole('button', { name: 'Next position' }).focus();
    await user.keyboard('{Enter}{Enter}{Enter}');
    expect(player.cursor).toBe(3);
    await user.click(screen.getByRole('button', { name: 'Back one position' }));
    expect(player.cursor).toBe(2);
    await fireEvent.input(screen.getByRole('slider', { name: 'Position' }), { target: { value: '500' } });
    expect(player.cursor).toBe(500);
    expect(screen.getByRole('slider', { name: 'Position' })).toHaveAttribute('aria-valuetext', '500 done');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '100');
    expect(player.speed).toBe(100);
    await user.click(screen.getByRole('button', { name: 'Finish the map' }));
    expect(player.finished).toBe(true);
    expect(screen.getByRole('button', { name: 'Next position' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Replay' })).toBeEnabled();
    player.destroy();
  });
});

describe('SlideStage', () => {
  it('says in words which window the player shows, and follows the player', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    const digit = plane(28, (i) => (i % 28 === 13 ? 1 : 0));
    const slide = await convolutionSlide(digit, KERNEL_PRESETS.vertical.values, 1, 'valid');
    const player = new SlidePlayer({ length: 676, cursor: 14 });
    render(SlideStage, { props: { slide, player, titles: { name: 'digit', input: 'digit, 28 × 28', output: 'map, 26 × 26' } } });
    const picture = await screen.findByRole('img', { name: /14 of 676 output pixels done/ }, { timeout: 20_000 });
    // the window over columns 14 to 16 (1-based) sees the stroke in its left column: 1 × 1 three times
    expect(picture.getAttribute('aria-label')).toContain('for output row 1, column 14. Products: 1.00 × 1, 0 × 0, 0 × −1');
    expect(picture.getAttribute('aria-label')).toContain('their sum is 3.00');
    await user.click(screen.getByRole('button', { name: 'Next position' }));
    expect(await screen.findByRole('img', { name: /15 of 676 output pixels done/ })).toBeInTheDocument();
    player.destroy();
  });
});

describe('MapChoice', () => {
  const choices = {
    options: [
      { kernel: 'blur' as const, map: plane(4, () => 0.5) },
      { kernel: null, map: plane(4, (i) => i - 8) },
      { kernel: 'horizontal' as const, map: plane(4, (i) => (i < 8 ? 1 : -1)) }
    ],
    answer: 1
  };

  it('waits for a choice, then tells whether it was right only when the map is complete', async () => {
    const user = userEvent.setup();
    const oncommit = vi.fn();
    const { rerender } = render(MapChoice, { props: { choices, prediction: undefined, oncommit, revealed: false } });
    expect(screen.getByRole('button', { name: 'Lock in my answer' })).toBeDisabled();
    screen.getByRole('radio', { name: /Map A/ }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: /Map B/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Lock in my answer' }));
    expect(oncommit).toHaveBeenCalledWith(1);
    await rerender({ choices, prediction: 1, oncommit, revealed: false });
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    await rerender({ choices, prediction: 1, oncommit, revealed: true });
    expect(screen.getByRole('status')).toHaveTextContent('Right: the kernel made map B');
    await rerender({ choices, prediction: 2, oncommit, revealed: true });
    expect(screen.getByRole('status')).toHaveTextContent('Not this one: map C came from horizontal edges. The kernel made map B.');
  });

  it('can be skipped', async () => {
    const oncommit = vi.fn();
    render(MapChoice, { props: { choices, prediction: undefined, oncommit, revealed: false } });
    await userEvent.click(screen.getByRole('button', { name: 'Skip and just run' }));
    expect(oncommit).toHaveBeenCalledWith(null);
  });
});

describe('DigitPicker', () => {
  const images: MnistImages = { n: 5, rows: 28, cols: 28, labels: Uint8Array.from([3, 3, 5, 3, 5]), pixels: new Uint8Array(5 * 784) };

  it('flips through one class’s examples and jumps to another class', async () => {
    const user = userEvent.setup();
    const onchange = vi.fn();
    render(DigitPicker, { props: { images, digit: 1, onchange } });
    expect(screen.getByRole('img', { name: 'Handwritten 3, example 2 of 3' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next example of a 3' }));
    expect(onchange).toHaveBeenLastCalledWith(3);
    await user.click(screen.getByRole('button', { name: 'Previous example of a 3' }));
    expect(onchange).toHaveBeenLastCalledWith(0);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Digit' }), '5');
    expect(onchange).toHaveBeenLastCalledWith(2);
    expect(within(screen.getByRole('combobox', { name: 'Digit' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['3', '5']);
  });
});

describe('the smaller pieces', () => {
  it('OutputSizeFormula writes the engine’s numbers into the formula', () => {
    render(OutputSizeFormula, { props: { n: 28, geometry: slideGeometry(28, 28, 3, 2, 'same') } });
    expect(screen.getByRole('img', { name: 'o equals the floor of (28 plus 0 plus 1 minus 3) over 2, plus 1, which is 14' })).toBeInTheDocument();
    expect(screen.getByText('The odd pixel goes after')).toBeInTheDocument();
  });

  it('ShiftTable marks the chosen shift and writes each match as a percentage', () => {
    const matches = [0, 1, 2, 3].map((amount) => ({ amount, pixels: 1 - amount / 4, pooled: 1 - amount / 8, pooledTwice: 1 }));
    render(ShiftTable, { props: { matches, amount: 1 } });
    const cells = within(screen.getAllByRole('row')[2]).getAllByRole('cell');
    expect(cells.map((c) => c.textContent?.trim())).toEqual(['100%', '88%', '75%', '63%']);
    expect(cells[1]).toHaveClass('current');
  });

  it('LinkProblems says every problem until dismissed; DigitsStatus says the digits are loading, or could not be', async () => {
    render(LinkProblems, { props: { problems: ['one', 'two'] } });
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();
    render(DigitsStatus, { props: { error: '' } });
    expect(screen.getByText('Loading the handwritten digits…')).toBeInTheDocument();
    cleanup();
    render(DigitsStatus, { props: { error: 'The handwritten digits could not be loaded (404).' } });
    expect(screen.getByRole('alert')).toHaveTextContent('could not be loaded (404)');
  });

  it('MapImage is a named picture the size of its grid', () => {
    render(MapImage, { props: { rows: 14, cols: 28, values: new Float32Array(392), label: 'a wide map', size: '100px' } });
    const canvas = screen.getByRole('img', { name: 'a wide map' }).querySelector('canvas') as HTMLCanvasElement;
    expect([canvas.width, canvas.height]).toEqual([28, 14]);
    expect(canvas.style.width).toBe('100px');
    expect(canvas.style.height).not.toBe('100px');
  });
});
