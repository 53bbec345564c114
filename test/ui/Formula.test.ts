import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Formula from '../../src/lib/ui/Formula.svelte';

afterEach(cleanup);

describe('Formula', () => {
  it('typesets TeX with KaTeX, with MathML for screen readers', () => {
    const { container } = render(Formula, { props: { tex: '\\sum_i w_i x_i \\ge \\theta' } });
    expect(container.querySelector('.katex')).not.toBeNull();
    expect(container.querySelector('math annotation')?.textContent).toBe('\\sum_i w_i x_i \\ge \\theta');
    expect(container.querySelector('.katex-html')?.textContent).toContain('θ');
    expect(container.querySelector('.katex-display')).toBeNull();
  });

  it('displays a formula on its own line when asked', () => {
    const { container } = render(Formula, { props: { tex: 'a \\wedge b', display: true } });
    expect(container.querySelector('div.formula .katex-display')).not.toBeNull();
  });

  it('speaks a label instead of the formula when one is given', () => {
    render(Formula, { props: { tex: '0 + 1 \\ge 2', label: 'zero plus one is not at least two' } });
    const img = screen.getByRole('img', { name: 'zero plus one is not at least two' });
    expect(img.querySelector('math')).toBeNull();
  });

  it('shows the source of a formula KaTeX cannot read instead of failing', () => {
    const { container } = render(Formula, { props: { tex: '\\frac{1}' } });
    const code = container.querySelector('code.formula-error');
    expect(code?.textContent).toBe('\\frac{1}');
    expect(code?.getAttribute('title')).toMatch(/KaTeX parse error/);
  });
});
