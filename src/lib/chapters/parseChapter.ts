/**
 * One chapter folder (index.md + the `steps` of steps.ts) to a Chapter. Every way the
 * two can disagree is an error naming the folder and the step, so an author finds it
 * at build time rather than a learner at run time.
 */
import { renderMarkdown } from './markdown';
import type { Chapter, ChapterStatus, Step, StepSpec } from './types';

export class ChapterError extends Error {
  constructor(folder: string, message: string) {
    super(`chapters/${folder}: ${message}`);
    this.name = 'ChapterError';
  }
}

const folderPattern = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const stepIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `## and: The AND gate` */
const stepHeadingPattern = /^##[ \t]+([^:\n]+?)[ \t]*:[ \t]*(.+?)[ \t]*#*[ \t]*$/;
const statuses: readonly ChapterStatus[] = ['ready', 'coming'];
const requiredKeys = ['title', 'summary', 'anchor', 'status'] as const;

/** Folder name `01-threshold-logic` to its place on the ladder and its slug. */
export function parseFolderName(folder: string): { number: number; slug: string } | undefined {
  const match = folderPattern.exec(folder);
  return match ? { number: Number(match[1]), slug: match[2] } : undefined;
}

/**
 * The smallest frontmatter this project needs: `key: value` lines between `---` fences,
 * values optionally in single or double quotes. Returns the fields and the body after it.
 */
export function parseFrontmatter(source: string): { fields: Record<string, string>; body: string } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const line of match[1].split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const field = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!field) throw new Error(`unreadable frontmatter line "${line}" (expected "key: value")`);
    fields[field[1]] = unquote(field[2]);
  }
  return { fields, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(value);
  if (!quoted) return value;
  return quoted[1] === '"' ? quoted[2].replace(/\\"/g, '"').replace(/\\\\/g, '\\') : quoted[2].replace(/''/g, "'");
}

interface Section {
  id: string;
  title: string;
  markdown: string;
}

/** Splits the body at `## id: Title` headings, skipping fenced code where `##` is not a heading. */
function splitSections(folder: string, body: string): { intro: string; sections: Section[] } {
  const intro: string[] = [];
  const open: { id: string; title: string; lines: string[] }[] = [];
  let current = intro;
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const fenceMatch = /^\s*(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1];
      else if (fenceMatch[1].startsWith(fence)) fence = null;
    }
    if (fence === null && /^##[ \t]/.test(line)) {
      const heading = stepHeadingPattern.exec(line);
      if (!heading) throw new ChapterError(folder, `index.md heading "${line}" is not a step heading "## step-id: Title"`);
      const [, id, title] = heading;
      if (!stepIdPattern.test(id)) throw new ChapterError(folder, `step id "${id}" must be lower-case letters, digits and single hyphens`);
      current = [];
      open.push({ id, title, lines: current });
    } else {
      current.push(line);
    }
  }
  if (fence !== null) throw new ChapterError(folder, `index.md has a code fence ${fence} that is never closed`);
  const sections = open.map(({ id, title, lines }) => ({ id, title, markdown: lines.join('\n').trim() }));
  return { intro: intro.join('\n').trim(), sections };
}

/** Compares the step ids of steps.ts with the headings of index.md; the first disagreement wins. */
function checkAgreement(folder: string, specs: readonly StepSpec[], sections: readonly Section[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!stepIdPattern.test(spec.id)) throw new ChapterError(folder, `steps.ts step id "${spec.id}" must be lower-case letters, digits and single hyphens`);
    if (seen.has(spec.id)) throw new ChapterError(folder, `steps.ts lists step "${spec.id}" twice`);
    seen.add(spec.id);
  }
  const headed = new Set<string>();
  for (const section of sections) {
    if (headed.has(section.id)) throw new ChapterError(folder, `index.md has two sections "## ${section.id}: …"`);
    headed.add(section.id);
    if (!seen.has(section.id)) throw new ChapterError(folder, `index.md has a section "## ${section.id}: ${section.title}" but steps.ts has no step "${section.id}"`);
  }
  for (const spec of specs) {
    if (!headed.has(spec.id)) throw new ChapterError(folder, `steps.ts has a step "${spec.id}" but index.md has no section "## ${spec.id}: Title"`);
  }
  const proseOrder = sections.map((s) => s.id).join(', ');
  const stepOrder = specs.map((s) => s.id).join(', ');
  if (proseOrder !== stepOrder) throw new ChapterError(folder, `index.md orders the steps ${proseOrder} but steps.ts orders them ${stepOrder}`);
}

/**
 * Builds a chapter from its folder name, the text of its index.md and the steps its
 * steps.ts exports (undefined when it has none, as a chapter still `coming` may).
 */
export function parseChapter(folder: string, markdown: string, specs: readonly StepSpec[] | undefined): Chapter {
  const place = parseFolderName(folder);
  if (!place) throw new ChapterError(folder, 'folder name must be NN-slug, e.g. 01-threshold-logic');
  let front: ReturnType<typeof parseFrontmatter>;
  try {
    front = parseFrontmatter(markdown);
  } catch (error) {
    throw new ChapterError(folder, `index.md ${(error as Error).message}`);
  }
  if (!front) throw new ChapterError(folder, 'index.md must start with frontmatter between --- lines');
  const { fields, body } = front;
  for (const key of requiredKeys) {
    if (!fields[key]) throw new ChapterError(folder, `index.md frontmatter lacks "${key}"`);
  }
  const status = fields.status as ChapterStatus;
  if (!statuses.includes(status)) throw new ChapterError(folder, `index.md status "${fields.status}" must be one of ${statuses.join(', ')}`);
  if (specs !== undefined && !Array.isArray(specs)) throw new ChapterError(folder, 'steps.ts must export `steps` as an array');

  const { intro, sections } = splitSections(folder, body);
  checkAgreement(folder, specs ?? [], sections);
  if (status === 'ready' && sections.length === 0) throw new ChapterError(folder, 'a ready chapter needs at least one step');

  const render = (source: string, where: string): string => {
    try {
      return renderMarkdown(source);
    } catch (error) {
      throw new ChapterError(folder, `${where}: ${(error as Error).message}`);
    }
  };
  const steps: Step[] = (specs ?? []).map((spec, index) => {
    const section = sections[index];
    return { ...spec, index, title: section.title, html: render(section.markdown, `step "${spec.id}"`) };
  });
  return {
    number: place.number,
    slug: place.slug,
    title: fields.title,
    summary: fields.summary,
    anchor: fields.anchor,
    status,
    intro: render(intro, 'introduction'),
    steps
  };
}
