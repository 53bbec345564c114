import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MNIST_FILE } from '../../src/lib/datasets/mnistNode';

/** The asset is a build output (gitignored): build it as `npm run data` would when a fresh checkout lacks it. */
export function ensureMnist(): string {
  if (!existsSync(MNIST_FILE)) execFileSync(process.execPath, ['scripts/build-data.mjs'], { stdio: 'inherit' });
  return MNIST_FILE;
}
