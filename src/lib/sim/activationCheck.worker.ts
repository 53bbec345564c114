/// <reference lib="webworker" />
/**
 * Checks typed activations away from the page, so that no expression can hold it: the
 * page stops this worker if an answer is late (see ActivationChecker).
 */
import { checkActivationText } from './activationCheck';
import type { CheckReply, CheckRequest } from './ActivationChecker';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (message: MessageEvent<CheckRequest>) => {
  const { id, expression } = message.data;
  scope.postMessage({ type: 'checked', id, check: checkActivationText(expression) } satisfies CheckReply);
};

// loading the parser takes a moment; the page starts its clock from here
scope.postMessage({ type: 'ready' } satisfies CheckReply);
