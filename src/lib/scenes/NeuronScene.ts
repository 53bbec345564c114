/**
 * One McCulloch–Pitts unit: inputs on the left, the unit in the middle, its output on
 * the right. When an input changes, pulses run from the active inputs to the unit,
 * the unit shows its new sum and lights up if it fires, and a pulse carries the
 * result to the output. With reduced motion it jumps straight to that end state.
 */
import { Container, Graphics, type Application, type Ticker } from 'pixi.js';
import { colors, hexToNumber } from '$lib/theme';
import { PulseTrack, type Cue, type Pulse } from './PulseTrack';
import { BitNode, UnitNode, drawConnection, edgePoints, type Point } from './thresholdParts';
import type { NeuronView, Scene, ToggleCallbacks } from './types';

const TRAVEL_MS = 450;
const OUTPUT_MS = 300;
const ink = hexToNumber(colors.ink);

export class NeuronScene implements Scene<NeuronView, ToggleCallbacks> {
  private app?: Application;
  private callbacks?: ToggleCallbacks;
  private readonly root = new Container();
  private readonly wires = new Graphics();
  private readonly pulseLayer = new Graphics();
  private readonly track = new PulseTrack(this.pulseLayer);
  private inputs: BitNode[] = [];
  private readonly unit = new UnitNode('unit');
  private output = new BitNode('C', 'right');
  private view?: NeuronView;
  private reduced = false;
  private width = 0;
  private height = 0;
  private inputAt: Point[] = [];
  private inputRadius = 20;

  private readonly onTick = (ticker: Ticker) => this.track.tick(ticker.deltaMS);

  create(app: Application, callbacks: ToggleCallbacks): void {
    this.app = app;
    this.callbacks = callbacks;
    this.root.addChild(this.wires, this.unit.container, this.output.container, this.pulseLayer);
    app.stage.addChild(this.root);
    app.ticker.add(this.onTick);
  }

  setReducedMotion(reduced: boolean): void {
    this.reduced = reduced;
    if (reduced) this.track.finish();
  }

  update(view: NeuronView): void {
    const previous = this.view;
    this.view = view;
    if (!previous || previous.inputs.length !== view.inputs.length || previous.output.name !== view.output.name) {
      this.rebuild(view);
    }
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

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.layout();
  }

  destroy(): void {
    this.app?.ticker.remove(this.onTick);
    this.root.destroy({ children: true });
    this.app = undefined;
  }

  private rebuild(view: NeuronView): void {
    for (const node of this.inputs) node.container.destroy({ children: true });
    this.inputs = view.inputs.map((b, i) => {
      const node = new BitNode(b.name, 'left', () => this.callbacks?.ontoggle(i));
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

  private layout(): void {
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
    this.track.scale = Math.max(0.8, r / 24);
    this.drawWires();
  }

  private drawWires(): void {
    const view = this.view;
    this.wires.clear();
    if (!view || this.inputAt.length !== view.inputs.length) return;
    const scale = this.track.scale;
    view.inputs.forEach((b, i) => {
      const [a, z] = edgePoints(this.inputAt[i], this.inputRadius, this.unitAt(), this.unit.radius + 4);
      drawConnection(this.wires, a, z, view.unit.kinds[i], b.on, scale);
    });
    const [a, z] = edgePoints(this.unitAt(), this.unit.radius + 4, this.outputAt(), this.output.radius + 2);
    drawConnection(this.wires, a, z, 'excitatory', this.output.on, scale, ink);
  }
}
