// Offline classroom kiosk: serves the built site (build/) from this machine only, with the
// cross-origin isolation headers the threaded WebAssembly backend needs, and opens the
// system Chromium full-screen in kiosk mode on a throwaway profile. Nothing is fetched
// from the network. Stop with Ctrl-C.
//
//   node scripts/kiosk.mjs [--port 4180] [--idle 3] [--lesson <chapter>] [--site build] [--no-browser]
//
// `npm run kiosk` builds the site first. --lesson keeps visitors inside one chapter;
// --site serves another built copy of the site.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sirv from 'sirv';
import { chromiumArgs, chromiumPath } from './chromium.js';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '4180' },
    idle: { type: 'string' },
    lesson: { type: 'string' },
    site: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
});

if (options.help) {
  console.log('usage: node scripts/kiosk.mjs [--port 4180] [--idle <minutes>] [--lesson <chapter>] [--site <dir>] [--no-browser]');
  process.exit(0);
}

const root = resolve(options.site ?? join(import.meta.dirname, '..', 'build'));

if (!existsSync(join(root, 'index.html'))) {
  console.error(`kiosk: no built site in ${root}; run \`npm run build\` (or \`npm run kiosk\`, which builds first).`);
  process.exit(1);
}

const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`kiosk: --port must be a port number, got "${options.port}"`);
  process.exit(1);
}

const notFound = readFileSync(join(root, '404.html'));
const isolate = (res) => {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
};
// Pages carry their policy in a <meta> tag, which does not reach a worker: a worker takes
// its policy from its own response. Here the training worker gets one that keeps it on this
// machine too. It allows 'unsafe-eval' because gpu.js compiles its CPU-mode kernels with
// `new Function` (the backend chooser tries that mode), and blob: workers because gpu.js
// starts its WebAssembly threads from a blob.
const workerPolicy = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self' blob:";
const isWorkerScript = (path) => path.includes('/_app/immutable/workers/') || path.endsWith('/service-worker.js');
const serve = sirv(root, {
  etag: true,
  setHeaders: (res, pathname) => {
    isolate(res);
    if (isWorkerScript(pathname)) res.setHeader('Content-Security-Policy', workerPolicy);
  }
});

// Long shared links (a playground's whole state in the query) exceed Node's 16 KiB default.
const maxHeaderSize = 256 * 1024;

const server = createServer({ maxHeaderSize }, (req, res) => {
  isolate(res);
  serve(req, res, () => {
    // Unknown addresses get the site's own not-found page, which knows its way home.
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(notFound);
  });
});

let browser = null;
let profile = null;
let stopping = false;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (browser && browser.exitCode === null) browser.kill('SIGTERM');
  server.close();
  server.closeAllConnections?.();
  if (profile) rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGINT', () => {
  console.log('\nkiosk: stopping.');
  stop(0);
});
process.on('SIGTERM', () => stop(0));

server.on('error', (error) => {
  console.error(`kiosk: cannot serve on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
  const query = new URLSearchParams();
  if (options.idle) query.set('idle', options.idle);
  if (options.lesson) query.set('lesson', options.lesson);
  const url = `${base}kiosk/${query.size > 0 ? `?${query}` : ''}`;
  console.log(`kiosk: serving ${root}`);
  console.log(`kiosk: open ${url}`);
  openBrowser(url);
  console.log('kiosk: press Ctrl-C to stop.');
});

function openBrowser(url) {
  if (options['no-browser']) return;
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    console.log(`kiosk: no Chromium at ${executable}; open the address above in a browser (full-screen).`);
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('kiosk: no display to open a window on; open the address above on the kiosk screen.');
    return;
  }
  profile = mkdtempSync(join(tmpdir(), 'nn-ladder-kiosk-'));
  // The shared flags minus --disable-gpu: a real kiosk screen should draw with its GPU.
  const flags = chromiumArgs.filter((flag) => flag !== '--disable-gpu' && (flag !== '--no-sandbox' || process.getuid?.() === 0));
  browser = spawn(
    executable,
    [
      ...flags,
      `--user-data-dir=${profile}`,
      '--kiosk',
      '--noerrdialogs',
      '--disable-translate',
      '--disable-features=Translate',
      '--overscroll-history-navigation=0',
      '--disable-pinch',
      url
    ],
    { stdio: 'ignore' }
  );
  browser.on('error', (error) => console.log(`kiosk: could not start Chromium (${error.message}); open the address above instead.`));
  browser.on('exit', (code) => {
    if (stopping) return;
    console.log(`kiosk: Chromium closed${code ? ` (exit code ${code})` : ''}; still serving, press Ctrl-C to stop.`);
  });
}
