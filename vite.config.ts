import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type Plugin } from 'vite';
import { chromiumArgs, chromiumPath, softwareWebGpuArgs } from './scripts/chromium.js';
import { buildingOfflineFolder } from './scripts/offlineFolder.js';
import { pixiShaderNames } from './scripts/pixiShaderNames.js';

/** `npm run build:offline`: one folder that works opened from disk (scripts/build-offline.mjs). */
const offline = buildingOfflineFolder();

/** Headless Debian Chromium, never a downloaded browser (see scripts/chromium.js). */
const systemChromium = (extraArgs: string[] = []) =>
  playwright({ launchOptions: { executablePath: chromiumPath(), args: [...chromiumArgs, ...extraArgs], chromiumSandbox: false } });

/**
 * Cross-origin isolation lets gpu.js run its threaded WebAssembly backend
 * (SharedArrayBuffer). `preview.headers` is ignored under SvelteKit, so set them here.
 */
function crossOriginIsolation(): Plugin {
  const setHeaders = (_req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    next();
  };
  return {
    name: 'cross-origin-isolation',
    configureServer: (server) => void server.middlewares.use(setHeaders),
    configurePreviewServer: (server) => void server.middlewares.use(setHeaders)
  };
}

/**
 * A page opened from disk may start a worker only from a blob, and only a classic one:
 * `new Worker(new URL('./x.worker.ts', import.meta.url), options)` becomes Vite's inlined
 * worker (`./x.worker.ts?worker&inline`, bundled as one classic script) for that build.
 */
function inlineWorkers(): Plugin {
  const workerUrl = /new Worker\(new URL\('([^']+)', import\.meta\.url\), (\{[^}]*\})\)/g;
  return {
    name: 'inline-workers',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/src/') || !code.includes('new Worker(new URL(')) return null;
      const imports: string[] = [];
      const body = code.replace(workerUrl, (_, file: string, options: string) => {
        const name = `__inlineWorker${imports.length}`;
        imports.push(`import ${name} from '${file}?worker&inline';`);
        return `${name}(${options})`;
      });
      return imports.length ? { code: `${imports.join('\n')}\n${body}`, map: null } : null;
    }
  };
}

export default defineConfig({
  plugins: [...(offline ? [inlineWorkers()] : []), pixiShaderNames(), sveltekit(), crossOriginIsolation()],
  // the dev server bundles pixi.js before any plugin above sees it: the same step there
  optimizeDeps: { rolldownOptions: { plugins: [pixiShaderNames()] } },
  // the folder for opening from disk starts classic workers (see inlineWorkers)
  worker: { format: offline ? 'iife' : 'es' },
  define: { __OFFLINE_FOLDER__: JSON.stringify(offline) },
  // the small MNIST set, embedded in the folder for opening from disk (sim/embeddedDigits)
  assetsInclude: ['**/*.bin'],
  test: {
    expect: { requireAssertions: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/ui/**', 'test/e2e/**', 'test/browser/**'],
          testTimeout: 120_000
        }
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          environment: 'jsdom',
          // a keyboard walk through a panel can take seconds on a busy two-core machine
          testTimeout: 30_000,
          include: ['test/ui/**/*.test.ts'],
          setupFiles: ['test/ui/setup.ts']
        }
      },
      {
        extends: true,
        // Found late, gpu.js would make Vite reload the page in the middle of a test file.
        optimizeDeps: { include: ['gpu.js'] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            provider: systemChromium(),
            instances: [
              { browser: 'chromium' },
              // the GPU plan tests and the chooser's view of WebGPU again with a (software) WebGPU
              // adapter, which the plain instance lacks on purpose: selection tests there expect no WebGPU
              {
                browser: 'chromium',
                name: 'chromium-webgpu',
                provider: systemChromium(softwareWebGpuArgs),
                include: ['test/browser/gpuPlan*.test.ts', 'test/browser/softwareWebGpu.test.ts']
              }
            ]
          }
        }
      },
      {
        extends: true,
        // Every story in stories/ runs as a test: it must render, and its play must pass.
        plugins: [storybookTest({ configDir: '.storybook' })],
        // Found late, these would make Vite reload the page in the middle of a story.
        optimizeDeps: { include: ['pixi.js', 'katex', 'storybook/test'] },
        test: {
          name: 'storybook',
          testTimeout: 90_000,
          browser: {
            enabled: true,
            headless: true,
            provider: systemChromium(),
            instances: [{ browser: 'chromium' }]
          }
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          // pages on a loaded two-core machine can take seconds to settle after a navigation
          expect: { requireAssertions: true, poll: { timeout: 20_000 } },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
});
