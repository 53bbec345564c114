/**
 * What both backprop panels do with the XOR network's picture: the edge or unit picked
 * in it (the ledger follows the pick), and the passes it plays. Whatever changes the
 * sample or the weights plays both passes again, so the picture always shows the
 * numbers it was handed.
 */
import { describeNetwork, type NetworkCallbacks, type NetworkPasses, type NetworkTarget, type NetworkView } from '$lib/scenes/networkView';
import type { BackpropXorSim } from '$lib/sim/BackpropXorSim.svelte';
import { networkViewOf } from './backpropViews';

export class NetworkPlayback {
  selected = $state<NetworkTarget | null>(null);
  play = $state<{ id: number; passes: NetworkPasses } | null>(null);
  readonly view: NetworkView | null;
  readonly description: string;
  readonly callbacks: NetworkCallbacks = {
    onedge: (edge) => (this.selected = edge),
    onnode: (node) => (this.selected = node)
  };
  private played = 0;

  /** `sim` is read on every use: a panel makes a fresh sim for each step */
  constructor(
    private readonly sim: () => BackpropXorSim,
    opening: { selected?: NetworkTarget; playing?: boolean } = {}
  ) {
    this.view = $derived(networkViewOf(this.sim(), this.selected, this.play));
    this.description = $derived(this.view ? describeNetwork(this.view) : 'The network is being computed.');
    this.selected = opening.selected ?? null;
    if (opening.playing) this.replay('both');
  }

  readonly replay = (passes: NetworkPasses): void => {
    this.play = { id: ++this.played, passes };
  };

  async pick(sample: number): Promise<void> {
    await this.sim().select(sample);
    this.replay('both');
  }

  async trainSample(): Promise<void> {
    await this.sim().stepSample();
    this.replay('both');
  }

  async reset(seed: number): Promise<void> {
    await this.sim().reset(seed);
    this.replay('both');
  }
}
