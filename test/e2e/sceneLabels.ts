import type { Page } from 'playwright-core';
import type { LabelBox } from '../../src/lib/scenes/types';

/** One drawn picture as the page reports it: its stage's size and the boxes of its words. */
export interface StageLabels {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly LabelBox[];
}

/** Overlaps and overhangs up to this many pixels are anti-aliasing and rounding, not a collision. */
const slack = 1;

const describe = (box: LabelBox) => `"${box.text.replace(/\s+/g, ' ')}" at (${Math.round(box.x)}, ${Math.round(box.y)}) ${Math.round(box.width)}×${Math.round(box.height)}`;

/** What is wrong with the words of the pictures: two that overlap, or one that leaves its stage. */
export function labelProblemsIn(stages: readonly StageLabels[]): string[] {
  const problems: string[] = [];
  stages.forEach((stage, k) => {
    const picture = `picture ${k + 1} (${stage.width}×${stage.height})`;
    for (const box of stage.boxes) {
      if (box.x < -slack || box.y < -slack || box.x + box.width > stage.width + slack || box.y + box.height > stage.height + slack) {
        problems.push(`${picture}: ${describe(box)} leaves the stage`);
      }
    }
    for (let i = 0; i < stage.boxes.length; i++) {
      for (let j = i + 1; j < stage.boxes.length; j++) {
        const a = stage.boxes[i];
        const b = stage.boxes[j];
        const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
        const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
        if (across > slack && down > slack) problems.push(`${picture}: ${describe(a)} overlaps ${describe(b)}`);
      }
    }
  });
  return problems;
}

/** The words of every drawn picture on the page, as each stage reports them (PixiStage's `labelBoxes`). */
export function stageLabels(page: Page): Promise<StageLabels[]> {
  return page.locator('.stage[data-status="ready"]').evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      const report = (element as HTMLElement & { labelBoxes?: () => LabelBox[] }).labelBoxes;
      return { width: Math.round(rect.width), height: Math.round(rect.height), boxes: report ? report() : [] };
    })
  );
}

/** The problems with the pictures' words on the current page; none when every label reads on its own, on its stage. */
export async function labelProblems(page: Page): Promise<string[]> {
  return labelProblemsIn(await stageLabels(page));
}
