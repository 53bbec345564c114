import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

/** A config file's `paths`, each target resolved to an absolute path as TypeScript resolves it (from the file's folder). */
function aliases(file: string): Record<string, string[]> {
  const { config, error } = ts.readConfigFile(path.join(root, file), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const paths: Record<string, string[]> = config.compilerOptions.paths;
  const dir = path.dirname(path.join(root, file));
  return Object.fromEntries(Object.entries(paths).map(([alias, targets]) => [alias, targets.map((t) => path.resolve(dir, t))]));
}

describe('tsconfig aliases', () => {
  it('declares every alias of ours that SvelteKit generates, pointing at the same folders', () => {
    const ours = aliases('tsconfig.aliases.json');
    const generated = aliases('.svelte-kit/tsconfig.json');
    const shared = Object.keys(generated).filter((alias) => alias.startsWith('$lib') || alias.startsWith('$chapters'));
    expect(shared.sort()).toEqual(Object.keys(ours).sort());
    for (const alias of shared) expect(ours[alias]).toEqual(generated[alias]);
  });

  it('resolves $lib from the repository’s own tsconfig, without the generated one', () => {
    const host = { ...ts.sys, readFile: (f: string) => (f.includes('.svelte-kit') ? undefined : ts.sys.readFile(f)) };
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...host, onUnRecoverableConfigFileDiagnostic: () => {} });
    const resolved = ts.resolveModuleName('$lib/geometry', path.join(root, 'src/lib/ui/x.ts'), parsed!.options, host);
    expect(resolved.resolvedModule?.resolvedFileName).toBe(path.join(root, 'src/lib/geometry.ts'));
  });
});
