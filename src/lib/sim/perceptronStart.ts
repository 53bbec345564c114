/**
 * What a perceptron step of a chapter starts from (its `start` in steps.ts) and what it
 * asks of the learner (its `goal`), read from untyped step data without ever throwing:
 * a malformed step falls back to undefined and the panel says so, rather than a crash.
 */
import type { StepName } from '$lib/models/ltu';
import type { PerceptronRule } from '$lib/models/perceptron';
import type { TrainOptions } from '$lib/models/trainPerceptron';
import { planarData, type PlanarData } from './planarData';
import { PerceptronRun, type PerceptronRunOptions } from './PerceptronRun.svelte';

/** A training step: which data, which rule, and whether to ask for a prediction first. */
export interface TrainingStart {
  /** a dataset name from the registry, e.g. 'iris-setosa-versicolor' */
  readonly dataset: string;
  /** two features to pick from a wider table */
  readonly features?: readonly [string, string];
  readonly rule?: PerceptronRule;
  readonly step?: StepName;
  readonly learningRate?: number;
  readonly shuffle?: boolean;
  readonly seed?: number;
  readonly maxEpochs?: number;
  /** instances per second the run starts at */
  readonly speed?: number;
  /** ask "predict, then run" before the controls unlock */
  readonly predict?: { readonly epochsMax: number; readonly line?: boolean; readonly question?: string };
}

/** The learner's task on a training step: watch the rule converge (or, in chapter 3, fail to). */
export interface TrainingGoal {
  readonly converge: boolean;
  readonly task: string;
}

/** The LTU step: a hand-set unit over a dataset, with the weights to start from. */
export interface LtuStart {
  readonly dataset: string;
  readonly weights: readonly [number, number];
  readonly bias: number;
  readonly step: StepName;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPair = (v: unknown): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string');
const isStep = (v: unknown): v is StepName => v === 'heaviside' || v === 'sign';
const positiveInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

export function readTrainingStart(value: unknown): TrainingStart | undefined {
  if (!isRecord(value) || typeof value.dataset !== 'string') return undefined;
  const predict = isRecord(value.predict) && positiveInt(value.predict.epochsMax)
    ? {
        epochsMax: value.predict.epochsMax as number,
        line: value.predict.line === true,
        ...(typeof value.predict.question === 'string' ? { question: value.predict.question } : {})
      }
    : undefined;
  return {
    dataset: value.dataset,
    ...(isPair(value.features) ? { features: value.features } : {}),
    ...(value.rule === 'rosenblatt' || value.rule === 'sklearn' ? { rule: value.rule } : {}),
    ...(isStep(value.step) ? { step: value.step } : {}),
    ...(typeof value.learningRate === 'number' && value.learningRate > 0 ? { learningRate: value.learningRate } : {}),
    shuffle: value.shuffle === true,
    ...(typeof value.seed === 'number' && Number.isInteger(value.seed) ? { seed: value.seed } : {}),
    ...(positiveInt(value.maxEpochs) ? { maxEpochs: value.maxEpochs as number } : {}),
    ...(typeof value.speed === 'number' && value.speed > 0 ? { speed: value.speed } : {}),
    ...(predict ? { predict } : {})
  };
}

export function readTrainingGoal(value: unknown): TrainingGoal | undefined {
  if (!isRecord(value) || typeof value.converge !== 'boolean' || typeof value.task !== 'string') return undefined;
  return { converge: value.converge, task: value.task };
}

export function readLtuStart(value: unknown): LtuStart | undefined {
  if (!isRecord(value) || typeof value.dataset !== 'string') return undefined;
  const w = value.weights;
  if (!Array.isArray(w) || w.length !== 2 || !w.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  if (typeof value.bias !== 'number' || !Number.isFinite(value.bias)) return undefined;
  return { dataset: value.dataset, weights: [w[0], w[1]], bias: value.bias, step: isStep(value.step) ? value.step : 'heaviside' };
}

/** The data and the run options a training start stands for. */
export function trainingSetup(start: TrainingStart): { data: PlanarData; run: PerceptronRunOptions } {
  const data = planarData(start.dataset, start.features, start.seed ?? 0);
  const train: TrainOptions = {
    maxEpochs: start.maxEpochs ?? 100,
    shuffle: start.shuffle === true,
    seed: start.seed ?? 0
  };
  return {
    data,
    run: {
      data: data.dataset,
      nClasses: data.classNames.length,
      rule: start.rule,
      step: start.step,
      learningRate: start.learningRate,
      train,
      speed: start.speed
    }
  };
}

/** A training start ready to watch: its data and a run over them. */
export function startTraining(start: TrainingStart): { start: TrainingStart; data: PlanarData; run: PerceptronRun } {
  const { data, run } = trainingSetup(start);
  return { start, data, run: new PerceptronRun(run) };
}
