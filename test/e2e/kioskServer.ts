import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The built site this run tests: build/, or E2E_SITE (see globalSetup.ts). */
export const site = path.resolve(process.env.E2E_SITE ?? path.join(__dirname, '../../build'));

export interface Served {
  /** origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** stops the server and waits for its process to end */
  stop(): Promise<void>;
}

/**
 * Starts a long-running server command on a free port and resolves once `ready` matches a
 * line it prints (the match's first group is the origin).
 */
export function serve(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child: ChildProcess = spawn(command, args, {
    cwd: path.join(__dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      resolve({
        origin: match[1],
        async stop() {
          // the whole group: npm scripts start their command in a shell of their own
          if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
          await exited;
        }
      });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it served:\n${output}`));
    });
  });
}

/** scripts/kiosk.mjs serving the built site on a free port, without opening a browser. */
export const serveKiosk = () =>
  serve(process.execPath, ['scripts/kiosk.mjs', '--no-browser', '--port', '0', '--site', site], /kiosk: open (http:\/\/127\.0\.0\.1:\d+)\//);
