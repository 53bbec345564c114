import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { serve, serveKiosk, type Served } from './kioskServer';

/** A shared link carrying a lot of state: a 20 KB query, past Node's 16 KiB header limit. */
const longQuery = `?seed=7&note=${'w'.repeat(20_000)}`;
const step = '/chapter/threshold-logic/and/';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('a 20 KB link', () => {
  const servers: Served[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('is refused with 431 by a server with Node defaults, so it really is long', async () => {
    const response = await fetch(`${inject('baseUrl')}${step}${longQuery}`);
    expect(response.status).toBe(431);
  });

  it('opens its step from the kiosk server', async () => {
    const kiosk = await serveKiosk();
    servers.push(kiosk);
    const response = await fetch(`${kiosk.origin}${step}${longQuery}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<html');
  });

  it('opens its step from `npm run preview`', async () => {
    const script = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.preview;
    const port = await freePort();
    expect(script).toContain('--port 4173');
    const preview = await serve('sh', ['-c', script.replace('--port 4173', `--port ${port}`)], /(http:\/\/127\.0\.0\.1:\d+)\//, { NO_COLOR: '1' });
    servers.push(preview);
    expect(preview.origin).toBe(`http://127.0.0.1:${port}`);
    const response = await fetch(`${preview.origin}${step}${longQuery}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<html');
  });
});
