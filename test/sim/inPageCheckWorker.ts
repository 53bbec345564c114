/**
 * A stand-in for the activation-check worker that checks in the page itself (jsdom and
 * Node have no Worker), replying on a later turn as a worker would. `hangs` names texts
 * it never answers, as a worker stuck on one would not; the counts say how many workers
 * were started and stopped.
 */
import { checkActivationText } from '../../src/lib/sim/activationCheck';
import type { CheckReply, CheckRequest, CheckWorkerFactory } from '../../src/lib/sim/ActivationChecker';

export interface InPageCheckWorkers {
  readonly factory: CheckWorkerFactory;
  readonly started: () => number;
  readonly terminated: () => number;
}

export function inPageCheckWorkers(options: { hangs?: (expression: string) => boolean; neverReady?: boolean } = {}): InPageCheckWorkers {
  let started = 0;
  let terminated = 0;
  const factory: CheckWorkerFactory = () => {
    started++;
    let alive = true;
    const fake = {
      onmessage: null as ((message: MessageEvent<CheckReply>) => void) | null,
      onerror: null,
      postMessage({ id, expression }: CheckRequest) {
        if (options.hangs?.(expression)) return;
        setTimeout(() => alive && fake.onmessage?.({ data: { type: 'checked', id, check: checkActivationText(expression) } } as MessageEvent<CheckReply>), 0);
      },
      terminate() {
        alive = false;
        terminated++;
      }
    };
    if (!options.neverReady) setTimeout(() => alive && fake.onmessage?.({ data: { type: 'ready' } } as MessageEvent<CheckReply>), 0);
    return fake as unknown as Worker;
  };
  return { factory, started: () => started, terminated: () => terminated };
}
