/**
 * The build step that keeps Pixi from naming each renderer's shaders anew (see
 * scripts/pixiShaderNames.js): on the installed pixi.js, the patched setProgramName gives
 * the same source for the same shader every time, where Pixi's own numbers it again.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableShaderNames } from '../../scripts/pixiShaderNames.js';

// the module the site's `import 'pixi.js'` reaches (its package's "import" entry is lib/index.mjs)
const lib = dirname(createRequire(import.meta.url).resolve('pixi.js').replace(/index\.js$/, 'index.mjs'));
const source = readFileSync(join(lib, 'rendering/renderers/gl/shader/program/preprocessors/setProgramName.mjs'), 'utf8');

type SetProgramName = (src: string, options: { name: string }, isFragment?: boolean) => string;
const load = async (code: string): Promise<SetProgramName> =>
  (await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(code)}`)).setProgramName;

describe('stable Pixi shader names', () => {
  it('numbers the same shader anew in Pixi as installed, which is what the step is for', async () => {
    const setProgramName = await load(source);
    expect(setProgramName('void main() {}', { name: 'graphics' })).not.toBe(setProgramName('void main() {}', { name: 'graphics' }));
  });

  it('names the same shader the same every time once patched, and keeps the name', async () => {
    const setProgramName = await load(stableShaderNames(source));
    const first = setProgramName('void main() {}', { name: 'graphics' });
    expect(setProgramName('void main() {}', { name: 'graphics' })).toBe(first);
    expect(first).toContain('#define SHADER_NAME graphics-fragment');
    expect(setProgramName('void main() {}', { name: 'graphics' }, false)).toContain('#define SHADER_NAME graphics-vertex');
  });

  it('refuses a setProgramName it does not recognise, so an upgrade is looked at', () => {
    expect(() => stableShaderNames('export function setProgramName(src) { return src; }')).toThrow(/pixijs\/pixijs#12213/);
  });
});
