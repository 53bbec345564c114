import { describe, expect, it } from 'vitest';
import { guessOfLine, guessSegment, guessThrough, judgePrediction, lineDistance, type RunOutcome } from '../../src/lib/sim/prediction';

const box = { xMin: 0, xMax: 6, yMin: 0, yMax: 2 };

describe('a guessed line', () => {
  it('round-trips through its two ends', () => {
    const guess = guessThrough(box, { x: 1, y: 0.2 }, { x: 5, y: 1.8 })!;
    const [p, q] = guessSegment(box, guess)!;
    // the segment lies on the line through the two points
    const onLine = (pt: { x: number; y: number }) => (pt.x - 1) * (1.8 - 0.2) - (pt.y - 0.2) * (5 - 1);
    expect(Math.abs(onLine(p))).toBeLessThan(1e-9);
    expect(Math.abs(onLine(q))).toBeLessThan(1e-9);
    expect(guessThrough(box, p, q)!.angle).toBeCloseTo(guess.angle, 9);
  });
  it('measures zero distance to the same line and more to a shifted one', () => {
    const weights = [0.5, 0.8];
    const bias = -2;
    const same = guessOfLine(box, weights, bias)!;
    expect(lineDistance(box, same, weights, bias)).toBeLessThan(1e-9);
    expect(lineDistance(box, { ...same, offset: same.offset + 0.2 }, weights, bias)).toBeCloseTo(0.2, 6);
  });
});

describe('judgePrediction', () => {
  const outcome: RunOutcome = { converged: true, convergedEpoch: 3, epochs: 3, weights: [0.5, 0.8], bias: -2, box };

  it('credits a right guess and says how close the epochs and line were', () => {
    const line = guessOfLine(box, [0.5, 0.8], -2.1);
    const j = judgePrediction({ converges: true, epochs: 4, line }, outcome);
    expect(j.converges).toBe('exact');
    expect(j.epochs).toBe('close');
    expect(j.line).toBe('exact');
    expect(j.parts.map((p) => p.part)).toEqual(['converges', 'epochs', 'line']);
    expect(j.parts[1].sentence).toBe('You guessed 4 epochs; it took 3: close.');
  });
  it('says plainly when the guess was wrong', () => {
    const j = judgePrediction({ converges: false, epochs: null, line: { angle: 0, offset: 0.6 } }, outcome);
    expect(j.converges).toBe('wrong');
    expect(j.parts[0].sentence).toMatch(/^Not what you expected\. It converged: epoch 3/);
    expect(j.line).toBe('far');
    expect(judgePrediction({ converges: true, epochs: 40, line: null }, outcome).epochs).toBe('far');
  });
  it('on a run that never converges, an epoch guess has nothing to count to', () => {
    const j = judgePrediction({ converges: true, epochs: 5, line: null }, { converged: false, convergedEpoch: null, epochs: 1000 });
    expect(j.converges).toBe('wrong');
    expect(j.epochs).toBe('wrong');
    expect(j.parts[0].sentence).toContain('after 1000 epochs it was still making mistakes');
  });
  it('a skipped prediction is reported, not judged', () => {
    const j = judgePrediction({ converges: null, epochs: null, line: null }, outcome);
    expect(j.converges).toBe('not guessed');
    expect(j.parts).toHaveLength(1);
  });
});
