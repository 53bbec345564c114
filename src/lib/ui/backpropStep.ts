/**
 * How both backprop steps open: their view read from the link (or, without one, from
 * the step's start or the previous step's end), a network from the seed, and the
 * training the view names replayed on it, so the numbers are the ones that were shown.
 * The previous step's own network, when it is what the step opens on, is taken as it
 * stands.
 */
import { BackpropXorSim, type BackpropXorGoal, type BackpropXorStart, type UpdateMode } from '$lib/sim/BackpropXorSim.svelte';
import { backpropOpening, backpropValues, type backpropXorLink, type ledgerLink } from '$lib/sim/links/chapter4Links';
import type { LinkValues, ReadLink } from '$lib/sim/urlState';
import { readStepLink, type LinkPlace } from './stepLink';

type Table = typeof ledgerLink | typeof backpropXorLink;

export interface BackpropOpening<T extends Table> {
  readonly link: ReadLink<T>;
  readonly opening: LinkValues<T>;
  readonly sim: BackpropXorSim;
  /** resolves once the training the view names has been replayed and its sample is current */
  readonly restored: Promise<void>;
}

export function openBackpropStep<T extends Table>(table: T, place: LinkPlace, start: BackpropXorStart | undefined, goal: BackpropXorGoal | undefined): BackpropOpening<T> {
  const link = readStepLink(table, place);
  const { values: opening, named } = backpropOpening(link, backpropValues(start) as Partial<LinkValues<T>>);
  // the previous step's network, with the log it was trained by, carries on as it stands: no replay
  if (!named && start?.weights && start.log) {
    const sim = new BackpropXorSim(start, goal);
    return { link, opening, sim, restored: sim.ready };
  }
  const mode = 'mode' in opening ? (opening.mode as UpdateMode) : start?.mode;
  const sim = new BackpropXorSim({ seed: opening.seed, learningRate: start?.learningRate, mode, sample: opening.sample }, goal);
  const restored = sim.replay(opening.trained).then(() => sim.select(opening.sample));
  return { link, opening, sim, restored };
}
