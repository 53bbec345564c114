#!/usr/bin/env node
/**
 * Training and inference speed on MNIST, ours against peers, in one process:
 *   node scripts/bench.mjs [--quick] [--only <workload>]   (npm run bench builds the data first)
 *
 * The measurements live in scripts/benchRun.ts, which imports the engine through
 * `$lib/...` like the app does. Node cannot resolve those aliases or strip every
 * TypeScript form, so this launcher loads it through Vite's SSR module loader
 * (installed already, no extra runner); node_modules (gpu.js, tfjs, convnetjs) stay
 * plain Node requires.
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
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
  const { runBench } = await server.ssrLoadModule('/scripts/benchRun.ts');
  const at = process.argv.indexOf('--only');
  await runBench({ quick: process.argv.includes('--quick'), only: at > 0 ? process.argv[at + 1] : '' });
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  await server.close();
}
process.exit(code);
