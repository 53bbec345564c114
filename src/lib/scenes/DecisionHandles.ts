/**
 * The two round handles by which a learner drags a line in DecisionScene (the unit's
 * own line, or the dashed line of a guess), and the guess line itself. Pointer moves
 * report the line through both handles, in data units; the scene owns what is drawn
 * under them.
 */
import { Circle, Graphics, type Application, type FederatedPointerEvent, type Text } from 'pixi.js';
import { colors, hexToNumber, sizes } from '$lib/theme';
import { dashed, type TextPool } from './drawing';
import { decisionSegment, type DecisionUnit, type DecisionView, type EditTarget, type Point } from './decisionView';
import { around, type Rect } from './labelSpots';
import { ink, white } from './sceneStyle';

const guessColour = hexToNumber(colors.classes[3]);

/** What the handles need from their scene: its view, its plot and its coordinates. */
export interface HandleHost {
  view(): DecisionView | undefined;
  plot(): { left: number; top: number; width: number; height: number };
  toScreen(p: Point): Point;
  toData(p: Point): Point;
  /** the learner moved the handles: the line runs through p and q now */
  onedit(target: EditTarget, p: Point, q: Point): void;
}

export class DecisionHandles {
  readonly graphics: readonly [Graphics, Graphics] = [new Graphics(), new Graphics()];
  private app?: Application;
  private dragging: { handle: number; target: EditTarget } | null = null;
  /** where the handles are on screen; placed afresh on the line unless a drag holds them */
  private at: [Point, Point] | null = null;

  constructor(private readonly host: HandleHost) {}

  /** a drag is under way: the line follows the pointer, not the view */
  get active(): boolean {
    return this.dragging !== null;
  }

  attach(app: Application): void {
    this.app = app;
    app.stage.on('globalpointermove', this.onMove);
    app.stage.on('pointerup', this.onUp);
    app.stage.on('pointerupoutside', this.onUp);
    this.graphics.forEach((handle, i) => {
      handle.eventMode = 'static';
      handle.cursor = 'grab';
      handle.visible = false;
      handle.on('pointerdown', (event: FederatedPointerEvent) => {
        const edit = this.host.view()?.edit;
        if (!edit) return;
        event.stopPropagation();
        this.dragging = { handle: i, target: edit };
        handle.cursor = 'grabbing';
      });
    });
  }

  detach(): void {
    this.app?.stage.off('globalpointermove', this.onMove);
    this.app?.stage.off('pointerup', this.onUp);
    this.app?.stage.off('pointerupoutside', this.onUp);
    this.app = undefined;
  }

  /** Places the handles on the line again at the next draw, unless a drag holds them (`always` drops the drag's place too). */
  release(always = false): void {
    if (always || !this.dragging) this.at = null;
  }

  /** The learner's guessed line, dashed, and its name (placed by the scene, clear of its other words); null without a guess. */
  drawGuess(g: Graphics, texts: TextPool, view: DecisionView): { label: Text; ends: [Point, Point] } | null {
    if (!view.guess) return null;
    const [a, b] = view.guess.map((p) => this.host.toScreen(p));
    dashed(g, a, b, 12, 7);
    g.stroke({ width: 3, color: guessColour });
    return { label: texts.take('your guess', sizes.fontSmall, ink, '600'), ends: [a, b] };
  }

  /** The handles on the editable line (`units` as drawn now), or hidden when nothing is editable; returns the boxes they cover. */
  draw(view: DecisionView, units: readonly DecisionUnit[]): Rect[] {
    const target = view.edit;
    this.graphics.forEach((handle) => handle.clear());
    if (!target) {
      this.graphics.forEach((handle) => (handle.visible = false));
      return [];
    }
    if (!this.at) {
      let segment: readonly [Point, Point] | null = null;
      if (target === 'unit' && units[0]) segment = decisionSegment(units[0].weights, units[0].bias, view.box);
      if (target === 'guess') segment = view.guess ?? null;
      const { box } = view;
      const [p, q] = segment ?? [
        { x: box.xMin, y: (box.yMin + box.yMax) / 2 },
        { x: box.xMax, y: (box.yMin + box.yMax) / 2 }
      ];
      const at = (t: number) => this.host.toScreen({ x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t });
      this.at = [at(0.2), at(0.8)];
    }
    const radius = Math.max(12, sizes.target / 2 - 6);
    this.graphics.forEach((handle, i) => {
      const at = this.at![i];
      handle.visible = true;
      handle.position.set(at.x, at.y);
      handle.circle(0, 0, radius).fill({ color: white, alpha: 0.9 }).stroke({ width: 3, color: target === 'guess' ? guessColour : ink });
      handle.circle(0, 0, 4).fill(ink);
      handle.hitArea = new Circle(0, 0, Math.max(radius + 4, sizes.target / 2));
    });
    return this.at.map((p) => around(p.x, p.y, radius + 2));
  }

  private readonly onMove = (event: FederatedPointerEvent): void => {
    if (!this.dragging || !this.at || !this.host.view()) return;
    const { left, top, width, height } = this.host.plot();
    this.at[this.dragging.handle] = { x: Math.min(left + width, Math.max(left, event.global.x)), y: Math.min(top + height, Math.max(top, event.global.y)) };
    if (Math.hypot(this.at[0].x - this.at[1].x, this.at[0].y - this.at[1].y) < 8) return;
    const [p, q] = this.at.map((h) => this.host.toData(h));
    this.host.onedit(this.dragging.target, p, q);
  };

  private readonly onUp = (): void => {
    if (!this.dragging) return;
    this.graphics[this.dragging.handle].cursor = 'grab';
    this.dragging = null;
  };
}
