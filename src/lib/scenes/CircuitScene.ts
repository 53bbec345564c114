/**
 * A two-layer circuit of McCulloch–Pitts units (two hidden units, one output unit),
 * drawn in NeuronScene's visual language. A change of input sends pulses through the
 * first layer, then from the hidden units that fire through the second, so a learner
 * can watch XOR being computed one layer at a time.
 */
import { Graphics } from 'pixi.js';
import { SceneBase } from './SceneBase';
import { Track, type Cue } from './Track';
import { BitNode, UnitNode, drawConnection, drawPulse, edgePoints, type Point, type Pulse } from './thresholdParts';
import type { CircuitView, ToggleCallbacks } from './types';
import { ink } from './sceneStyle';

const LAYER_MS = 450;
const OUTPUT_MS = 300;

export class CircuitScene extends SceneBase<CircuitView, ToggleCallbacks> {
  private readonly wires = new Graphics();
  private readonly pulseLayer = new Graphics();
  /** pulse and line widths follow the stage's size */
  private scale = 1;
  private readonly track = new Track<Pulse>(this.pulseLayer, (g, pulse, at) => drawPulse(g, pulse, at, this.scale));
  private inputs: BitNode[] = [];
  private hidden: UnitNode[] = [];
  private unit = new UnitNode('out');
  private output = new BitNode('C', 'right');
  private inputAt: Point[] = [];
  private hiddenAt: Point[] = [];
  private unitAt: Point = { x: 0, y: 0 };
  private outputAt: Point = { x: 0, y: 0 };
  /** what the hidden units show now, which lags the view while pulses travel */
  private hiddenShown: boolean[] = [];

  protected build(): void {
    this.root.addChild(this.wires, this.pulseLayer);
  }

  protected tick(ms: number): void {
    this.track.tick(ms);
  }

  protected settle(): void {
    this.track.finish();
  }

  protected reshaped(previous: CircuitView, view: CircuitView): boolean {
    return (
      previous.inputs.length !== view.inputs.length ||
      previous.hidden.length !== view.hidden.length ||
      previous.unit.name !== view.unit.name ||
      previous.output.name !== view.output.name
    );
  }

  protected show(view: CircuitView, previous: CircuitView | undefined): void {
    view.inputs.forEach((b, i) => this.inputs[i].set(b.on));

    const showHidden = () => {
      view.hidden.forEach((h, j) => this.hidden[j].set(h));
      this.hiddenShown = view.hidden.map((h) => h.fires);
    };
    const showUnit = () => this.unit.set(view.unit);
    const settle = () => {
      showHidden();
      showUnit();
      this.output.set(view.output.on);
      this.drawWires();
    };
    this.drawWires();
    const changed = previous?.inputs.some((b, i) => b.on !== view.inputs[i]?.on) ?? false;
    if (!changed || this.reduced || !this.app) {
      this.track.finish();
      settle();
      return;
    }

    const pulses: Pulse[] = [];
    const cues: Cue[] = [];
    view.inputs.forEach((b, i) => {
      if (!b.on) return;
      view.hidden.forEach((h, j) => {
        const [from, to] = edgePoints(this.inputAt[i], this.inputs[i].radius, this.hiddenAt[j], this.hidden[j].radius);
        pulses.push({ from, to, kind: h.kinds[i], delay: 0, duration: LAYER_MS });
      });
    });
    let t = pulses.length > 0 ? LAYER_MS : 0;
    cues.push({ at: t, run: () => (showHidden(), this.drawWires()) });

    const second = pulses.length;
    view.hidden.forEach((h, j) => {
      if (!h.fires) return;
      const [from, to] = edgePoints(this.hiddenAt[j], this.hidden[j].radius, this.unitAt, this.unit.radius);
      pulses.push({ from, to, kind: view.unit.kinds[j], delay: t, duration: LAYER_MS });
    });
    if (pulses.length > second) t += LAYER_MS;
    cues.push({ at: t, run: showUnit });

    if (view.unit.fires) {
      const [from, to] = edgePoints(this.unitAt, this.unit.radius, this.outputAt, this.output.radius);
      pulses.push({ from, to, kind: 'excitatory', delay: t, duration: OUTPUT_MS });
      t += OUTPUT_MS;
    }
    cues.push({ at: t, run: settle });
    this.track.play(pulses, cues);
  }

  protected rebuild(view: CircuitView): void {
    for (const node of [...this.inputs, ...this.hidden, this.unit, this.output]) node.container.destroy({ children: true });
    this.inputs = view.inputs.map((b, i) => new BitNode(b.name, 'left', () => this.callbacks.ontoggle?.(i)));
    this.hidden = view.hidden.map((h) => new UnitNode(h.name));
    this.unit = new UnitNode(view.unit.name);
    this.output = new BitNode(view.output.name, 'right');
    for (const node of [...this.inputs, ...this.hidden, this.unit, this.output]) {
      this.root.addChildAt(node.container, this.root.getChildIndex(this.pulseLayer));
    }
    this.layout();
  }

  protected layout(): void {
    const { width: w, height: h } = this;
    if (w === 0 || h === 0 || this.inputs.length === 0) return;
    const margin = Math.max(12, w * 0.03);
    const r = Math.max(16, Math.min(26, w * 0.04, h * 0.08));
    const R = Math.max(30, Math.min(56, w * 0.075, h * 0.14));
    const left = margin + 36 + r;
    const right = w - margin - 36 - r;
    const spread = (count: number, top: number): number[] =>
      Array.from({ length: count }, (_, i) => (count === 1 ? h / 2 : top + ((h - 2 * top) * i) / (count - 1)));
    this.inputAt = spread(this.inputs.length, h * 0.25).map((y) => ({ x: left, y }));
    this.hiddenAt = spread(this.hidden.length, h * 0.2 + R * 0.4).map((y) => ({ x: left + (right - left) * 0.36, y }));
    this.unitAt = { x: left + (right - left) * 0.72, y: h / 2 };
    this.outputAt = { x: right, y: h / 2 };
    this.inputs.forEach((node, i) => node.layout(this.inputAt[i], r));
    this.hidden.forEach((node, j) => node.layout(this.hiddenAt[j], R));
    this.unit.layout(this.unitAt, R);
    this.output.layout(this.outputAt, r);
    this.scale = Math.max(0.75, r / 24);
    this.drawWires();
  }

  private drawWires(): void {
    const view = this.view;
    this.wires.clear();
    if (!view || this.hiddenAt.length !== view.hidden.length) return;
    const s = this.scale;
    view.hidden.forEach((h, j) => {
      view.inputs.forEach((b, i) => {
        const [a, z] = edgePoints(this.inputAt[i], this.inputs[i].radius, this.hiddenAt[j], this.hidden[j].radius + 4);
        drawConnection(this.wires, a, z, h.kinds[i], b.on, s);
      });
      const [a, z] = edgePoints(this.hiddenAt[j], this.hidden[j].radius, this.unitAt, this.unit.radius + 4);
      drawConnection(this.wires, a, z, view.unit.kinds[j], this.hiddenFires(j), s);
    });
    const [a, z] = edgePoints(this.unitAt, this.unit.radius + 4, this.outputAt, this.output.radius + 2);
    drawConnection(this.wires, a, z, 'excitatory', this.output.on, s, ink);
  }

  private hiddenFires(j: number): boolean {
    return this.hiddenShown[j] ?? false;
  }
}
