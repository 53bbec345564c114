import { describe, expect, it } from 'vitest';
import { chapters, createLadder, getChapter, loadChapters, stepHref, type ProseFiles, type StepFiles } from '../../src/lib/chapters/loader';
import { parseFrontmatter } from '../../src/lib/chapters/parseChapter';
import type { StepSpec } from '../../src/lib/chapters/types';

const front = (title: string, status = 'ready') =>
  `---\ntitle: ${title}\nsummary: "What ${title} teaches: a summary."\nanchor: Someone, 1900\nstatus: ${status}\n---\n`;

const spec = (id: string): StepSpec => ({ id, scene: 'threshold-unit' });

/** Two ready chapters given out of order, one coming chapter between them. */
function fixture(): { prose: ProseFiles; steps: StepFiles } {
  return {
    prose: {
      '/chapters/03-later/index.md': `${front('Later')}\n## first: The first of later\n\nMore.\n`,
      '/chapters/01-gates/index.md':
        `${front('Gates')}\nWhy gates.\n\n## and: The AND gate\n\nBoth inputs: $a \\wedge b$.\n\n` +
        `## or: The OR gate\n\nEither input.\n\n$$\ny = [a + b \\ge 1]\n$$\n\n## not: NOT\n\nA price of $5 and $10 stays text.\n`,
      '/chapters/02-soon/index.md': front('Soon', 'coming')
    },
    steps: {
      '/chapters/03-later/steps.ts': { steps: [spec('first')] },
      '/chapters/01-gates/steps.ts': { steps: [spec('and'), spec('or'), spec('not')] }
    }
  };
}

describe('loadChapters', () => {
  it('orders chapters by folder number and reads the frontmatter', () => {
    const { prose, steps } = fixture();
    const all = loadChapters(prose, steps);
    expect(all.map((c) => [c.number, c.slug, c.status])).toEqual([
      [1, 'gates', 'ready'],
      [2, 'soon', 'coming'],
      [3, 'later', 'ready']
    ]);
    expect(all[0].summary).toBe('What Gates teaches: a summary.');
    expect(all[0].anchor).toBe('Someone, 1900');
    expect(all[1].steps).toEqual([]);
  });

  it('gives each step its title, index and prose, typesetting formulas at load time', () => {
    const [gates] = loadChapters(fixture().prose, fixture().steps);
    expect(gates.steps.map((s) => [s.index, s.id, s.title])).toEqual([
      [0, 'and', 'The AND gate'],
      [1, 'or', 'The OR gate'],
      [2, 'not', 'NOT']
    ]);
    expect(gates.intro).toBe('<p>Why gates.</p>');
    expect(gates.steps[0].html).toContain('class="katex"');
    expect(gates.steps[0].html).not.toContain('$');
    expect(gates.steps[1].html).toContain('class="math-display"');
    expect(gates.steps[1].html).toContain('katex-display');
    expect(gates.steps[2].html).toBe('<p>A price of $5 and $10 stays text.</p>');
  });

  it('keeps what steps.ts says about each step', () => {
    const prose = { '/chapters/01-a/index.md': `${front('A')}## s: S\n\nText.\n` };
    const steps = { '/chapters/01-a/steps.ts': { steps: [{ id: 's', scene: 'x', start: { a: 1 }, goal: 'and' }] } };
    const [chapter] = loadChapters(prose, steps);
    expect(chapter.steps[0]).toMatchObject({ scene: 'x', start: { a: 1 }, goal: 'and' });
  });

  it('reports a step that has no prose', () => {
    const { prose, steps } = fixture();
    steps['/chapters/01-gates/steps.ts'] = { steps: [spec('and'), spec('or'), spec('not'), spec('xor')] };
    expect(() => loadChapters(prose, steps)).toThrow(/chapters\/01-gates: steps.ts has a step "xor" but index.md has no section/);
  });

  it('reports a prose heading that has no step', () => {
    const { prose, steps } = fixture();
    steps['/chapters/01-gates/steps.ts'] = { steps: [spec('and'), spec('not')] };
    expect(() => loadChapters(prose, steps)).toThrow(/index.md has a section "## or: The OR gate" but steps.ts has no step "or"/);
  });

  it('reports prose and steps in different orders, duplicates and malformed headings', () => {
    const { prose, steps } = fixture();
    steps['/chapters/01-gates/steps.ts'] = { steps: [spec('or'), spec('and'), spec('not')] };
    expect(() => loadChapters(prose, steps)).toThrow(/orders the steps and, or, not but steps.ts orders them or, and, not/);
    steps['/chapters/01-gates/steps.ts'] = { steps: [spec('and'), spec('and')] };
    expect(() => loadChapters(prose, steps)).toThrow(/lists step "and" twice/);
    const bad = { '/chapters/01-a/index.md': `${front('A')}## Just a heading\n` };
    expect(() => loadChapters(bad, {})).toThrow(/is not a step heading/);
  });

  it('rejects bad frontmatter, a bad folder name, a ready chapter without steps and a broken formula', () => {
    expect(() => loadChapters({ '/chapters/01-a/index.md': '# no frontmatter' }, {})).toThrow(/must start with frontmatter/);
    expect(() => loadChapters({ '/chapters/01-a/index.md': '---\ntitle: A\n---\n' }, {})).toThrow(/lacks "summary"/);
    expect(() => loadChapters({ '/chapters/01-a/index.md': front('A', 'maybe') }, {})).toThrow(/status "maybe"/);
    expect(() => loadChapters({ '/chapters/first/index.md': front('A') }, {})).toThrow(/folder name must be NN-slug/);
    expect(() => loadChapters({ '/chapters/01-a/index.md': front('A') }, {})).toThrow(/a ready chapter needs at least one step/);
    const broken = { '/chapters/01-a/index.md': `${front('A')}## s: S\n\n$\\frac{1}$\n` };
    expect(() => loadChapters(broken, { '/chapters/01-a/steps.ts': { steps: [spec('s')] } })).toThrow(/step "s": cannot typeset/);
  });

  it('does not mistake a ## inside fenced code for a step heading', () => {
    const prose = { '/chapters/01-a/index.md': `${front('A')}## s: S\n\n\`\`\`python\n## a comment\n\`\`\`\n` };
    const [chapter] = loadChapters(prose, { '/chapters/01-a/steps.ts': { steps: [spec('s')] } });
    expect(chapter.steps[0].html).toContain('## a comment');
  });
});

describe('createLadder', () => {
  const ladder = createLadder(loadChapters(fixture().prose, fixture().steps));

  it('finds chapters and steps, and answers undefined for unknown ones', () => {
    expect(ladder.getChapter('gates')?.title).toBe('Gates');
    expect(ladder.getStep('gates', 'or')?.title).toBe('The OR gate');
    expect(ladder.getChapter('nope')).toBeUndefined();
    expect(ladder.getStep('gates', 'nope')).toBeUndefined();
    expect(ladder.getStep('nope', 'and')).toBeUndefined();
  });

  it('links prev and next within a chapter', () => {
    const { prev, next } = ladder.neighbours('gates', 'or');
    expect(prev).toMatchObject({ slug: 'gates', id: 'and', title: 'The AND gate', href: '/chapter/gates/and/' });
    expect(next).toMatchObject({ slug: 'gates', id: 'not', href: '/chapter/gates/not/' });
  });

  it('crosses to the next ready chapter at a chapter end, skipping chapters still coming', () => {
    expect(ladder.neighbours('gates', 'and').prev).toBeUndefined();
    expect(ladder.neighbours('gates', 'not').next).toMatchObject({ slug: 'later', id: 'first', chapterTitle: 'Later' });
    expect(ladder.neighbours('later', 'first').prev).toMatchObject({ slug: 'gates', id: 'not' });
    expect(ladder.neighbours('later', 'first').next).toBeUndefined();
    expect(ladder.neighbours('gates', 'nope')).toEqual({});
  });

  it('lists every visitable step for prerendering, and only metadata in chapters', () => {
    expect(ladder.allSteps().map((s) => s.href)).toEqual(['/chapter/gates/and/', '/chapter/gates/or/', '/chapter/gates/not/', '/chapter/later/first/']);
    expect(Object.keys(ladder.chapters[0]).sort()).toEqual(['anchor', 'number', 'slug', 'status', 'summary', 'title']);
  });
});

describe('the chapters of this repository', () => {
  it('are five, numbered 1 to 5, each with a title, summary and anchor year', () => {
    expect(chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    for (const chapter of chapters) {
      expect(chapter.title.length).toBeGreaterThan(0);
      expect(chapter.summary.length).toBeGreaterThan(40);
      expect(chapter.anchor).toMatch(/\b(19|20)\d\d\b/);
    }
    // a ready chapter has steps
    for (const chapter of chapters) {
      const full = getChapter(chapter.slug);
      if (chapter.status === 'ready') expect(full?.steps.length).toBeGreaterThan(0);
    }
    expect(getChapter('convolution')?.status).toBe('ready');
    expect(getChapter('convolution')?.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['filter', 'padding-stride', 'channels', 'pooling']));
    expect(stepHref('threshold-logic', 'and')).toBe('/chapter/threshold-logic/and/');
  });
});

describe('parseFrontmatter', () => {
  it('reads quoted and unquoted values and returns the body', () => {
    const parsed = parseFrontmatter('---\na: one: two\nb: "say \\"hi\\""\nc: \'it\'\'s\'\n---\nbody\n');
    expect(parsed).toEqual({ fields: { a: 'one: two', b: 'say "hi"', c: "it's" }, body: 'body\n' });
    expect(() => parseFrontmatter('---\nnot a field\n---\n')).toThrow(/unreadable frontmatter line/);
  });
});
