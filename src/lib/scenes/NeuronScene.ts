/**
 * One McCulloch–Pitts unit: inputs on the left, the unit in the middle, its output on
 * the right. When an input changes, pulses run from the active inputs to the unit,
 * the unit shows its new sum and lights up if it fires, and a pulse carries the
 * result to the output. With reduced motion it jumps straight to that end state.
 */
import { Graphics } from 'pixi.js';
import { SceneBase } from './SceneBase';
import { Track, type Cue } from './Track';
import { BitNode, UnitNode, drawConnection, drawPulse, edgePoints, type Point, type Pulse } from './thresholdParts';
import type { NeuronView, ToggleCallbacks } from './types';
import { ink } from './sceneStyle';

const TRAVEL_MS = 450;
const OUTPUT_MS = 300;

export class NeuronScene extends SceneBase<NeuronView, ToggleCallbacks> {
  private readonly wires = new Graphics();
  private readonly pulseLayer = new Graphics();
  /** pulse and line widths follow the stage's size */
  private scale = 1;
  private readonly track = new Track<Pulse>(this.pulseLayer, (g, pulse, at) => drawPulse(g, pulse, at, this.scale));
  private inputs: BitNode[] = [];
  private readonly unit = new UnitNode('unit');
  private output = new BitNode('C', 'right');
  private inputAt: Point[] = [];
  private inputRadius = 20;

  protected build(): void {
    this.root.addChild(this.wires, this.unit.container, this.output.container, this.pulseLayer);
  }

  protected tick(ms: number): void {
    this.track.tick(ms);
  }

  protected settle(): void {
    this.track.finish();
  }

  protected reshaped(previous: NeuronView, view: NeuronView): boolean {
    return previous.inputs.length !== view.inputs.length || previous.output.name !== view.output.name;
  }

  protected show(view: NeuronView, previous: NeuronView | undefined): void {
    view.inputs.forEach((b, i) => this.inputs[i].set(b.on));
    this.drawWires();

    const changed = previous?.inputs.some((b, i) => b.on !== view.inputs[i]?.on) ?? false;
    const settle = () => {
      this.unit.set(view.unit);
      this.output.set(view.output.on);
      this.drawWires();
    };
    if (!changed || this.reduced || !this.app) {
      this.track.finish();
      settle();
      return;
    }
    const pulses: Pulse[] = [];
    view.inputs.forEach((b, i) => {
      if (!b.on) return;
      const [from, to] = edgePoints(this.inputAt[i], this.inputRadius, this.unitAt(), this.unit.radius);
      pulses.push({ from, to, kind: view.unit.kinds[i], delay: 0, duration: TRAVEL_MS });
    });
    const arrive = pulses.length > 0 ? TRAVEL_MS : 0;
    const cues: Cue[] = [{ at: arrive, run: () => this.unit.set(view.unit) }];
    if (view.unit.fires) {
      const [from, to] = edgePoints(this.unitAt(), this.unit.radius, this.outputAt(), this.output.radius);
      pulses.push({ from, to, kind: 'excitatory', delay: arrive, duration: OUTPUT_MS });
      cues.push({ at: arrive + OUTPUT_MS, run: settle });
    } else {
      cues.push({ at: arrive, run: settle });
    }
    this.track.play(pulses, cues);
  }

  protected rebuild(view: NeuronView): void {
    for (const node of this.inputs) node.container.destroy({ children: true });
    this.inputs = view.inputs.map((b, i) => {
      const node = new BitNode(b.name, 'left', () => this.callbacks.ontoggle?.(i));
      this.root.addChildAt(node.container, 1);
      return node;
    });
    this.output.container.destroy({ children: true });
    this.output = new BitNode(view.output.name, 'right');
    this.root.addChildAt(this.output.container, 1);
    this.layout();
  }

  private unitAt(): Point {
    return { x: this.width * 0.5, y: this.height * 0.5 };
  }

  private outputAt(): Point {
    return { x: this.width - Math.max(16, this.width * 0.04) - this.output.radius - 40, y: this.height * 0.5 };
  }

  protected layout(): void {
    const { width: w, height: h } = this;
    if (w === 0 || h === 0) return;
    const n = Math.max(1, this.inputs.length);
    const r = Math.max(16, Math.min(30, w * 0.05, h / (n * 3.2)));
    const R = Math.max(34, Math.min(72, w * 0.13, h * 0.24));
    this.inputRadius = r;
    const left = Math.max(16, w * 0.04) + 40 + r;
    const top = h * 0.14 + r;
    const span = h - 2 * top;
    this.inputAt = this.inputs.map((_, i) => ({ x: left, y: n === 1 ? h / 2 : top + (span * i) / (n - 1) }));
    this.inputs.forEach((node, i) => node.layout(this.inputAt[i], r));
    this.unit.layout(this.unitAt(), R);
    this.output.layout(this.outputAt(), r);
    this.scale = Math.max(0.8, r / 24);
    this.drawWires();
  }

  private drawWires(): void {
    const view = this.view;
    this.wires.clear();
    if (!view || this.inputAt.length !== view.inputs.length) return;
    const scale = this.scale;
    view.inputs.forEach((b, i) => {
      const [a, z] = edgePoints(this.inputAt[i], this.inputRadius, this.unitAt(), this.unit.radius + 4);
      drawConnection(this.wires, a, z, view.unit.kinds[i], b.on, scale);
    });
    const [a, z] = edgePoints(this.unitAt(), this.unit.radius + 4, this.outputAt(), this.output.radius + 2);
    drawConnection(this.wires, a, z, 'excitatory', this.output.on, scale, ink);
  }
}
