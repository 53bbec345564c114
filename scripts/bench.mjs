#!/usr/bin/env node
/**
 * Training and inference speed on MNIST, ours against peers, in one process:
 *   node scripts/bench.mjs [--quick] [--only <workload>]   (npm run bench builds the data first)
 *
 * The measurements live in scripts/benchRun.ts, loaded as the app loads the engine
 * (scripts/viteModules.mjs); node_modules (gpu.js, tfjs, convnetjs) stay plain Node requires.
 */
import { withModule } from './viteModules.mjs';

const at = process.argv.indexOf('--only');
await withModule('/scripts/benchRun.ts', ({ runBench }) => runBench({ quick: process.argv.includes('--quick'), only: at > 0 ? process.argv[at + 1] : '' }));
