import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MNIST_FILE, MNIST_STANDARD_FILE } from '../../src/lib/datasets/mnistNode';

/** The assets are build outputs (gitignored): build them as `npm run data` would when a fresh checkout lacks one. */
function ensure(file: string): string {
  if (!existsSync(file)) execFileSync(process.execPath, ['scripts/build-data.mjs'], { stdio: 'inherit' });
  return file;
}

export function ensureMnist(): string {
  return ensure(MNIST_FILE);
}

export function ensureMnistStandard(): string {
  return ensure(MNIST_STANDARD_FILE);
}
