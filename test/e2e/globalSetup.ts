import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** origin of the built site, served as a plain static host would: 'http://127.0.0.1:PORT' */
    baseUrl: string;
  }
}

/** build/, or E2E_SITE to test a copy of a built site (while build/ is being rebuilt). */
const buildDir = path.resolve(process.env.E2E_SITE ?? path.join(__dirname, '../../build'));

/**
 * Serves build/ the way any static host does (no SvelteKit server, no rewrites), with the
 * cross-origin isolation headers the site asks hosts for, on a free port of 127.0.0.1.
 * `npm test` builds the site before vitest runs; this never builds it itself.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(buildDir, 'index.html'))) {
    throw new Error(`No built site in ${buildDir}: run \`npm run build\` before the e2e tests (npm test does).`);
  }
  const notFoundPage = path.join(buildDir, '404.html');
  const serve = sirv(buildDir, {
    dev: false,
    etag: true,
    setHeaders: (res) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
  });
  const server: Server = createServer((req, res) =>
    serve(req, res, () => {
      // Static hosts answer an unknown path with the site's 404.html when it has one.
      res.statusCode = 404;
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      if (existsSync(notFoundPage)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(readFileSync(notFoundPage));
      } else {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Not found');
      }
    })
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
