#!/usr/bin/env node
/**
 * Training speed in headless Chromium, ours against tfjs, in one page:
 *   npm run bench:browser -- [--rounds 5] [--scale 1] [--only mlp] [--per-op] [--gpu]
 *
 * Serves scripts/benchBrowserPage.ts through Vite (so it imports the engine by the same
 * `$lib/...` paths as the app, and tfjs from node_modules) with the cross-origin isolation
 * headers tfjs-wasm's threads need, opens it in the system Chromium and prints what the
 * page measures (see the page for the models and what is counted).
 *
 * Without --gpu, Chromium has no GPU: WebGL2 and WebGPU run on SwiftShader (a fallback
 * adapter for WebGPU), which emulates a GPU on the CPU: compare ratios, never absolute
 * figures. --gpu launches Chromium on the machine's real GPU instead (scripts/gpu-check.sh).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs, chromiumPath, softwareWebGpuArgs } from './chromium.js';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1' },
    only: { type: 'string', default: '' },
    'per-op': { type: 'boolean', default: false },
    gpu: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false }
  }
});

/**
 * Chromium on a real GPU: Vulkan for WebGL2 (through ANGLE) and for WebGPU (Dawn), the GPU
 * block list ignored (headless Linux often lists the GPU as unsupported), no SwiftShader.
 */
const realGpuArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--ignore-gpu-blocklist',
  '--enable-gpu',
  '--use-angle=vulkan',
  '--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan',
  '--enable-unsafe-webgpu',
  '--disable-vulkan-surface',
  '--disable-software-rasterizer'
];

const root = fileURLToPath(new URL('..', import.meta.url));
const isolate = (_req, res, next) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  next();
};
const page = `<!doctype html><meta charset="utf-8"><title>bench:browser</title>
<script type="module">import { runBench } from '/scripts/benchBrowserPage.ts'; window.runBench = runBench; window.benchReady = true;</script>`;
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  resolve: { alias: { $lib: `${root}src/lib` } },
  server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'gpu.js'] },
  plugins: [
    {
      name: 'bench-page',
      configureServer(s) {
        s.middlewares.use(isolate);
        s.middlewares.use((req, res, next) => {
          if (req.url === '/favicon.ico') return void res.writeHead(204).end();
          if (req.url !== '/') return next();
          res.setHeader('Content-Type', 'text/html');
          res.end(page);
        });
      }
    }
  ]
});
await server.listen();
const origin = `http://127.0.0.1:${server.httpServer.address().port}`;

const profile = mkdtempSync(join(tmpdir(), 'bench-browser-'));
const args = options.gpu ? realGpuArgs : [...chromiumArgs, ...softwareWebGpuArgs];
console.log(`Chromium ${options.gpu ? 'on the real GPU' : 'without a GPU (SwiftShader)'}: ${args.join(' ')}`);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: !options.headed,
  chromiumSandbox: false,
  args
});
let code = 0;
try {
  const tab = context.pages()[0] ?? (await context.newPage());
  // Chromium's own notes on each readback ("GPU stall due to ReadPixels") are no measurement
  tab.on('console', (m) => /GL Driver Message/.test(m.text()) || console.log(m.text()));
  tab.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await tab.goto(origin);
  await tab.waitForFunction(() => window.benchReady === true, undefined, { timeout: 300_000 });
  console.log(await tab.evaluate(() => navigator.userAgent));
  await tab.evaluate(
    (o) => window.runBench(o),
    { rounds: Number(options.rounds), scale: Number(options.scale), only: options.only, perOp: options['per-op'] }
  );
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
process.exit(code);
