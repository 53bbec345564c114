/**
 * Loads a TypeScript module of ours from a Node script. The module imports the engine
 * through `$lib/...` like the app does; Node cannot resolve those aliases or strip every
 * TypeScript form, so Vite's SSR module loader (installed already, no extra runner) loads
 * it; node_modules stay plain Node requires.
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `run(module)` on the loaded module, then closes the loader; exits 1 on an error. */
export async function withModule(path, run) {
  const server = await createServer({
    root,
    configFile: false,
    appType: 'custom',
    logLevel: 'error',
    resolve: { alias: { $lib: `${root}src/lib` } },
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] }
  });
  let code = 0;
  try {
    await run(await server.ssrLoadModule(path));
  } catch (error) {
    console.error(error);
    code = 1;
  } finally {
    await server.close();
  }
  process.exit(code);
}
