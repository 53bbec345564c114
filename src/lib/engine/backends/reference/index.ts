/**
 * The reference backend: plain TypeScript, one readable file per kernel. It is the
 * specification every other backend is tested against, and the fallback that
 * always works (Node, a worker, a browser without WebGL or WebAssembly).
 */
import type { Backend } from '../../backend';
import { binary } from './binary';
import { conv2d } from './conv2d';
import { conv2dBackpropFilter } from './conv2dBackpropFilter';
import { conv2dBackpropInput } from './conv2dBackpropInput';
import { dense } from './dense';
import { matmul } from './matmul';
import { maxPool2d } from './maxPool2d';
import { maxPool2dBackprop } from './maxPool2dBackprop';
import { softmax } from './softmax';
import { sum } from './sum';
import { unary } from './unary';

/**
 * What a browser tab can be expected to hold in typed arrays without being killed (64-bit
 * Chromium lets one tab's JavaScript reach ~4 GiB; phones far less). The per-op path also
 * makes fresh arrays every op, so it peaks above what it keeps.
 */
const REFERENCE_MEMORY_LIMIT = 2 * 1024 ** 3;

export const referenceBackend: Backend = {
  name: 'reference',
  label: 'plain JavaScript',
  memoryLimit: REFERENCE_MEMORY_LIMIT,
  matmul,
  binary,
  unary,
  softmax,
  sum,
  dense,
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  maxPool2d,
  maxPool2dBackprop,
  // nothing compiled, nothing to free
  dispose: () => {}
};
