/**
 * Predict, then run: questions that set up a view, ask the learner to commit to an
 * answer, run a fixed number of epochs and then set the answer beside what happened.
 * Each question measures its own outcome from the run's numbers, never a canned one.
 */
import { DEFAULT_CONFIG, type PlaygroundConfig } from './config';

export interface RunFacts {
  readonly epochs: number;
  /** on the test points, after the last epoch */
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly diverged: boolean;
  readonly deadRelus: number;
}

export interface Challenge {
  readonly id: string;
  readonly question: string;
  readonly config: PlaygroundConfig;
  /** the run stops after this many epochs, then the verdict shows */
  readonly epochs: number;
  /** what "yes" means, measured */
  happened(facts: RunFacts): boolean;
  /** what the run did, in a sentence */
  describe(facts: RunFacts): string;
  /** why, once the learner has seen it */
  explain: string;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
const separated = (f: RunFacts) => !f.diverged && f.testAccuracy >= 0.9;
const accuracySentence = (f: RunFacts) =>
  f.diverged
    ? `Training diverged: the numbers stopped being finite.`
    : `After ${f.epochs} epochs it classifies ${percent(f.testAccuracy)} of the test points correctly (test loss ${f.testLoss.toFixed(3)}).`;

export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'no-hidden-circles',
    question: 'Will a network with no hidden layer separate the circle from the ring?',
    config: { ...DEFAULT_CONFIG, dataset: 'circles', hidden: [], features: ['x1', 'x2'], learningRate: 0.1 },
    epochs: 100,
    happened: separated,
    describe: accuracySentence,
    explain: 'Without a hidden layer the output is a sigmoid of a weighted sum of x₁ and x₂: its 0.5 line is straight, and no straight line puts a circle on one side and a ring around it on the other. This is chapter 3’s wall again.'
  },
  {
    id: 'squares-circles',
    question: 'Still no hidden layer, but the inputs are x₁² and x₂². Will it separate the circle from the ring now?',
    config: { ...DEFAULT_CONFIG, dataset: 'circles', hidden: [], features: ['x1sq', 'x2sq'], learningRate: 0.1 },
    epochs: 100,
    happened: separated,
    describe: accuracySentence,
    explain: 'A straight line in x₁² and x₂² is a circle in x₁ and x₂. Choosing features by hand can do what a hidden layer does; a hidden layer finds its own.'
  },
  {
    id: 'hidden-circles',
    question: 'One hidden layer of 3 tanh units on x₁ and x₂ only. Will it separate the circle from the ring?',
    config: { ...DEFAULT_CONFIG, dataset: 'circles', hidden: [{ units: 3, activation: 'tanh' }], features: ['x1', 'x2'], learningRate: 0.1 },
    epochs: 150,
    happened: separated,
    describe: accuracySentence,
    explain: 'Each hidden unit draws one straight line; the output unit combines three of them into a closed shape around the circle. Look at the three small pictures in the hidden layer.'
  },
  {
    id: 'rate-ten',
    question: 'The same 4-2 tanh network, but at learning rate 10. Will it learn the circles?',
    config: { ...DEFAULT_CONFIG, dataset: 'circles', learningRate: 10 },
    epochs: 100,
    happened: separated,
    describe: accuracySentence,
    explain: 'A step 10 times the gradient overshoots: the weights jump past the valley they should settle in. Watch the loss curve jump about; try 0.03 for comparison.'
  },
  {
    id: 'spirals-two',
    question: 'Can one hidden layer of 2 ReLU units learn the two spirals?',
    config: { ...DEFAULT_CONFIG, dataset: 'spirals', hidden: [{ units: 2, activation: 'relu' }], learningRate: 0.03 },
    epochs: 200,
    happened: separated,
    describe: accuracySentence,
    explain: 'Two ReLU units make at most two bends in the boundary; the spirals wind around each other almost twice. Add layers and units (and perhaps the sine features) and try again.'
  },
  {
    id: 'dead-relus',
    question: 'Six ReLU layers of 3 units, learning rate 1. Will some ReLU units die (output 0 on every training point)?',
    config: {
      ...DEFAULT_CONFIG,
      dataset: 'xor',
      hidden: Array.from({ length: 6 }, () => ({ units: 3, activation: 'relu' as const })),
      learningRate: 1
    },
    epochs: 50,
    happened: (f) => f.deadRelus > 0,
    describe: (f) => (f.diverged ? 'Training diverged. ' : '') + `After ${f.epochs} epochs ${f.deadRelus} ReLU unit${f.deadRelus === 1 ? ' is' : 's are'} dead.`,
    explain: 'A large step can push a ReLU unit’s bias so low that its weighted sum is negative for every point. Its output and its slope are then 0 everywhere, so no gradient ever reaches it again: it is dead for good.'
  }
];

export function challengeById(id: string): Challenge | undefined {
  return CHALLENGES.find((c) => c.id === id);
}

/** The step's goal in steps.ts: a test loss below a bound on one dataset. */
export interface PlaygroundGoal {
  readonly task: string;
  readonly dataset: PlaygroundConfig['dataset'];
  readonly testLossBelow: number;
}

export function readPlaygroundGoal(goal: unknown): PlaygroundGoal | null {
  if (!goal || typeof goal !== 'object') return null;
  const g = goal as Partial<PlaygroundGoal>;
  return typeof g.task === 'string' && typeof g.dataset === 'string' && typeof g.testLossBelow === 'number' ? (g as PlaygroundGoal) : null;
}
