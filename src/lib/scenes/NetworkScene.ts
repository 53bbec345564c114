/**
 * A layered network drawn from plain state (see networkView.ts): units hold their
 * current value, edges show each weight by colour (blue positive, vermillion negative),
 * by dash (negative is dashed, so the sign survives greyscale) and by thickness
 * (magnitude). Playing a pass sends markers along the edges: discs forward, layer by
 * layer, each unit showing its value as its inputs land; then diamonds backward, each
 * unit showing its δ. With reduced motion every pass jumps to its end state.
 */
import { CanvasTextMetrics, Circle, Container, Graphics, Polygon, Text } from 'pixi.js';
import { colors, hexToNumber, palette, sizes } from '$lib/theme';
import { labelPlate, textBox } from './drawing';
import { HeatmapImage } from './HeatmapImage';
import {
  checkNetworkView,
  edgeWidth,
  formatValue,
  layoutNetwork,
  maxAbsWeight,
  unitLabelSpots,
  unitNames,
  type NetworkCallbacks,
  type NetworkLayout,
  type NetworkView,
  type Point
} from './networkView';
import { SceneBase } from './SceneBase';
import { Track, type Cue, type Travel } from './Track';
import { fontFamily, ink, muted, negative, positive, white } from './sceneStyle';

/** ms for a marker to cross one layer of edges */
const TRAVEL_MS = 650;
/** pause between layers, so the eye sees each layer settle */
const PAUSE_MS = 150;

const forwardColor = hexToNumber(colors.active);
const backwardColor = hexToNumber(palette.reddishPurple);
const ring = hexToNumber(colors.focus);

/** What a pass sends along an edge: discs forward, diamonds backward, so direction does not rest on colour. */
interface Marker extends Travel {
  readonly color: number;
  readonly shape: 'disc' | 'diamond';
  readonly radius: number;
}

function drawMarker(g: Graphics, m: Marker, at: Point): void {
  const r = m.radius;
  if (m.shape === 'disc') g.circle(at.x, at.y, r);
  else g.poly([at.x, at.y - r * 1.25, at.x + r * 1.25, at.y, at.x, at.y + r * 1.25, at.x - r * 1.25, at.y]);
  g.fill(m.color).stroke({ width: 1.5, color: ink });
}

function text(fill: number, weight: '400' | '600' | '700' = '600'): Text {
  const t = new Text({ text: '', style: { fontFamily, fontSize: 14, fill, fontWeight: weight } });
  t.anchor.set(0.5);
  return t;
}

/** One unit: body (a disc, or a rounded square holding its heatmap), value, name, bias and δ. */
class UnitSprite {
  readonly container = new Container();
  readonly body = new Graphics();
  readonly map = new HeatmapImage(0.9);
  readonly value = text(ink, '700');
  readonly name = text(muted);
  readonly bias = text(muted, '400');
  readonly delta = text(backwardColor, '700');
  /** pale plates under the words beside the unit, which often lie across edges */
  private readonly plates = new Graphics();

  constructor(onTap: () => void) {
    this.container.addChild(this.body, this.map.sprite, this.plates, this.value, this.name, this.bias, this.delta);
    this.container.eventMode = 'static';
    this.container.cursor = 'pointer';
    this.container.on('pointertap', onTap);
  }

  /** Redraws the plates under the name, bias and δ as they now stand. */
  drawPlates(): void {
    this.plates.clear();
    for (const t of [this.name, this.bias, this.delta]) if (t.visible && t.text !== '') labelPlate(this.plates, textBox(t, 2));
  }
}

export class NetworkScene extends SceneBase<NetworkView, NetworkCallbacks> {
  private readonly edges = new Graphics();
  private readonly edgeHits = new Container();
  private readonly unitLayer = new Container();
  private readonly flowLayer = new Graphics();
  private readonly track = new Track<Marker>(this.flowLayer, drawMarker);
  private units: UnitSprite[][] = [];
  private placed: NetworkLayout = { centres: [], radius: 20 };
  private playedId: number | null = null;
  /** per layer: may its values (activations) / its δ be shown yet? An animation hides them until they land. */
  private valuesShown: boolean[] = [];
  private deltasShown: boolean[] = [];

  protected build(): void {
    this.root.addChild(this.edges, this.edgeHits, this.unitLayer, this.flowLayer);
  }

  protected tick(ms: number): void {
    this.track.tick(ms);
  }

  protected settle(): void {
    this.track.finish();
  }

  update(view: NetworkView): void {
    checkNetworkView(view);
    super.update(view);
  }

  protected reshaped(previous: NetworkView, view: NetworkView): boolean {
    return previous.layers.join() !== view.layers.join() || !!previous.heatmaps !== !!view.heatmaps;
  }

  protected show(view: NetworkView): void {
    const play = view.play;
    const fresh = play != null && play.id !== this.playedId;
    if (play) this.playedId = play.id;
    if (!fresh || this.reduced || !this.app || this.width === 0) {
      // a view that arrives mid-flight ends the flight: what is drawn is always this view
      this.track.finish();
      this.showAll();
      this.draw();
      return;
    }
    this.animate(play.passes);
  }

  protected layout(): void {
    this.track.finish();
    this.place();
    this.draw();
  }

  protected teardown(): void {
    for (const layer of this.units) for (const u of layer) u.map.destroy();
  }

  private showAll(): void {
    const n = this.view?.layers.length ?? 0;
    this.valuesShown = Array.from({ length: n }, () => true);
    this.deltasShown = Array.from({ length: n }, () => true);
  }

  protected rebuild(): void {
    for (const layer of this.units) {
      for (const u of layer) {
        u.map.destroy();
        u.container.destroy({ children: true });
      }
    }
    const view = this.view as NetworkView;
    this.units = view.layers.map((n, l) =>
      Array.from({ length: n }, (_, i) => {
        const sprite = new UnitSprite(() => this.callbacks.onnode?.({ kind: 'node', layer: l, unit: i }));
        this.unitLayer.addChild(sprite.container);
        return sprite;
      })
    );
    this.showAll();
    this.place();
  }

  /** Positions units and edge hit areas for the current size. */
  private place(): void {
    const view = this.view;
    if (!view || this.width === 0 || this.height === 0) return;
    const names = unitNames(view);
    // the font follows the radius, and the radius the room the input names take: measure at the smallest font first
    const probe = this.units[0]?.[0]?.name;
    const inputNameWidth = (size: number) => {
      if (!probe) return 0;
      probe.style.fontSize = size;
      return Math.max(0, ...names[0].map((n) => CanvasTextMetrics.measureText(n, probe.style).width));
    };
    this.placed = layoutNetwork(view.layers, this.width, this.height, !!view.heatmaps, inputNameWidth(12));
    let r = this.placed.radius;
    const small = Math.max(12, Math.round(r * 0.34));
    if (small > 12) this.placed = layoutNetwork(view.layers, this.width, this.height, !!view.heatmaps, inputNameWidth(small));
    r = this.placed.radius;
    const big = Math.max(sizes.fontSmall - 1, Math.round(r * 0.42));
    const widest = (words: readonly string[]) => Math.max(0, ...words.map((w) => CanvasTextMetrics.measureText(w, probe!.style).width));
    const inlineWidth = probe ? widest(names.slice(1).flat()) + widest(['b −0.00']) + 6 : 0;
    const spots = unitLabelSpots(view.layers, this.placed, !!view.heatmaps, small + 2, view.heatmaps && view.activations ? big + 2 : 0, inlineWidth);
    this.units.forEach((layer, l) =>
      layer.forEach((u, i) => {
        const c = this.placed.centres[l][i];
        u.container.position.set(c.x, c.y);
        // at least a 44 px touch target, even when the drawn unit is smaller
        u.container.hitArea = new Circle(0, 0, Math.max(r + 4, sizes.target / 2));
        u.value.style.fontSize = big;
        u.name.style.fontSize = small;
        u.bias.style.fontSize = small;
        u.delta.style.fontSize = small;
        const at = spots[l][i];
        u.bias.visible = at.bias !== null;
        for (const [text, spot] of [[u.value, at.value], [u.name, at.name], [u.bias, at.bias ?? at.name], [u.delta, at.delta]] as const) {
          text.anchor.set(spot.anchorX, 0.5);
          text.position.set(spot.x, spot.y);
        }
        u.drawPlates();
      })
    );
    this.placeEdgeHits();
  }

  private edgeEnds(l: number, i: number, j: number): [Point, Point] {
    const a = this.placed.centres[l][i];
    const b = this.placed.centres[l + 1][j];
    const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const r = this.placed.radius + 2;
    const ux = (b.x - a.x) / d;
    const uy = (b.y - a.y) / d;
    return [
      { x: a.x + ux * r, y: a.y + uy * r },
      { x: b.x - ux * r, y: b.y - uy * r }
    ];
  }

  private placeEdgeHits(): void {
    const view = this.view as NetworkView;
    for (const child of this.edgeHits.removeChildren()) child.destroy();
    view.weights.forEach((w, l) =>
      w.forEach((row, i) =>
        row.forEach((_, j) => {
          const [a, b] = this.edgeEnds(l, i, j);
          const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
          // a band 16 px either side of the line: easy to hit with a finger, narrow enough not to swallow its neighbours
          const nx = (-(b.y - a.y) / d) * 16;
          const ny = ((b.x - a.x) / d) * 16;
          const hit = new Container();
          hit.eventMode = 'static';
          hit.cursor = 'pointer';
          hit.hitArea = new Polygon([a.x + nx, a.y + ny, b.x + nx, b.y + ny, b.x - nx, b.y - ny, a.x - nx, a.y - ny]);
          hit.on('pointertap', () => this.callbacks.onedge?.({ kind: 'edge', layer: l, from: i, to: j }));
          this.edgeHits.addChild(hit);
        })
      )
    );
  }

  private draw(): void {
    const view = this.view;
    if (!view || this.width === 0 || this.height === 0 || this.placed.centres.length !== view.layers.length) return;
    this.drawEdges(view);
    this.drawUnits(view);
  }

  private drawEdges(view: NetworkView): void {
    const g = this.edges;
    g.clear();
    const max = maxAbsWeight(view.weights);
    const s = view.selected;
    view.weights.forEach((w, l) =>
      w.forEach((row, i) =>
        row.forEach((v, j) => {
          const [a, b] = this.edgeEnds(l, i, j);
          const width = edgeWidth(v, max);
          if (s?.kind === 'edge' && s.layer === l && s.from === i && s.to === j) {
            g.moveTo(a.x, a.y).lineTo(b.x, b.y).stroke({ width: width + 8, color: ring, alpha: 0.35, cap: 'round' });
          }
          if (v >= 0) g.moveTo(a.x, a.y).lineTo(b.x, b.y).stroke({ width, color: positive, cap: 'round' });
          else dashed(g, a, b, width, negative);
        })
      )
    );
  }

  private drawUnits(view: NetworkView): void {
    const names = unitNames(view);
    const r = this.placed.radius;
    const s = view.selected;
    const last = view.layers.length - 1;
    this.units.forEach((layer, l) =>
      layer.forEach((u, i) => {
        const value = view.activations?.[l]?.[i];
        const shown = this.valuesShown[l] && value !== undefined;
        const map = view.heatmaps?.units[l]?.[i] ?? null;
        const selected = s?.kind === 'node' && s.layer === l && s.unit === i;
        const g = u.body;
        g.clear();
        if (selected) g.circle(0, 0, r + 7).fill({ color: ring, alpha: 0.25 });
        u.map.sprite.visible = !!view.heatmaps && map !== null;
        if (view.heatmaps) {
          const side = r * 1.7;
          g.roundRect(-side / 2 - 2, -side / 2 - 2, side + 4, side + 4, 6).fill(white).stroke({ width: 2, color: ink });
          if (map) {
            u.map.update(map, view.heatmaps.resolution);
            u.map.place(-side / 2, -side / 2, side, side);
          }
        } else {
          // sigmoid outputs lie in [0, 1]: the fill grows more orange with the value
          const fill = shown ? mixWhite(forwardColor, Math.min(1, Math.max(0, Math.abs(value as number)))) : white;
          g.circle(0, 0, r).fill(fill).stroke({ width: l === last ? 3 : 2, color: ink });
        }
        u.value.text = shown ? formatValue(value as number, 2) : value === undefined ? '' : '?';
        u.name.text = names[l][i];
        const bias = l > 0 ? view.biases?.[l - 1]?.[i] : undefined;
        u.bias.text = bias === undefined ? '' : `b ${formatValue(bias, 2)}`;
        const delta = l > 0 ? view.deltas?.[l - 1]?.[i] : undefined;
        u.delta.text = delta !== undefined && this.deltasShown[l] ? `δ ${formatValue(delta, 3)}` : '';
        u.drawPlates();
      })
    );
  }

  private animate(passes: NonNullable<NetworkView['play']>['passes']): void {
    const view = this.view as NetworkView;
    const L = view.layers.length;
    const r = this.placed.radius;
    const markers: Marker[] = [];
    const cues: Cue[] = [];
    const stage = TRAVEL_MS + PAUSE_MS;
    let t = 0;
    const forward = passes !== 'backward';
    const backward = passes !== 'forward' && view.deltas !== undefined;
    this.valuesShown = Array.from({ length: L }, (_, l) => !forward || l === 0);
    this.deltasShown = Array.from({ length: L }, () => !backward);
    if (forward) {
      for (let l = 0; l < L - 1; l++) {
        const at = t;
        view.weights[l].forEach((row, i) =>
          row.forEach((_, j) => {
            const [from, to] = this.edgeEnds(l, i, j);
            markers.push({ from, to, color: forwardColor, shape: 'disc', radius: Math.max(4, r * 0.16), delay: at, duration: TRAVEL_MS });
          })
        );
        const next = l + 1;
        cues.push({ at: at + TRAVEL_MS, run: () => this.reveal(this.valuesShown, next) });
        t += stage;
      }
    }
    if (backward) {
      cues.push({ at: t, run: () => this.reveal(this.deltasShown, L - 1) });
      t += PAUSE_MS;
      // δ of the first layer's inputs is not a thing: the pass ends at the first hidden layer
      for (let l = L - 2; l >= 1; l--) {
        const at = t;
        view.weights[l].forEach((row, i) =>
          row.forEach((_, j) => {
            const [to, from] = this.edgeEnds(l, i, j);
            markers.push({ from, to, color: backwardColor, shape: 'diamond', radius: Math.max(4, r * 0.15), delay: at, duration: TRAVEL_MS });
          })
        );
        const layer = l;
        cues.push({ at: at + TRAVEL_MS, run: () => this.reveal(this.deltasShown, layer) });
        t += stage;
      }
    }
    this.draw();
    this.track.play(markers, cues);
  }

  private reveal(flags: boolean[], layer: number): void {
    flags[layer] = true;
    this.draw();
  }
}

function mixWhite(color: number, t: number): number {
  const ch = (shift: number) => Math.round(0xff + (((color >> shift) & 0xff) - 0xff) * t);
  return (ch(16) << 16) | (ch(8) << 8) | ch(0);
}

/** A line of dashes: negative weights, so the sign reads without colour. */
function dashed(g: Graphics, a: Point, b: Point, width: number, color: number): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const dash = Math.max(7, width * 1.6);
  const gap = Math.max(5, width * 1.1);
  const ux = (b.x - a.x) / (length || 1);
  const uy = (b.y - a.y) / (length || 1);
  for (let d = 0; d < length; d += dash + gap) {
    const e = Math.min(length, d + dash);
    g.moveTo(a.x + ux * d, a.y + uy * d).lineTo(a.x + ux * e, a.y + uy * e);
  }
  g.stroke({ width, color, cap: 'butt' });
}
