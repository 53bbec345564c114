import type { StepSpec } from '$lib/chapters/types';
import type { HandLineStart, ThrashStart, XorNeverStart } from '$lib/sim/chapter3Starts';
import type { TimelineStart } from '$lib/sim/timeline';

/**
 * Chapter 3: the perceptron rule meets XOR and never settles; no line does better than
 * three points out of four; on real data that no line separates the rule thrashes; then
 * the history that followed, and the way out.
 */

const timeline: TimelineStart = {
  events: [
    {
      year: 1943,
      label: 'McCulloch & Pitts',
      title: 'The first artificial neuron',
      kind: 'neurons',
      approach: 'bottom-up',
      detail:
        'Warren McCulloch and Walter Pitts describe a neuron that is on or off, counts the inputs that fire and fires itself at a threshold. Wired together, such units compute any logical expression: chapter 1 of this ladder.'
    },
    {
      year: 1956,
      label: 'Dartmouth',
      title: 'The Dartmouth conference names a field',
      kind: 'promise',
      approach: 'top-down',
      quote: {
        text: 'Every aspect of learning or other feature of intelligence can in principle be so precisely described that a machine can be made to simulate it',
        by: 'the proposal for the Dartmouth summer research project on artificial intelligence'
      },
      detail:
        'A summer workshop at Dartmouth College gathers the people who will lead the field for decades. The premise is that intelligence can be written down precisely: describe it well enough, and a machine can follow the description.'
    },
    {
      year: 1957,
      label: 'Rosenblatt',
      title: 'The perceptron learns its own weights',
      kind: 'neurons',
      approach: 'bottom-up',
      detail:
        'Frank Rosenblatt replaces the fixed threshold unit with a linear threshold unit: a weighted sum of real inputs and a step. His rule adjusts the weights after every mistake, so the unit learns from examples instead of being wired by hand: chapter 2.'
    },
    {
      year: 1966,
      label: 'ALPAC report',
      title: 'Machine translation falls short',
      kind: 'verdict',
      quote: {
        text: 'There has been no machine translation of general scientific text and none is in immediate prospect',
        by: '1966 report by a US government advisory committee (ALPAC)'
      },
      detail:
        'After a decade of funding for translating Russian by computer, the Automatic Language Processing Advisory Committee reports that the results do not justify the money. Funding for the work is cut back sharply.'
    },
    {
      year: 1969,
      label: 'Minsky & Papert',
      title: 'Perceptrons: what one layer cannot do',
      kind: 'verdict',
      approach: 'bottom-up',
      detail:
        'Marvin Minsky and Seymour Papert publish Perceptrons, a careful mathematical study of what a single layer of threshold units can and cannot compute. Exclusive-or is the simplest thing it cannot: no line separates its answers, as this chapter shows. Interest and money drain away from neural networks.'
    },
    {
      year: 1970,
      label: 'Minsky’s forecast',
      title: 'A forecast of human-level machines',
      kind: 'promise',
      quote: {
        text: 'In three to eight years we will have a machine with the general intelligence of an average human being',
        by: 'Marvin Minsky, founder of the MIT Artificial Intelligence Lab, 1970'
      },
      detail:
        'Confidence is at its height. Forecasts like this one set the bar by which the field will soon be judged, and the machines of the time come nowhere near it.'
    },
    {
      year: 1973,
      label: 'Lighthill report',
      title: 'The Lighthill report',
      kind: 'verdict',
      quote: {
        text: 'In no part of the field have discoveries made so far produced the major impact that was promised',
        by: 'Professor Sir James Lighthill, “Artificial Intelligence: A General Survey”, 1973'
      },
      detail:
        'Asked by the British Science Research Council to assess the field, Lighthill finds that its promises have not been kept. Funding for AI research in Britain is cut, and the chill spreads: the 1970s become the first AI winter.'
    },
    {
      year: 1981,
      label: 'Expert systems',
      title: 'Smaller ambitions, big business',
      kind: 'business',
      approach: 'top-down',
      detail:
        'Expert systems at DEC configure orders for new computer systems and save the company $40m a year. Rules written by hand, for one narrow job, pay their way; in the 1980s and 1990s AI earns money by promising less.'
    },
    {
      year: 1997,
      label: 'Deep Blue',
      title: 'Deep Blue defeats Kasparov',
      kind: 'business',
      approach: 'top-down',
      detail:
        'IBM’s Deep Blue defeats the world chess champion Garry Kasparov. It wins by searching hundreds of millions of positions a second with an evaluation tuned by people, not by learning to see the board as a network would.'
    }
  ],
  eras: [
    { from: 1966, to: 1973, label: '1970s: the AI winter' },
    { from: 1981, to: 1997, label: '80s–90s: smaller ambitions, big business' }
  ],
  topDown: {
    title: 'Top down',
    points: ['Make rules', 'Wait for something to break', 'Refine the rules', '“Expert systems”', 'Brittle & expensive']
  },
  bottomUp: {
    title: 'Bottom up',
    points: ['Define goals', 'Systems have complex design', 'Systems find patterns', 'Lots of computing power', 'More like nature']
  }
};

export const steps: StepSpec[] = [
  {
    id: 'xor-never',
    scene: 'xor-never',
    model: 'perceptron',
    dataset: 'logic-xor',
    start: { seed: 0, maxEpochs: 40 } satisfies XorNeverStart,
    goal: { task: 'Predict, then run the rule on XOR until you have seen its weights come back to where they were.' }
  },
  {
    id: 'no-line',
    scene: 'hand-line',
    model: 'ltu',
    dataset: 'logic-xor',
    start: { angle: 90, offset: 0.1, flipped: false } satisfies HandLineStart,
    goal: { task: 'Place the line so that as few points as possible are on the wrong side.' }
  },
  {
    id: 'thrash',
    scene: 'perceptron-thrash',
    model: 'perceptron',
    dataset: 'iris-versicolor-virginica',
    start: { seed: 3, maxEpochs: 60 } satisfies ThrashStart
  },
  {
    id: 'winter',
    scene: 'winter-timeline',
    start: timeline,
    goal: { task: 'Open every event on the timeline.' }
  },
  {
    id: 'the-fix',
    scene: 'two-layers',
    model: 'ltu',
    dataset: 'logic-xor'
  }
];
