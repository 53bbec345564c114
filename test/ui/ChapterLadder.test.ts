import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ChapterLadder, { anchorYear } from '../../src/lib/ui/ChapterLadder.svelte';

afterEach(cleanup);

const chapters = [
  { number: 1, slug: 'threshold-logic', title: 'Threshold logic', summary: 'Units that fire.', anchor: 'McCulloch & Pitts, 1943', status: 'ready' as const, href: '/chapter/threshold-logic/intro/' },
  { number: 2, slug: 'perceptron', title: 'The perceptron', summary: 'Weights that learn.', anchor: 'Rosenblatt, 1957', status: 'coming' as const }
];

describe('ChapterLadder', () => {
  it('lists every chapter with its number, year, title and summary', () => {
    render(ChapterLadder, { props: { chapters } });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('1943');
    expect(within(items[0]).getByRole('heading', { level: 2 })).toHaveTextContent('Chapter 1: Threshold logic');
    expect(items[1]).toHaveTextContent('Weights that learn.');
  });

  it('links a ready chapter and marks one not built as coming, without a link', () => {
    render(ChapterLadder, { props: { chapters } });
    expect(screen.getByRole('link', { name: 'Threshold logic' })).toHaveAttribute('href', '/chapter/threshold-logic/intro/');
    const coming = screen.getAllByRole('listitem')[1];
    expect(within(coming).queryByRole('link')).toBeNull();
    expect(coming).toHaveTextContent('coming');
  });

  it('reads the year from an anchor', () => {
    expect(anchorYear('Rumelhart, Hinton & Williams, 1986')).toBe('1986');
    expect(anchorYear('LeCun 1989/1998')).toBe('1998');
    expect(anchorYear('no year')).toBeUndefined();
  });
});
