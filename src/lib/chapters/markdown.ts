/**
 * Chapter prose to HTML, with formulas typeset by KaTeX when the site is built, so a
 * learner's browser only ever receives finished HTML (KaTeX's stylesheet and fonts
 * are all it needs). Runs in Node (build, tests) and needs no DOM.
 */
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';

interface MathToken extends Tokens.Generic {
  type: 'math' | 'inlineMath';
  raw: string;
  tex: string;
  display: boolean;
}

/** Thrown for a formula KaTeX cannot typeset: the author sees which one and why. */
export class FormulaError extends Error {}

function typeset(tex: string, display: boolean): string {
  try {
    // MathML travels alongside the HTML so screen readers can speak the formula.
    return katex.renderToString(tex, { displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
  } catch (error) {
    throw new FormulaError(`cannot typeset ${display ? '$$' : '$'}${tex}${display ? '$$' : '$'}: ${(error as Error).message}`);
  }
}

/** `$$ ... $$` on lines of its own: a displayed formula. */
const blockMath: TokenizerAndRendererExtension = {
  name: 'math',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src): MathToken | undefined {
    const match = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
    if (match) return { type: 'math', raw: match[0], tex: match[1].trim(), display: true };
    return undefined;
  },
  renderer: (token) => `<div class="math-display">${typeset((token as MathToken).tex, true)}</div>\n`
};

/**
 * `$...$` inside a sentence. As in Pandoc, the opening `$` must be followed and the
 * closing one preceded by a non-space, and the closing one not followed by a digit,
 * so prices such as "$5 and $10" stay text. `\$` is a literal dollar.
 */
const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => {
    const at = src.search(/(?<!\\)\$/);
    return at < 0 ? undefined : at;
  },
  tokenizer(src): MathToken | undefined {
    const display = /^\$\$(?!\s)((?:\\.|[^\\$])+?)(?<!\s)\$\$/.exec(src);
    if (display) return { type: 'inlineMath', raw: display[0], tex: display[1], display: true };
    const inline = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
    if (inline) return { type: 'inlineMath', raw: inline[0], tex: inline[1], display: false };
    return undefined;
  },
  renderer: (token) => typeset((token as MathToken).tex, (token as MathToken).display)
};

const marked = new Marked({
  gfm: true,
  extensions: [blockMath, inlineMath],
  renderer: {
    // Links that leave the site say so, which lets kiosk mode find and disarm them.
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      const external = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(href) || /^mailto:/i.test(href);
      const titleAttr = title ? ` title="${escapeAttribute(title)}"` : '';
      const rel = external ? ' rel="external noopener noreferrer"' : '';
      return `<a href="${escapeAttribute(href)}"${titleAttr}${rel}>${text}</a>`;
    },
    // A code block may be wider than a phone: a keyboard must be able to reach it to scroll it.
    code({ text, lang }) {
      const language = lang ? ` class="language-${escapeAttribute(lang)}"` : '';
      return `<pre tabindex="0"><code${language}>${escapeHtml(text)}</code></pre>\n`;
    }
  }
});

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Markdown (GitHub flavour, `$...$` and `$$...$$` formulas) to HTML. Throws FormulaError. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }).trim();
}

/** One formula to HTML, for text outside the chapters' markdown. Throws FormulaError. */
export function renderFormula(tex: string, display = false): string {
  return typeset(tex, display);
}
