/**
 * "Which of these three maps did this kernel make?": the kernel's own map beside the
 * maps of two other presets, all from the engine's conv2d, in an order drawn from the
 * lesson's seed. The two others never come from the kernel's own family (a Sobel and a
 * plain edge kernel of the same direction make nearly the same map), so the question
 * has one answer a learner can reason out.
 */
import type { Padding } from '$lib/engine/backend';
import { createRandom } from '$lib/random';
import { KERNEL_NAMES, KERNEL_PRESETS, presetOf, type KernelName } from './kernels';
import { convolutionSlide, type Plane } from './slide';

const FAMILY: Readonly<Record<KernelName, string>> = {
  identity: 'identity',
  blur: 'blur',
  sharpen: 'sharpen',
  vertical: 'vertical',
  'sobel-x': 'vertical',
  horizontal: 'horizontal',
  'sobel-y': 'horizontal'
};

export interface MapChoice {
  /** the preset that made this map; null for the learner's own kernel */
  readonly kernel: KernelName | null;
  readonly map: Plane;
}

export interface MapChoices {
  readonly options: readonly MapChoice[];
  /** which option the kernel made */
  readonly answer: number;
}

/** Three maps of the digit: the kernel's and two others', shuffled by `seed`. */
export async function mapChoices(digit: Plane, kernel: readonly number[], seed: number, padding: Padding = 'valid', stride = 1): Promise<MapChoices> {
  const own = presetOf(kernel);
  const random = createRandom(seed ^ (own ? KERNEL_NAMES.indexOf(own) * 7919 : 104729));
  const others = KERNEL_NAMES.filter((name) => !own || FAMILY[name] !== FAMILY[own]);
  const picked: KernelName[] = [];
  while (picked.length < 2 && others.length > 0) picked.push(others.splice(Math.floor(random() * others.length), 1)[0]);
  const mapOf = async (weights: readonly number[]) => (await convolutionSlide(digit, weights, stride, padding)).output;
  const options: MapChoice[] = [
    { kernel: own, map: await mapOf(kernel) },
    ...(await Promise.all(picked.map(async (name) => ({ kernel: name, map: await mapOf(KERNEL_PRESETS[name].values) }))))
  ];
  const answerAt = Math.floor(random() * options.length);
  [options[0], options[answerAt]] = [options[answerAt], options[0]];
  return { options, answer: answerAt };
}
