// Where the system Chromium lives and the flags it needs headless on our machines.
// Shared by the browser test project, the end-to-end tests, the kiosk and the benchmarks:
// no browser is ever downloaded.
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {string} path of an installed Chromium (env CHROMIUM_PATH wins) */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** Flags that keep headless Chromium quiet and local: no background requests leave the machine. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

/**
 * Added to chromiumArgs, a WebGPU adapter without a GPU: Dawn on SwiftShader's Vulkan, a
 * "fallback adapter" that emulates the GPU on the CPU (for tests and ratios, never for
 * absolute speed). WebGL2 already runs on SwiftShader with chromiumArgs alone.
 */
export const softwareWebGpuArgs = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader'];
