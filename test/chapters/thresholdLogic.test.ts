import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { steps } from '../../chapters/01-threshold-logic/steps';
import { parseChapter } from '../../src/lib/chapters/parseChapter';
import {
  circuitTruthTable,
  compare,
  gateTable,
  thresholdUnit,
  type Circuit,
  type ConnectionKind,
  type GateName
} from '../../src/lib/models/neuron';
import { panels } from '../../src/lib/ui/panels/registry';

interface Wiring {
  kinds: ConnectionKind[];
  threshold: number;
}

const markdown = readFileSync(new URL('../../chapters/01-threshold-logic/index.md', import.meta.url), 'utf8');

/** Every wiring of a unit with `arity` inputs a learner can reach with the panel's controls. */
function wirings(arity: number, kinds: ConnectionKind[], kindsEditable: boolean): Wiring[] {
  const kindChoices: ConnectionKind[][] = kindsEditable
    ? Array.from({ length: 1 << arity }, (_, m) => kinds.map((_, i): ConnectionKind => ((m >> i) & 1 ? 'inhibitory' : 'excitatory')))
    : [kinds];
  return kindChoices.flatMap((k) => Array.from({ length: arity + 2 }, (_, threshold) => ({ kinds: k, threshold })));
}

describe('chapter 1: threshold logic', () => {
  it('is ready, with prose for every step in the order of steps.ts', () => {
    const chapter = parseChapter('01-threshold-logic', markdown, steps);
    expect(chapter.status).toBe('ready');
    expect(chapter.anchor).toBe('McCulloch & Pitts, 1943');
    expect(chapter.steps.map((s) => s.id)).toEqual(['intro', 'and', 'or', 'not', 'two-of-three', 'xor-circuit']);
    for (const step of chapter.steps) expect(step.html.length).toBeGreaterThan(200);
  });

  it('names only panels the registry has', () => {
    for (const step of steps) expect(Object.hasOwn(panels, step.scene)).toBe(true);
  });

  it.each(steps.filter((s) => s.scene === 'threshold-unit').map((s) => [s.id, s] as const))(
    'step %s starts unsolved and can be solved with the controls it offers',
    (_, step) => {
      const start = step.start as { inputs: number[]; kinds: ConnectionKind[]; threshold: number; kindsEditable?: boolean };
      const target = gateTable((step.goal as { gate: GateName }).gate);
      expect(start.inputs).toHaveLength(start.kinds.length);
      expect(compare(thresholdUnit(start.kinds, start.threshold), target)).not.toEqual([]);
      const reachable = wirings(start.kinds.length, start.kinds, start.kindsEditable === true);
      expect(reachable.some((w) => compare(thresholdUnit(w.kinds, w.threshold), target).length === 0)).toBe(true);
    }
  );

  it('the XOR circuit starts unsolved and its hidden units alone can solve it', () => {
    const step = steps.find((s) => s.id === 'xor-circuit')!;
    const start = step.start as { hidden: Wiring[]; output: Wiring };
    const target = gateTable('xor');
    const circuit = (hidden: Wiring[], output: Wiring): Circuit => ({
      inputs: 2,
      layers: [hidden.map((h) => thresholdUnit(h.kinds, h.threshold)), [thresholdUnit(output.kinds, output.threshold)]]
    });
    expect(compare(circuitTruthTable(circuit(start.hidden, start.output)), target)).not.toEqual([]);
    const options = wirings(2, ['excitatory', 'excitatory'], true);
    const solutions = options.flatMap((h1) => options.filter((h2) => compare(circuitTruthTable(circuit([h1, h2], start.output)), target).length === 0));
    expect(solutions.length).toBeGreaterThan(0);
  });
});
