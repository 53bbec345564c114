/**
 * The chooser's measurements as the table a learner reads: every backend timed on this
 * device for the model about to train, processor and graphics card side by side, and
 * every one left out with why. Keras says a model "runs seamlessly on CPU and GPU"; this
 * is what that means here, measured.
 */
import { backendDevice } from '$lib/engine/backendNames';
import type { WorkerRun } from './WorkerRun.svelte';

export interface BackendRow {
  name: string;
  label: string;
  device: 'CPU' | 'GPU';
  /** null for a backend that was not timed (left out, or chosen by the link alone) */
  msPerStep: number | null;
  /** training samples a second at the batch size timed */
  samplesPerSecond: number | null;
  /** how many times slower than the fastest; 1 for the fastest */
  slower: number | null;
  chosen: boolean;
  /** why it was left out, or that it was timed once only because it could not win */
  note: string;
}

export function backendRows(backends: WorkerRun['backends'], batchSize: number): BackendRow[] {
  if (!backends) return [];
  const best = backends.measured.length ? Math.min(...backends.measured.map((m) => m.ms)) : NaN;
  const rows: BackendRow[] = backends.measured.map((m) => ({
    name: m.name,
    label: m.label,
    device: backendDevice(m.name),
    msPerStep: m.ms,
    samplesPerSecond: (batchSize * 1000) / m.ms,
    slower: m.ms / best,
    chosen: m.name === backends.chosen,
    note: m.cut ? 'timed once: too slow to win' : ''
  }));
  // chosen untimed (named by the link, or the only one that works): it still has its row, and why
  if (!rows.some((r) => r.chosen)) {
    rows.unshift({ name: backends.chosen, label: backends.label, device: backendDevice(backends.chosen), msPerStep: null, samplesPerSecond: null, slower: null, chosen: true, note: backends.reason });
  }
  for (const r of backends.rejected) {
    if (r.kind === 'unknown') continue;
    // a backend's own error may already begin "gpu:webgpu unavailable: …": said once is enough
    const reason = r.reason.replace(/^\S+ (unavailable|failed): /, '');
    rows.push({ name: r.name, label: r.title, device: backendDevice(r.name), msPerStep: null, samplesPerSecond: null, slower: null, chosen: false, note: `${r.kind}: ${reason}` });
  }
  return rows;
}
