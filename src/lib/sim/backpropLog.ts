/**
 * What the XOR network has been trained on since its seed gave it fresh weights, as a
 * short list a link can carry: runs of single-sample steps, batch steps and epochs.
 * The engine is deterministic, so replaying the list from the same seed gives the same
 * weights, counters and loss curve, bit for bit: a link restores training exactly
 * without carrying a single weight.
 *
 * Written as tokens joined by _: `1s3` is three single-sample steps starting at sample
 * 1, `b2` two steps on the batch of four, `0e40` forty epochs updating after every
 * sample, the first starting at sample 0 (an epoch finishes the pass under way).
 */

export type TrainingRun =
  | { readonly kind: 'samples'; readonly from: number; readonly count: number }
  | { readonly kind: 'batches'; readonly count: number }
  | { readonly kind: 'epochs'; readonly from: number; readonly count: number };

export type TrainingLog = readonly TrainingRun[];

/**
 * The most samples a log may train on: 5,000 epochs, more than a run goes on its own
 * (it stops at 3,000), and a replay of a second or two, so no link can hold the page.
 */
export const MAX_LOG_SAMPLES = 20_000;
const MAX_RUNS = 200;

/** Samples a log trains on, counting a batch step as four; epochs from sample k count the 4 − k that finish the pass. */
export function samplesIn(log: TrainingLog): number {
  return log.reduce((n, r) => n + (r.kind === 'samples' ? r.count : r.kind === 'batches' ? 4 * r.count : 4 * r.count - r.from), 0);
}

/** The log with one more run: merged into the last when it carries straight on from it. */
export function appendRun(log: TrainingLog, run: TrainingRun): TrainingLog {
  const last = log.at(-1);
  if (last?.kind === 'samples' && run.kind === 'samples' && (last.from + last.count) % 4 === run.from) return [...log.slice(0, -1), { ...last, count: last.count + run.count }];
  if (last?.kind === 'batches' && run.kind === 'batches') return [...log.slice(0, -1), { kind: 'batches', count: last.count + run.count }];
  // an epoch ends at sample 0, so the next epoch from sample 0 continues the same run
  if (last?.kind === 'epochs' && run.kind === 'epochs' && run.from === 0) return [...log.slice(0, -1), { ...last, count: last.count + run.count }];
  return [...log, run];
}

export function formatLog(log: TrainingLog): string {
  return log.map((r) => (r.kind === 'samples' ? `${r.from}s${r.count}` : r.kind === 'batches' ? `b${r.count}` : `${r.from}e${r.count}`)).join('_');
}

/** The log a text describes, or undefined when it is not one (or trains on more than MAX_LOG_SAMPLES). */
export function parseLog(text: string): TrainingLog | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return [];
  const parts = trimmed.split('_');
  if (parts.length > MAX_RUNS) return undefined;
  let log: TrainingLog = [];
  for (const part of parts) {
    const m = /^(?:([0-3])([se])|b)([1-9]\d{0,4})$/.exec(part);
    if (!m) return undefined;
    const count = Number(m[3]);
    const run: TrainingRun = m[2] === 's' ? { kind: 'samples', from: Number(m[1]), count } : m[2] === 'e' ? { kind: 'epochs', from: Number(m[1]), count } : { kind: 'batches', count };
    log = appendRun(log, run);
  }
  return samplesIn(log) <= MAX_LOG_SAMPLES ? log : undefined;
}
