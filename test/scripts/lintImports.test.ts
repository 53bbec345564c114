import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importsOf, layerOf, lintImports } from '../../scripts/lint-imports.mjs';

const script = path.resolve(__dirname, '../../scripts/lint-imports.mjs');
let root = '';

/** Writes a throwaway repository holding exactly the given files. */
function repo(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'lint-imports-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = '';
});

describe('importsOf', () => {
  it('finds static, re-exported, dynamic and glob imports with their lines and type-ness', () => {
    const text = [
      "import { a } from '$lib/engine/tensor';",
      "import type { B } from '$lib/models/ltu';",
      "import { type C, type D } from './c';",
      "import { type E, f } from './e';",
      "export { g } from '../g';",
      "export type { H } from '../h';",
      "const m = () => import('$lib/sim/loop');",
      "const all = import.meta.glob('/chapters/*/steps.ts');",
      "let x: import('$lib/datasets/types').Dataset;",
      "// import { nope } from '$lib/ui/Nope.svelte';",
      "const s = 'import x from \"$lib/ui/Str\"';"
    ].join('\n');
    expect(importsOf(text, 'x.ts')).toEqual([
      { specifier: '$lib/engine/tensor', line: 1, typeOnly: false },
      { specifier: '$lib/models/ltu', line: 2, typeOnly: true },
      { specifier: './c', line: 3, typeOnly: true },
      { specifier: './e', line: 4, typeOnly: false },
      { specifier: '../g', line: 5, typeOnly: false },
      { specifier: '../h', line: 6, typeOnly: true },
      { specifier: '$lib/sim/loop', line: 7, typeOnly: false },
      { specifier: '/chapters/*/steps.ts', line: 8, typeOnly: false },
      { specifier: '$lib/datasets/types', line: 9, typeOnly: true }
    ]);
  });

  it('reads every script block of a Svelte component and keeps file line numbers', () => {
    const text = [
      '<script module lang="ts">',
      "  import type { Step } from '$lib/chapters/types';",
      '</script>',
      '',
      '<script lang="ts">',
      "  import { onMount } from 'svelte';",
      "  import Scene from '$lib/scenes/NeuronScene';",
      '</script>',
      '<p>import x from "$lib/engine/tensor"</p>'
    ].join('\n');
    expect(importsOf(text, 'A.svelte')).toEqual([
      { specifier: '$lib/chapters/types', line: 2, typeOnly: true },
      { specifier: 'svelte', line: 6, typeOnly: false },
      { specifier: '$lib/scenes/NeuronScene', line: 7, typeOnly: false }
    ]);
  });
});

describe('layerOf', () => {
  it('places files in the layers of ARCHITECTURE.md', () => {
    expect(layerOf('src/lib/engine/backends/reference/matmul.ts')).toBe('engine');
    expect(layerOf('src/lib/ui/panels/registry.ts')).toBe('ui');
    expect(layerOf('src/routes/chapter/[slug]/+page.svelte')).toBe('routes');
    expect(layerOf('src/lib/random.ts')).toBe('leaf');
    expect(layerOf('src/lib/theme')).toBe('leaf');
    expect(layerOf('src/lib/geometry.ts')).toBe('leaf');
    expect(layerOf('src/lib/activity.ts')).toBe('leaf');
    expect(layerOf('chapters/01-threshold-logic/steps.ts')).toBe('content');
    expect(layerOf('stories/fixtures/neuron.ts')).toBe('stories');
    expect(layerOf('src/lib/widgets/Thing.ts')).toBe('unknown:src/lib/widgets');
  });
});

describe('lintImports', () => {
  it('accepts every direction ARCHITECTURE.md allows', () => {
    const dir = repo({
      'src/lib/random.ts': 'export const r = 1;',
      'src/lib/theme.ts': 'export const t = 1;',
      'src/lib/engine/tensor.ts': "import { r } from '../random';\nimport { x } from 'gpu.js';",
      'src/lib/engine/ops.ts': "import { t } from './tensor';",
      'src/lib/datasets/xor.ts': "import { createRandom } from '$lib/random';\nimport type { D } from './types';",
      'src/lib/models/ltu.ts': "import { matmul } from '$lib/engine/ops';",
      'src/lib/sim/loop.ts': "import { ltu } from '$lib/models/ltu';\nimport { xor } from '$lib/datasets/xor';\nimport { matmul } from '$lib/engine/ops';",
      'src/lib/scenes/NeuronScene.ts':
        "import type { Ltu } from '$lib/models/ltu';\nimport { type Xor } from '$lib/datasets/xor';\nimport { colors } from '$lib/theme';\nimport { Graphics } from 'pixi.js';",
      'src/lib/ui/PixiStage.svelte': "<script lang=\"ts\">\n  import { NeuronScene } from '$lib/scenes/NeuronScene';\n  import { loop } from '$lib/sim/loop';\n  import type { Step } from '$lib/chapters/types';\n</script>",
      'src/lib/chapters/loader.ts': "const steps = import.meta.glob('/chapters/*/steps.ts');",
      'src/lib/chapters/types.ts': 'export interface Step { id: string }',
      'src/routes/+page.svelte':
        "<script>\n  import '../app.css';\n  import StepNav from '$lib/ui/StepNav.svelte';\n  import { chapters } from '$lib/chapters/loader';\n  import { parseUrlState } from '$lib/sim/urlState';\n  import { page } from '$app/state';\n</script>",
      'src/app.css': 'body {}',
      'src/lib/sim/urlState.ts': 'export const parseUrlState = 1;',
      'chapters/01-threshold-logic/steps.ts': "import type { StepSpec } from '$lib/chapters/types';\nimport type { LoopStart } from '$lib/sim/loop';\nexport const steps: StepSpec[] = [];",
      'stories/ui/StepNav.stories.svelte': "<script module lang=\"ts\">\n  import StepNav from '$lib/ui/StepNav.svelte';\n  import { chapter } from '../fixtures/chapter';\n</script>",
      'stories/fixtures/chapter.ts': "import type { Chapter } from '$lib/chapters/types';\nimport type { LoopState } from '$lib/sim/loop';"
    });
    expect(lintImports(dir)).toEqual([]);
    expect(execFileSync('node', [script, dir], { encoding: 'utf8' })).toContain('imports follow');
  });

  it('allows no transitive shortcut: each layer imports only the layers ARCHITECTURE.md names', () => {
    const dir = repo({
      'src/lib/random.ts': 'export const r = 1;',
      'src/lib/ui/panels/MnistPanel.svelte': "<script lang=\"ts\">\n  import { fetchMnist } from '$lib/datasets/mnist';\n  import type { StepName } from '$lib/models/ltu';\n</script>",
      'src/lib/ui/timeline.ts': 'export interface TimelineStart { year: number }',
      'src/routes/+page.svelte': "<script>\n  import { loop } from '$lib/sim/loop';\n  import { ltu } from '$lib/models/ltu';\n</script>",
      'chapters/03-xor/steps.ts': "import type { TimelineStart } from '$lib/ui/timeline';",
      'src/lib/chapters/loader.ts': "import type { PanelProps } from '$lib/ui/panels/types';",
      'stories/fixtures/digits.ts': "import { fetchMnist } from '$lib/sim/siteDigits';"
    });
    expect(lintImports(dir).map((v) => `${v.file}:${v.line}: ${v.rule}`)).toEqual([
      'chapters/03-xor/steps.ts:1: content may not import ui',
      'src/lib/chapters/loader.ts:1: chapters may not import ui',
      'src/lib/ui/panels/MnistPanel.svelte:2: ui may not import datasets',
      'src/lib/ui/panels/MnistPanel.svelte:3: ui may not import models',
      'src/routes/+page.svelte:2: routes may not import sim',
      'src/routes/+page.svelte:3: routes may not import models',
      'stories/fixtures/digits.ts:1: stories may import sim only as types (`import type`)'
    ]);
  });

  it('reports each forbidden import as file:line with its rule and exits 1', () => {
    const dir = repo({
      'src/lib/engine/tensor.ts': "import { x } from '$lib/models/ltu';",
      'src/lib/datasets/xor.ts': "\nimport { loop } from '../sim/loop';",
      'src/lib/models/ltu.ts': "import { page } from '$app/state';\nimport { xor } from '$lib/datasets/xor';",
      'src/lib/sim/loop.ts': "import S from '$lib/scenes/NeuronScene';",
      'src/lib/scenes/NeuronScene.ts': "import type { A } from '$lib/engine/tensor';\nimport { ltu } from '$lib/models/ltu';\nimport { type X, xor } from '$lib/datasets/xor';",
      'src/lib/ui/Thing.svelte': '<script lang="ts">\n  const r = () => import(\'../../routes/+page.svelte\');\n</script>',
      'src/lib/widgets/Knob.ts': 'export const k = 1;',
      'chapters/01-threshold-logic/steps.ts': "import { panels } from '$lib/ui/panels/registry';\nimport { ltu } from '$lib/models/ltu';\nimport { x } from 'mathjs';",
      'stories/scenes/Neuron.stories.ts': "import { loop } from '$lib/sim/loop';"
    });
    const found = lintImports(dir).map((v) => `${v.file}:${v.line}: ${v.rule}`);
    expect(found).toEqual([
      'chapters/01-threshold-logic/steps.ts:1: chapter content imports types only (`import type`): a step is data',
      'chapters/01-threshold-logic/steps.ts:2: chapter content imports types only (`import type`): a step is data',
      'chapters/01-threshold-logic/steps.ts:3: chapter content imports types only (`import type`): a step is data',
      'src/lib/datasets/xor.ts:2: datasets may not import sim',
      'src/lib/engine/tensor.ts:1: engine may not import models',
      'src/lib/models/ltu.ts:1: models runs without a page (worker, Node): no SvelteKit runtime imports',
      'src/lib/models/ltu.ts:2: models may not import datasets',
      'src/lib/scenes/NeuronScene.ts:1: scenes may not import engine',
      'src/lib/scenes/NeuronScene.ts:2: scenes may import models only as types (`import type`)',
      'src/lib/scenes/NeuronScene.ts:3: scenes may import datasets only as types (`import type`)',
      'src/lib/sim/loop.ts:1: sim may not import scenes',
      'src/lib/ui/Thing.svelte:2: ui may not import routes',
      'src/lib/widgets/Knob.ts:1: src/lib/widgets is not a layer of ARCHITECTURE.md (engine, datasets, models, sim, scenes, ui, chapters)',
      'stories/scenes/Neuron.stories.ts:1: stories may import sim only as types (`import type`)'
    ]);

    let status = 0;
    let stderr = '';
    try {
      execFileSync('node', [script, dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      status = e.status;
      stderr = e.stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toContain("src/lib/engine/tensor.ts:1: engine may not import models ('$lib/models/ltu')");
    expect(stderr).toContain('14 imports against');
  });
});
