/**
 * A line placed by hand on two-class data, judged as the perceptron would judge it: the
 * line is a unit's w·x + b = 0, the side its normal points to fires (heaviside: class 1),
 * and `wrongSide` from the models lists the points on the wrong side. For XOR it also
 * shows, in the line's own numbers, why no line can ever get all four points right.
 *
 * The line is held as a LineGuess (angle and offset in the plot's proportions, see
 * prediction.ts), so sliders, arrow keys and dragging in the picture all move the same
 * two numbers, plus which side fires.
 */
import type { LabelledData } from '$lib/models/labelledData';
import { rowOf } from '$lib/models/labelledData';
import type { Box } from '$lib/geometry';
import { heaviside, weightedSum } from '$lib/models/ltu';
import { wrongSide } from '$lib/models/wrongSide';
import { guessSegment, type LineGuess } from './prediction';

export type { LabelledData };

export interface HandLine {
  readonly guess: LineGuess;
  /** false: the side to the left of the line's direction fires; true: the other side */
  readonly flipped: boolean;
}

/** The unit the line stands for, its normal of length 1; null when the line misses the plot. */
export interface LineUnit {
  readonly weights: readonly [number, number];
  readonly bias: number;
}

/**
 * The line's weights and bias in data units, the normal of length 1. The guess's line in
 * the unit square is −sin(a)·(u − ½) + cos(a)·(v − ½) = offset, so its normal (−sin a, cos a)
 * turns with the angle: the firing side never jumps as the line is turned. Null when the
 * line misses the plot.
 */
export function lineUnit(box: Box, line: HandLine): LineUnit | null {
  if (!guessSegment(box, line.guess)) return null;
  const radians = (line.guess.angle * Math.PI) / 180;
  const width = box.xMax - box.xMin;
  const height = box.yMax - box.yMin;
  const sign = line.flipped ? -1 : 1;
  // u = (x − xMin) / width, v = (y − yMin) / height, substituted into the unit-square line
  let a = -Math.sin(radians) / width;
  let b = Math.cos(radians) / height;
  let c = Math.sin(radians) * (box.xMin / width + 0.5) - Math.cos(radians) * (box.yMin / height + 0.5) - line.guess.offset;
  const length = Math.hypot(a, b);
  a = (sign * a) / length;
  b = (sign * b) / length;
  c = (sign * c) / length;
  // round away float dust so a line through a point scores exactly 0 there when it should
  const clean = (v: number) => Math.round(v * 1e12) / 1e12 + 0;
  return { weights: [clean(a), clean(b)], bias: clean(c) };
}

export interface PointVerdict {
  /** row index in the data */
  readonly index: number;
  readonly x: readonly number[];
  readonly label: number;
  /** the unit's weighted sum there */
  readonly z: number;
  /** the class the line gives it: heaviside, so z = 0 fires */
  readonly given: number;
  readonly wrong: boolean;
}

export interface LineJudgement {
  readonly unit: LineUnit | null;
  /** every row, in data order */
  readonly points: readonly PointVerdict[];
  /** rows on the wrong side, as `wrongSide` reports them */
  readonly wrong: readonly number[];
}

/** Every point's side of the line; a line outside the plot puts everything on one side. */
export function judgeLine(data: LabelledData, box: Box, line: HandLine): LineJudgement {
  const unit = lineUnit(box, line);
  // without a line in the plot, every point gets the same class: that of the plot's centre
  const weights = unit?.weights ?? [0, 0];
  const bias = unit?.bias ?? (line.flipped ? -1 : 1);
  const wrong = wrongSide(weights, bias, data, 'heaviside');
  const wrongSet = new Set(wrong);
  const points: PointVerdict[] = [];
  for (let i = 0; i < data.n; i++) {
    const x = Array.from(rowOf(data, i));
    const z = weightedSum(weights, bias, x);
    points.push({ index: i, x, label: data.labels[i], z, given: heaviside(z), wrong: wrongSet.has(i) });
  }
  return { unit, points, wrong };
}

/**
 * The XOR argument in the line's numbers. z is linear, so on the XOR truth table
 * z(0,1) + z(1,0) = z(0,0) + z(1,1) (both are w1 + w2 + 2b) for every line. Getting all
 * four right needs the left side ≥ 0 (both 1s fire) and the right side < 0 (both 0s stay
 * silent): one sum cannot be both. Null when the data is not the XOR truth table.
 */
export function xorSums(judgement: LineJudgement): { ones: number; zeros: number } | null {
  const at = (a: number, b: number) => judgement.points.find((p) => p.x[0] === a && p.x[1] === b);
  const p00 = at(0, 0);
  const p01 = at(0, 1);
  const p10 = at(1, 0);
  const p11 = at(1, 1);
  if (judgement.points.length !== 4 || !p00 || !p01 || !p10 || !p11) return null;
  if (p00.label !== 0 || p11.label !== 0 || p01.label !== 1 || p10.label !== 1) return null;
  return { ones: p01.z + p10.z, zeros: p00.z + p11.z };
}
