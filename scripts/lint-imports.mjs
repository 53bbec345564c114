#!/usr/bin/env node
// Enforces the import direction of ARCHITECTURE.md ("Who may import whom") over src/,
// chapters/ and stories/, so the engine and models stay free of the DOM (they run in a
// Web Worker and in Node), scenes stay fed rather than reaching for state, and chapter
// content stays data.
//
//   routes -> ui -> scenes, sim
//   sim    -> models, datasets, engine
//   models -> engine
//   scenes -> (types only) models, datasets
//   engine, datasets -> nothing of ours
//   chapters/*/steps.ts -> types and registry names only
//   stories -> ui, scenes, fixtures
//
// Exactly those arrows: no layer reaches past the ones it names (routes use ui, not
// sim). src/lib/random.ts, src/lib/theme.ts, src/lib/geometry.ts, src/lib/nextTask.ts
// (long work a slice at a time) and src/lib/activity.ts (work that holds a kiosk's idle
// reset off) are leaves anyone may import. The few exceptions are listed in `exceptions` below, each one justified
// in the README's layout section; stylesheets and other non-code imports are not layered.
//
// Usage: node scripts/lint-imports.mjs [root]   (prints file:line per violation, exit 1 on any)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * For each layer: the layers it may import values from (`uses`) and, in addition, those it
 * may import only with `import type` (`typesFrom`), as ARCHITECTURE.md draws them. A layer
 * always may import itself and the leaves.
 * @type {Record<string, { uses: string[], typesFrom: string[] }>}
 */
export const rules = {
  engine: { uses: [], typesFrom: [] },
  datasets: { uses: [], typesFrom: [] },
  models: { uses: ['engine'], typesFrom: [] },
  sim: { uses: ['models', 'datasets', 'engine'], typesFrom: [] },
  scenes: { uses: [], typesFrom: ['models', 'datasets'] },
  ui: { uses: ['scenes', 'sim'], typesFrom: [] },
  routes: { uses: ['ui'], typesFrom: [] },
  // a step's start and goal are typed where its panel's state lives; panels are named by string
  content: { uses: [], typesFrom: ['sim'] },
  stories: { uses: ['ui', 'scenes'], typesFrom: [] },
  // src/lib/chapters, the loader, and files directly in src/ are no layer of ARCHITECTURE.md: see exceptions
  chapters: { uses: [], typesFrom: [] },
  app: { uses: [], typesFrom: [] },
  leaf: { uses: [], typesFrom: [] }
};

/**
 * The exceptions the README's layout section justifies, each as narrow as it can be:
 * from a layer, to a layer or to one module (a path without extension), and whether
 * only types may cross.
 * @type {{ from: string, to: string, typesOnly: boolean }[]}
 */
export const exceptions = [
  // the chapter loader reads the chapter folders; pages load chapters through it
  { from: 'chapters', to: 'content', typesOnly: false },
  { from: 'routes', to: 'chapters', typesOnly: false },
  // its types name what a step is: a panel is handed a Step, a steps.ts lists StepSpecs
  { from: 'ui', to: 'chapters', typesOnly: true },
  { from: 'content', to: 'chapters', typesOnly: true },
  { from: 'stories', to: 'chapters', typesOnly: true },
  // every page reads the site's own link (seed, backend, kiosk flags) before a panel mounts
  { from: 'routes', to: 'src/lib/sim/urlState', typesOnly: false },
  // a fixture is typed as the state its component is handed (a scene's may be a data set's shape)
  { from: 'stories', to: 'sim', typesOnly: true },
  { from: 'stories', to: 'datasets', typesOnly: true }
];

/** Layers that must run without a page (in a worker or Node): SvelteKit's runtime is off limits. */
const pageless = new Set(['engine', 'models', 'datasets', 'scenes']);

const codeFile = /\.(ts|js|mjs|cjs|mts|cts|svelte)$/;
/** Stylesheets, pictures, data: imported for the bundler, they carry no code across layers. */
const notCode = /\.(css|json|svg|png|jpg|webp|woff2?|bin|md|txt)$/;
const roots = ['src', 'chapters', 'stories'];
const leaves = new Set(['src/lib/random', 'src/lib/theme', 'src/lib/geometry', 'src/lib/activity', 'src/lib/nextTask']);

/**
 * The layer a repository-relative path belongs to, or `unknown:<dir>` for a folder
 * ARCHITECTURE.md does not name, or null outside the linted tree.
 * @param {string} rel posix path relative to the root, extension optional
 * @returns {string | null}
 */
export function layerOf(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'chapters') return 'content';
  if (parts[0] === 'stories') return 'stories';
  if (parts[0] !== 'src') return null;
  if (parts[1] === 'routes') return 'routes';
  if (parts[1] !== 'lib') return parts[1] === 'static' ? null : 'app';
  if (leaves.has(rel.replace(/\.(ts|js)$/, '').replace(/\/index$/, ''))) return 'leaf';
  if (parts.length === 3) return `unknown:src/lib/${parts[2]}`;
  const dir = parts[2];
  return Object.hasOwn(rules, dir) && !['routes', 'app', 'content', 'stories', 'leaf'].includes(dir)
    ? dir
    : `unknown:src/lib/${dir}`;
}

/**
 * Every import, re-export and dynamic import in a file, with its line and whether it
 * carries values at runtime.
 * @param {string} text file contents
 * @param {string} fileName for the parser (.svelte files are parsed script by script)
 * @returns {{ specifier: string, line: number, typeOnly: boolean }[]}
 */
export function importsOf(text, fileName) {
  if (fileName.endsWith('.svelte')) {
    /** @type {{ specifier: string, line: number, typeOnly: boolean }[]} */
    const found = [];
    for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
      const lineOffset = text.slice(0, start).split('\n').length - 1;
      for (const imp of importsOf(m[1], 'script.ts')) found.push({ ...imp, line: imp.line + lineOffset });
    }
    return found;
  }
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {{ specifier: string, line: number, typeOnly: boolean }[]} */
  const found = [];
  /** @param {ts.Node} node @param {string} specifier @param {boolean} typeOnly */
  const add = (node, specifier, typeOnly) =>
    found.push({ specifier, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });

  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes =
        !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypes));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const allNamedTypes =
        !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier.text, node.isTypeOnly || allNamedTypes);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      // import.meta.glob('/chapters/*/steps.ts') loads modules just like import() does.
      const isGlob =
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'glob' &&
        ts.isMetaProperty(callee.expression);
      if (isDynamicImport || isGlob) add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Where a specifier points inside the repository (posix, relative to root), or null for a
 * package or a framework module.
 * @param {string} specifier
 * @param {string} fromRel the importing file, relative to root
 * @returns {string | null}
 */
export function resolveSpecifier(specifier, fromRel) {
  const bare = specifier.replace(/[?#].*$/, '');
  // A glob's fixed prefix is enough to know the layer it reaches into.
  const fixed = bare.split(/[*{[]/)[0];
  if (fixed.startsWith('$lib/') || fixed === '$lib') return path.posix.join('src/lib', fixed.slice(4));
  if (fixed.startsWith('$chapters')) return path.posix.join('chapters', fixed.slice(9));
  if (fixed.startsWith('/')) return path.posix.normalize(fixed.slice(1));
  if (fixed.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), fixed));
  return null;
}

/** @param {string} dir @param {string} root @returns {string[]} posix paths relative to root */
function walk(dir, root) {
  /** @type {string[]} */
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, root));
    else if (codeFile.test(name) && !name.endsWith('.d.ts')) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

/**
 * @typedef {{ file: string, line: number, rule: string, specifier: string }} Violation
 */

/**
 * Lints every code file under root's src/, chapters/ and stories/.
 * @param {string} root repository root
 * @returns {Violation[]}
 */
export function lintImports(root) {
  /** @type {Violation[]} */
  const violations = [];
  const files = roots.flatMap((r) => walk(path.join(root, r), root)).sort();
  for (const file of files) {
    const from = layerOf(file);
    if (!from) continue;
    if (from.startsWith('unknown:')) {
      violations.push({ file, line: 1, specifier: '', rule: `${from.slice(8)} is not a layer of ARCHITECTURE.md (engine, datasets, models, sim, scenes, ui, chapters)` });
      continue;
    }
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const { specifier, line, typeOnly } of importsOf(text, file)) {
      const rule = check(from, file, specifier, typeOnly);
      if (rule) violations.push({ file, line, specifier, rule });
    }
  }
  return violations;
}

/**
 * @param {string} from layer of the importing file
 * @param {string} file the importing file
 * @param {string} specifier
 * @param {boolean} typeOnly
 * @returns {string | null} the broken rule, or null
 */
function check(from, file, specifier, typeOnly) {
  if (from === 'content' && !typeOnly) return 'chapter content imports types only (`import type`): a step is data';
  if (pageless.has(from) && /^\$(app|env|service-worker)\b/.test(specifier))
    return `${from} runs without a page (worker, Node): no SvelteKit runtime imports`;
  const target = resolveSpecifier(specifier, file);
  if (target === null || notCode.test(target)) return null;
  const to = layerOf(target);
  if (!to || to === from || to === 'leaf') return null;
  if (to.startsWith('unknown:')) return `${to.slice(8)} is not a layer of ARCHITECTURE.md`;
  const { uses, typesFrom } = rules[from];
  if (uses.includes(to)) return null;
  if (typesFrom.includes(to)) return typeOnly ? null : `${from} may import ${to} only as types (\`import type\`)`;
  const module = target.replace(/\.(ts|js|svelte)$/, '').replace(/\.svelte$/, '');
  const excepted = exceptions.find((e) => e.from === from && (e.to === to || e.to === module));
  if (excepted) return excepted.typesOnly && !typeOnly ? `${from} may import ${to} only as types (\`import type\`)` : null;
  return `${from} may not import ${to}`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = lintImports(root);
  for (const v of violations) {
    console.error(`${v.file}:${v.line}: ${v.rule}${v.specifier ? ` ('${v.specifier}')` : ''}`);
  }
  if (violations.length > 0) {
    console.error(`\n${violations.length} import${violations.length === 1 ? '' : 's'} against ARCHITECTURE.md's direction`);
    process.exit(1);
  }
  console.log('imports follow ARCHITECTURE.md');
}
