/**
 * Thrown by fit and trainOnBatch when a loss, an activation, a gradient or a weight stops
 * being a finite number. It says where the NaN or Infinity first appeared and what to try,
 * and the model has already gone back to the last weights that were all finite.
 */
export type DivergenceStage = 'forward' | 'loss' | 'gradient' | 'update';

export interface DivergenceDetails {
  /** the layer's name (dense_1), or 'loss' when only the loss overflowed */
  layer: string;
  stage: DivergenceStage;
  value: 'NaN' | 'Infinity' | '-Infinity';
  learningRate: number;
  /** 1-based, when it happened inside fit */
  epoch?: number;
  /** 1-based within the epoch, when it happened inside fit */
  batch?: number;
  /** set when a learner's own activation returned the bad value for a finite input */
  activation?: { name: string; input: number };
}

const stageWords: Record<DivergenceStage, string> = {
  forward: 'output',
  loss: 'value',
  gradient: 'gradient',
  update: 'weights, after the update,'
};

/** One significant figure below the current rate: 5 -> 0.5, 0.3 -> 0.03. */
export function suggestedLearningRate(learningRate: number): number {
  return Number((learningRate / 10).toPrecision(3));
}

export class TrainingDivergedError extends Error {
  readonly details: DivergenceDetails;
  readonly suggestion: string;

  constructor(details: DivergenceDetails) {
    const where = details.epoch === undefined ? '' : ` at epoch ${details.epoch}, batch ${details.batch}`;
    const what = `${details.layer === 'loss' ? 'the loss' : details.layer}'s ${stageWords[details.stage]} became ${details.value}`;
    const suggestion = details.activation
      ? `The activation '${details.activation.name}' returned ${details.value} for the input ${details.activation.input}: ` +
        `check its formula where it is undefined (a log or square root of a negative number, a division by zero).`
      : `The numbers grew until they overflowed: lower the learning rate from ${details.learningRate} ` +
        `to ${suggestedLearningRate(details.learningRate)}.`;
    super(`Training diverged${where}: ${what}. ${suggestion} The model keeps its last weights that were all finite.`);
    this.name = 'TrainingDivergedError';
    this.details = details;
    this.suggestion = suggestion;
  }
}

/** The first value of x that is not finite, or null. */
export function firstNonFinite(x: ArrayLike<number>): { index: number; value: 'NaN' | 'Infinity' | '-Infinity' } | null {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // v - v is 0 for every finite v and NaN for NaN and ±Infinity: one test in the hot loop
    if (v - v !== 0) return { index: i, value: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  return null;
}
