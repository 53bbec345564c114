/**
 * How long an epoch takes, said honestly: before a fit, from a few steps of the model
 * timed in the worker on the backend that will train it (measureSteps); during a fit,
 * from the time the run has actually trained so far. Both say what they rest on.
 */
import { withThousands } from '$lib/models/summary';
import type { Snapshot, StepTiming } from './training/protocol';

/** "45 s", "2 min 10 s", "1 h 5 min" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${Math.max(1, s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}

export interface EpochEstimate {
  /** training the epoch's batches */
  trainMs: number;
  /** scoring the test digits once, at its end */
  scoreMs: number;
  totalMs: number;
  /** how the figure was reached, in words */
  how: string;
}

/** An epoch of `trainingDigits` (and one scoring of `testDigits`) from timed steps. */
export function epochEstimate(t: StepTiming, trainingDigits: number, testDigits: number): EpochEstimate {
  const steps = Math.ceil(trainingDigits / t.batchSize);
  const trainMs = steps * t.trainMs;
  const scoreMs = Math.ceil(testDigits / t.batchSize) * t.predictMs;
  const how =
    `${t.steps} training steps of ${t.batchSize} digits timed in the background on ${t.label}: ` +
    `${t.trainMs < 10 ? t.trainMs.toFixed(1) : Math.round(t.trainMs)} ms a step, times ${withThousands(steps)} steps, ` +
    `plus ${formatDuration(scoreMs)} to score the ${withThousands(testDigits)} test digits`;
  return { trainMs, scoreMs, totalMs: trainMs + scoreMs, how };
}

export interface LiveEstimate {
  /** an epoch at the pace so far */
  epochMs: number;
  /** what is left of the epoch under way */
  leftMs: number;
  /** "measured over the first 4,000 digits" */
  how: string;
}

/** The pace of a running fit, once it has trained something; null before. */
export function liveEstimate(s: Snapshot, samplesPerEpoch: number): LiveEstimate | null {
  if (s.samplesSeen <= 0 || s.trainingMs <= 0) return null;
  const msPerSample = s.trainingMs / s.samplesSeen;
  const doneThisEpoch = Math.min(samplesPerEpoch, s.samplesSeen - (s.epoch - 1) * samplesPerEpoch);
  return {
    epochMs: msPerSample * samplesPerEpoch,
    leftMs: msPerSample * Math.max(0, samplesPerEpoch - doneThisEpoch),
    how: `measured over the ${withThousands(s.samplesSeen)} digits trained so far`
  };
}
